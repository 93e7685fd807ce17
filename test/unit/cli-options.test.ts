import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/commands.js';
import { parseInterval, parsePid, useUnicode } from '../../src/cli/options.js';
import { renderTable } from '../../src/cli/table.js';
import { formatBytes as bytes, jsonNumber } from '../../src/model/format.js';

test('parseInterval accepts s, ms, m and plain seconds', () => {
  assert.equal(parseInterval('1s'), 1000);
  assert.equal(parseInterval('500ms'), 500);
  assert.equal(parseInterval('0.5s'), 500);
  assert.equal(parseInterval('2'), 2000);
  assert.equal(parseInterval('1m'), 60000);
});

test('parseInterval refuses garbage and out-of-range values with one line', () => {
  for (const bad of ['', 'abc', '-1', '1.5.5s', '10us', '50ms', '2h', '1e3']) {
    assert.throws(() => parseInterval(bad), (e: unknown) => e instanceof UsageError && !(e as Error).message.includes('\n'), bad);
  }
});

test('parsePid takes positive integers only', () => {
  assert.equal(parsePid('42'), 42);
  assert.equal(parsePid(undefined), undefined);
  for (const bad of ['0', '-3', '4x', '99999999', ' 1']) assert.throws(() => parsePid(bad), UsageError, bad);
});

test('unicode follows LC_ALL, then LC_CTYPE, then LANG', () => {
  assert.equal(useUnicode({ LANG: 'C.UTF-8' }), true);
  assert.equal(useUnicode({ LANG: 'en_US.utf8' }), true);
  assert.equal(useUnicode({ LC_ALL: 'C', LANG: 'C.UTF-8' }), false);
  assert.equal(useUnicode({}), false);
  assert.equal(useUnicode({ LC_CTYPE: 'POSIX' }), false);
});

test('renderTable pads columns and leaves the last one free', () => {
  const out = renderTable(
    [{ a: 'x', n: 5, c: 'long command here' }, { a: 'yyyy', n: 123, c: '' }],
    [
      { title: 'A', value: (r) => r.a },
      { title: 'N', align: 'right', value: (r) => String(r.n) },
      { title: 'CMD', value: (r) => r.c },
    ],
  );
  assert.equal(out, 'A      N CMD\nx      5 long command here\nyyyy 123\n');
});

test('bytes and JSON numbers: n/a, max, units', () => {
  assert.equal(bytes(undefined), 'n/a');
  assert.equal(bytes(Infinity), 'max');
  assert.equal(bytes(512), '512B');
  assert.equal(bytes(64 * 1024 * 1024), '64.0MiB');
  assert.equal(jsonNumber(Infinity), 'max');
  assert.equal(jsonNumber(undefined), null);
  assert.equal(jsonNumber(0), 0);
});
