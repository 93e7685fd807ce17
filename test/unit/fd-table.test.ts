import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reserveFdTable } from '../../native/fd-table.js';
import { fdTableTarget, keptFdPool } from '../../src/host/kept-fds.js';
import { openFileLimit } from '../../src/host/open-file-limit.js';

const fdSize = (): number => Number(/^FDSize:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const reserve = (n: number): Promise<number | undefined> => new Promise((r) => reserveFdTable(n, r));

// above the table's size now, whatever ran in this process before
const want = Math.min(Math.max(4000, fdSize() * 4), openFileLimit() - 1);
const room = want > fdSize() ? false : `the open-file limit (${openFileLimit()}) leaves no room above the table (${fdSize()})`;

test('the fd table grows to the size asked for in one call, and the copy it made is closed', { skip: room }, async () => {
  const reached = await reserve(want);
  assert.ok(reached !== undefined && reached >= want - 1, `reached ${reached}`);
  assert.ok(fdSize() >= want, `FDSize ${fdSize()} after asking for ${want}`);
  assert.throws(() => fstatSync(reached!), /EBADF/);
});

test('past the open-file limit: undefined, and nothing is left open', async () => {
  const before = fdSize();
  assert.equal(await reserve(openFileLimit() + 10), undefined);
  assert.equal(fdSize(), before);
});

test('the target: two fds a task within the pool, from loadavg; undefined when unreadable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-fdtable-'));
  try {
    // a real line: runnable/all tasks in the 4th field
    writeFileSync(join(dir, 'loadavg'), '16.07 19.81 8.69 2/1000 13019\n');
    assert.equal(fdTableTarget(dir), Math.min(Math.min(keptFdPool(), 2000) + 256, openFileLimit() - 1));
    writeFileSync(join(dir, 'loadavg'), '16.07 19.81 8.69 2/900000 13019\n');
    assert.equal(fdTableTarget(dir), Math.min(keptFdPool() + 256, openFileLimit() - 1));
    writeFileSync(join(dir, 'loadavg'), 'garbage\n');
    assert.equal(fdTableTarget(dir), undefined);
    rmSync(join(dir, 'loadavg'));
    assert.equal(fdTableTarget(dir), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
