// Cgroup files kept open between reads (src/host/cgroup/kept-files.ts) on the host's real
// cgroupfs: fresh content on every read, a removed group reads as gone, one made again
// under the same name is found, idle files are closed, and plain directories (fixture
// trees) are never kept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectCgroupLayout } from '../../src/host/cgroup/detect.js';
import { readOptional } from '../../src/host/cgroup/files.js';
import { closeKeptFiles, IDLE_TICKS, keepFilesUnder, keptFileCount, readCgroupText, SWEEP_EVERY, sweepKeptFiles } from '../../src/host/cgroup/kept-files.js';
import { isRoot, skipReason } from '../helpers/root.js';

const layout = detectCgroupLayout();
const mount = layout.unified ?? layout.v1['pids'];
const skip = skipReason(!isRoot && 'needs root (makes a cgroup)', !mount && 'no cgroup2 or v1 pids mount');

test('a kept file reads fresh each time; a removed group reads as gone; remade, it is found again', { skip }, async () => {
  const dir = join(mount!, `nstop-test-kept-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    assert.equal(keepFilesUnder(mount!), true, `${mount} is a cgroup filesystem`);
    closeKeptFiles();
    assert.equal(readOptional(dir, 'cgroup.procs'), '');
    assert.equal(keptFileCount(), 1, 'kept open after the first read');
    writeFileSync(join(dir, 'cgroup.procs'), String(sleeper.pid));
    assert.equal(readOptional(dir, 'cgroup.procs'), `${sleeper.pid}\n`, 'the same fd shows the new member');
    assert.equal(keptFileCount(), 1);
    writeFileSync(join(mount!, 'cgroup.procs'), String(sleeper.pid)); // back to the root group
    rmdirSync(dir);
    assert.throws(() => readOptional(dir, 'cgroup.procs'), (e: NodeJS.ErrnoException) => e.code === 'ENOENT', 'gone reads as ENOENT');
    assert.equal(keptFileCount(), 0, 'the dead fd was closed');
    mkdirSync(dir);
    assert.equal(readOptional(dir, 'cgroup.procs'), '', 'the group made again under the same name');
    for (let i = 0; i < IDLE_TICKS; i++) sweepKeptFiles();
    assert.equal(keptFileCount(), 1, `still kept after ${IDLE_TICKS} idle ticks`);
    for (let i = 0; i < SWEEP_EVERY; i++) sweepKeptFiles();
    assert.equal(keptFileCount(), 0, `closed within ${IDLE_TICKS + SWEEP_EVERY}`);
  } finally {
    const gone = new Promise((r) => sleeper.once('exit', r));
    sleeper.kill('SIGKILL');
    if (sleeper.exitCode === null && sleeper.signalCode === null) await gone;
    closeKeptFiles();
    if (existsSync(dir)) rmdirSync(dir);
  }
});

test('files under a plain directory are read afresh, never kept', () => {
  const root = mkdtempSync(join(tmpdir(), 'nstop-kept-'));
  try {
    assert.equal(keepFilesUnder(root), false);
    closeKeptFiles();
    const file = join(root, 'cpu.stat');
    writeFileSync(file, 'usage_usec 1\n');
    assert.equal(readCgroupText(file), 'usage_usec 1\n');
    assert.equal(keptFileCount(), 0);
    // a fixture swapped by rename: an fd kept open would still read the old file
    writeFileSync(join(root, 'next'), 'usage_usec 2\n');
    renameSync(join(root, 'next'), file);
    assert.equal(readCgroupText(file), 'usage_usec 2\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
