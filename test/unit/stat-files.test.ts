// /proc/PID/stat kept open and read with pread (host/procfs/stat-files.ts): each read is
// the process's text of now, a process that ended reads as gone, and idle files close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isVanished } from '../../src/host/errors.js';
import { parseStat } from '../../src/host/procfs/stat.js';
import { IDLE_TICKS, isProcMount, StatFiles } from '../../src/host/procfs/stat-files.js';
import { keptFdPool, keptFdShare } from '../../src/host/kept-fds.js';
import { openFileLimit } from '../../src/host/open-file-limit.js';

const utime = (text: string): number => parseStat(text).utime + parseStat(text).stime;

test('a kept stat file gives the text of now on every read', () => {
  assert.ok(isProcMount('/proc'));
  let tick = 1;
  const files = new StatFiles('/proc', true, () => tick);
  try {
    const before = utime(files.read(process.pid));
    assert.equal(files.count, 1);
    // burn CPU until the kernel's count moves: the condition, not a duration
    let after = before;
    while (after === before) {
      for (let i = 0; i < 1e6; i++) Math.sqrt(i);
      after = utime(files.read(process.pid));
    }
    assert.equal(files.count, 1, 'read through the same kept fd');
    assert.ok(after > before);
    assert.equal(files.read(process.pid).split(' ')[0], String(process.pid));
  } finally {
    files.close();
  }
});

test('a process that ended reads as gone, its fd closed; idle files are closed after IDLE_TICKS', async () => {
  let tick = 1;
  const files = new StatFiles('/proc', true, () => tick);
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  try {
    const pid = child.pid!;
    assert.match(files.read(pid), new RegExp(`^${pid} \\(sleep\\) `));
    files.read(process.pid);
    assert.equal(files.count, 2);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.throws(() => files.read(pid), (err: unknown) => isVanished(err));
    assert.equal(files.count, 1);
    tick += IDLE_TICKS + 11;
    files.read(1); // a read sweeps the idle ones now and then
    assert.equal(files.count, 1, 'only the file just read is left');
  } finally {
    child.kill('SIGKILL');
    files.close();
  }
});

test('past its bound, and on a tree that is not procfs, files are read by path and not kept', () => {
  const full = new StatFiles('/proc', true, () => 1, 1);
  const plain = new StatFiles('/proc', false, () => 1);
  try {
    full.read(process.pid);
    assert.equal(parseStat(full.read(1)).starttime, parseStat(readFileSync('/proc/1/stat', 'utf8')).starttime);
    assert.equal(full.count, 1);
    plain.read(process.pid);
    assert.equal(plain.count, 0);
  } finally {
    full.close();
    plain.close();
  }
});

test('stat files get room for a process each where the tasks are half the open-file limit, within the kept pool', () => {
  // the bench's 10,000 processes under this VM's 20,000-file limit: an even split (8,000
  // each) left ~2,000 processes read by path every time they were due
  const limit = openFileLimit();
  assert.ok(keptFdShare('stat') >= Math.floor(limit / 2), `stat files ${keptFdShare('stat')} of ${limit}`);
  assert.ok(keptFdShare('stat') + keptFdShare('cgroup') <= keptFdPool(), 'the two kinds together stay inside the pool');
  assert.equal(keptFdShare('cgroup', 10), Math.min(10, keptFdShare('cgroup')));
});
