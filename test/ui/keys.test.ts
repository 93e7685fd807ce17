import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionFor, decodeRaw, KEYMAP } from '../../src/ui/keymap.js';

test('decodeRaw: F-keys in xterm and VT forms, arrows, paging, modifiers', () => {
  assert.deepEqual(decodeRaw('\u001bOP'), ['f1']);
  assert.deepEqual(decodeRaw('\u001b[11~'), ['f1']);
  assert.deepEqual(decodeRaw('\u001b[15~\u001b[17~\u001b[20~\u001b[21~'), ['f5', 'f6', 'f9', 'f10']);
  assert.deepEqual(decodeRaw('\u001b[A\u001b[B\u001b[5~\u001b[6~\u001b[H\u001b[F'), ['up', 'down', 'pageup', 'pagedown', 'home', 'end']);
  assert.deepEqual(decodeRaw('\u001b[1;5A'), ['up']);
  assert.deepEqual(decodeRaw('\u001b[Z'), ['shift-tab']);
  assert.deepEqual(decodeRaw('\u001b'), ['escape']);
});

test('decodeRaw: several plain keys in one read, Enter, Space, Backspace, Unicode', () => {
  assert.deepEqual(decodeRaw('1\r'), ['1', 'enter']);
  assert.deepEqual(decodeRaw('a b\u007f'), ['a', 'space', 'b', 'backspace']);
  assert.deepEqual(decodeRaw('\tq'), ['tab', 'q']);
  assert.deepEqual(decodeRaw('ü'), ['ü']);
  assert.deepEqual(decodeRaw('\u0003'), []); // Ctrl-C is Ink's
});

test('every binding resolves, and no key is bound twice', () => {
  const all = KEYMAP.flatMap((b) => b.keys);
  assert.equal(new Set(all).size, all.length);
  for (const b of KEYMAP) for (const k of b.keys) assert.equal(actionFor(k), b.action);
  assert.equal(actionFor('f9'), 'kill');
  assert.equal(actionFor('k'), 'kill');
});
