// Raw terminal input -> key names, and the keymap table's own consistency.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeKeys } from '../../src/ui/key-decode.js';
import { bindingFor, fkeyItems, KEYMAP, keyLabel } from '../../src/ui/keymap.js';

test('decodeKeys: F-keys in xterm, VT and linux-console forms', () => {
  assert.deepEqual(decodeKeys('\u001bOP'), ['f1']);
  assert.deepEqual(decodeKeys('\u001b[11~'), ['f1']);
  assert.deepEqual(decodeKeys('\u001b[[A'), ['f1']);
  assert.deepEqual(decodeKeys('\u001bOR\u001b[13~\u001bOS\u001b[14~'), ['f3', 'f3', 'f4', 'f4']);
  assert.deepEqual(decodeKeys('\u001b[15~\u001b[17~\u001b[20~\u001b[21~'), ['f5', 'f6', 'f9', 'f10']);
  assert.deepEqual(decodeKeys('\u001b[15;2~'), ['f5'], 'Shift-F5 is F5');
});

test('decodeKeys: arrows, paging, Home/End in every form, Shift-Tab, modifiers', () => {
  assert.deepEqual(decodeKeys('\u001b[A\u001b[B\u001bOA\u001bOB'), ['up', 'down', 'up', 'down']);
  assert.deepEqual(decodeKeys('\u001b[5~\u001b[6~'), ['pageup', 'pagedown']);
  assert.deepEqual(decodeKeys('\u001b[H\u001b[1~\u001bOH\u001b[7~'), ['home', 'home', 'home', 'home']);
  assert.deepEqual(decodeKeys('\u001b[F\u001b[4~\u001bOF\u001b[8~'), ['end', 'end', 'end', 'end']);
  assert.deepEqual(decodeKeys('\u001b[1;5A'), ['up'], 'Ctrl-Up is Up');
  assert.deepEqual(decodeKeys('\u001b[Z'), ['shift-tab']);
  assert.deepEqual(decodeKeys('\u001b\u001b[A'), ['up'], 'Meta-Up is Up');
});

test('decodeKeys: Esc alone, Esc then a key in one read, unknown sequences dropped', () => {
  assert.deepEqual(decodeKeys('\u001b'), ['escape']);
  assert.deepEqual(decodeKeys('\u001b1'), ['escape', '1']);
  assert.deepEqual(decodeKeys('\u001b[99~x'), ['x']);
});

test('decodeKeys: several plain keys in one read, Enter, Space, Backspace, Unicode', () => {
  assert.deepEqual(decodeKeys('1\r'), ['1', 'enter']);
  assert.deepEqual(decodeKeys('a b\u007f\b'), ['a', 'space', 'b', 'backspace', 'backspace']);
  assert.deepEqual(decodeKeys('\tq\n'), ['tab', 'q', 'enter']);
  assert.deepEqual(decodeKeys('ü😀'), ['ü', '😀']);
  assert.deepEqual(decodeKeys('\u0003\u0001'), [], 'control bytes are not keys (Ctrl-C is Ink\'s)');
});

test('keymap: every key bound once, every binding reachable, htop keys where htop has them', () => {
  const all = KEYMAP.flatMap((b) => b.keys);
  assert.equal(new Set(all).size, all.length, 'no key bound twice');
  for (const b of KEYMAP) for (const k of b.keys) assert.equal(bindingFor(k), b);
  const action = (k: string) => bindingFor(k)?.action;
  assert.deepEqual(['f1', '?', 'f3', '/', 'f4', '\\', 'f5', 't', 'f6', '>', '<', 'I', 'f9', 'k', 'f10', 'q', 'space', 'enter', 'escape', 'tab', 'shift-tab'].map(action),
    ['help', 'help', 'search', 'search', 'filter', 'filter', 'tree', 'tree', 'sortNext', 'sortNext', 'sortPrev', 'sortInvert', 'kill', 'kill', 'quit', 'quit', 'tag', 'drill', 'back', 'nextView', 'prevView']);
  assert.equal(action('j'), undefined);
});

test('the F-key bar comes from the keymap, in F-key order', () => {
  assert.deepEqual(fkeyItems().map((i) => `${i.key}${i.label}`), ['F1Help', 'F2Setup', 'F3Search', 'F4Filter', 'F5Tree', 'F6SortBy', 'F7Launch', 'F8Remove', 'F9Kill', 'F10Quit']);
  assert.equal(keyLabel('pagedown'), 'PgDn');
  assert.equal(keyLabel('f10'), 'F10');
  assert.equal(keyLabel('\\'), '\\');
});
