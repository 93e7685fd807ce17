// Cgroup files kept open between reads (src/host/cgroup/kept-files.ts, owned by a driver's
// CgroupFiles) on the host's real cgroupfs: fresh content on every read, a removed group
// reads as gone, one made again under the same name is found, idle files are closed by the
// owner's clock, and plain directories (fixture trees) are never kept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectCgroupLayout } from '../../src/host/cgroup/detect.js';
import { CgroupFiles } from '../../src/host/cgroup/files.js';
import { IDLE_TICKS, isCgroupMount, SWEEP_EVERY } from '../../src/host/cgroup/kept-files.js';
import { isRoot, skipReason } from '../helpers/root.js';

const layout = detectCgroupLayout();
const mount = layout.unified ?? layout.v1['pids'];
const skip = skipReason(!isRoot && 'needs root (makes a cgroup)', !mount && 'no cgroup2 or v1 pids mount');

test('a kept file reads fresh each time; a removed group reads as gone; remade, it is found again', { skip }, async () => {
  const dir = join(mount!, `nstop-test-kept-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  let tick = 0;
  const f = new CgroupFiles({ mounts: [mount!], clock: () => tick });
  // a read outside the mount (never kept) is what lets the owner look for idle files
  const other = mkdtempSync(join(tmpdir(), 'nstop-kept-'));
  writeFileSync(join(other, 'x'), 'x');
  try {
    assert.equal(isCgroupMount(mount!), true, `${mount} is a cgroup filesystem`);
    assert.equal(f.readOptional(dir, 'cgroup.procs'), '');
    assert.equal(f.keptCount, 1, 'kept open after the first read');
    writeFileSync(join(dir, 'cgroup.procs'), String(sleeper.pid));
    assert.equal(f.readOptional(dir, 'cgroup.procs'), `${sleeper.pid}\n`, 'the same fd shows the new member');
    assert.equal(f.keptCount, 1);
    writeFileSync(join(mount!, 'cgroup.procs'), String(sleeper.pid)); // back to the root group
    rmdirSync(dir);
    assert.throws(() => f.readOptional(dir, 'cgroup.procs'), (e: NodeJS.ErrnoException) => e.code === 'ENOENT', 'gone reads as ENOENT');
    assert.equal(f.keptCount, 0, 'the dead fd was closed');
    mkdirSync(dir);
    assert.equal(f.readOptional(dir, 'cgroup.procs'), '', 'the group made again under the same name');
    tick = IDLE_TICKS;
    f.readText(join(other, 'x'));
    assert.equal(f.keptCount, 1, `still kept after ${IDLE_TICKS} idle ticks`);
    tick = IDLE_TICKS + SWEEP_EVERY;
    f.readText(join(other, 'x'));
    assert.equal(f.keptCount, 0, `closed within ${IDLE_TICKS + SWEEP_EVERY}`);
    assert.equal(f.readOptional(dir, 'cgroup.procs'), '');
    f.close();
    assert.equal(f.keptCount, 0, 'closed with its owner');
  } finally {
    const gone = new Promise((r) => sleeper.once('exit', r));
    sleeper.kill('SIGKILL');
    if (sleeper.exitCode === null && sleeper.signalCode === null) await gone;
    f.close();
    rmSync(other, { recursive: true, force: true });
    if (existsSync(dir)) rmdirSync(dir);
  }
});

test('files under a plain directory are read afresh, never kept', () => {
  const root = mkdtempSync(join(tmpdir(), 'nstop-kept-'));
  const f = new CgroupFiles({ mounts: [root], clock: () => 1 });
  try {
    assert.equal(isCgroupMount(root), false);
    const file = join(root, 'cpu.stat');
    writeFileSync(file, 'usage_usec 1\n');
    assert.equal(f.readText(file), 'usage_usec 1\n');
    assert.equal(f.keptCount, 0);
    // a fixture swapped by rename: an fd kept open would still read the old file
    writeFileSync(join(root, 'next'), 'usage_usec 2\n');
    renameSync(join(root, 'next'), file);
    assert.equal(f.readText(file), 'usage_usec 2\n');
  } finally {
    f.close();
    rmSync(root, { recursive: true, force: true });
  }
});
