// The log pane's reader: the tail only, a cut first line dropped, escapes removed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanLine, tailLines } from '../../src/act/log-tail.js';

test('tailLines: the last n lines; no file is undefined', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-log-'));
  try {
    const log = join(dir, 'log');
    writeFileSync(log, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
    assert.deepEqual(tailLines(log, 3), ['line 47', 'line 48', 'line 49']);
    // only 20 bytes read: the partial first line is dropped
    assert.deepEqual(tailLines(log, 10, 20), ['line 48', 'line 49']);
    writeFileSync(log, '');
    assert.deepEqual(tailLines(log, 3), []);
    assert.equal(tailLines(join(dir, 'none'), 3), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cleanLine: colours, cursor moves and control characters never reach the screen', () => {
  assert.equal(cleanLine('\x1b[31mred\x1b[0m text'), 'red text');
  assert.equal(cleanLine('a\x1b[2J\x1b[Hb\rc\x07'), 'abc');
  assert.equal(cleanLine('tab\there'), 'tab  here');
});
