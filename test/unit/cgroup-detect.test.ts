// Layout detection on the three fixture trees, on scratch trees, and on this machine.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createCgroupDriver, detectCgroupLayout, refFromMembership } from '../../src/host/cgroup/index.js';
import type { CgroupMode, CgroupRef } from '../../src/host/cgroup/types.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { fixture } from '../helpers/paths.js';

describe('detectCgroupLayout on fixture trees', () => {
  test('v2: cgroup.controllers at the root', () => {
    const root = fixture('cgroup-v2');
    assert.deepEqual(detectCgroupLayout(root), {
      mode: 'v2', root, v1: {}, unified: root, v2Controllers: ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'],
    });
  });

  test('v1: co-mounted cpu,cpuacct maps both names to one dir; symlinks do not win', () => {
    const root = fixture('cgroup-v1');
    const l = detectCgroupLayout(root);
    assert.equal(l.mode, 'v1');
    assert.equal(l.unified, undefined);
    assert.deepEqual(l.v1, {
      cpu: join(root, 'cpu,cpuacct'), cpuacct: join(root, 'cpu,cpuacct'), freezer: join(root, 'freezer'),
      memory: join(root, 'memory'), pids: join(root, 'pids'), 'name=systemd': join(root, 'systemd'),
    });
  });

  test('hybrid: separate cpu and cpuacct, name=systemd, unified with hugetlb only', () => {
    const root = fixture('cgroup-hybrid');
    const l = detectCgroupLayout(root);
    assert.equal(l.mode, 'hybrid');
    assert.equal(l.unified, join(root, 'unified'));
    assert.deepEqual(l.v2Controllers, ['hugetlb']);
    assert.deepEqual(Object.keys(l.v1).sort(), ['blkio', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'memory', 'name=systemd', 'pids']);
    assert.equal(l.v1['cpu'], join(root, 'cpu'));
    assert.equal(l.v1['cpuacct'], join(root, 'cpuacct'));
    assert.equal(l.v1['name=systemd'], join(root, 'systemd'));
  });
});

describe('detectCgroupLayout on scratch trees', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'nstop-detect-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const hierarchy = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cgroup.procs'), '1\n');
  };

  test('only symlinks name a controller: they still map (cpuacct -> cpu,cpuacct)', () => {
    const root = join(scratch, 'links');
    hierarchy(join(root, 'cpuacct,cpu'));
    symlinkSync('cpuacct,cpu', join(root, 'cpuacct'));
    hierarchy(join(root, 'net_cls,net_prio'));
    symlinkSync('net_cls,net_prio', join(root, 'net_cls'));
    hierarchy(join(root, 'elogind'));
    mkdirSync(join(root, 'not-a-hierarchy'));
    writeFileSync(join(root, 'stray-file'), '');
    const l = detectCgroupLayout(root);
    assert.equal(l.mode, 'v1');
    assert.deepEqual(l.v1, {
      cpu: join(root, 'cpuacct,cpu'), cpuacct: join(root, 'cpuacct,cpu'),
      net_cls: join(root, 'net_cls,net_prio'), net_prio: join(root, 'net_cls,net_prio'),
      'name=elogind': join(root, 'elogind'),
    });
  });

  test('a missing root is v1 with no hierarchies: every read is n/a', () => {
    const l = detectCgroupLayout(join(scratch, 'nothing-here'));
    assert.deepEqual(l, { mode: 'v1', root: join(scratch, 'nothing-here'), v1: {}, v2Controllers: [] });
    assert.deepEqual(createCgroupDriver(l.root).readStats({ v1: { memory: '/' }, unified: '/' }).memory, {});
  });

  test('a unified dir without cgroup.controllers is not a cgroup2 mount', () => {
    const root = join(scratch, 'fake-unified');
    hierarchy(join(root, 'memory'));
    mkdirSync(join(root, 'unified'));
    assert.equal(detectCgroupLayout(root).mode, 'v1');
  });
});

/** What /proc/self/mountinfo says, to check detection against: cgroup2 at the root ->
 *  v2, at <root>/unified -> hybrid, else v1; and each v1 mount's controllers. */
function fromMountinfo(root: string): { mode: CgroupMode; v1: Record<string, string> } {
  const v1: Record<string, string> = {};
  let mode: CgroupMode = 'v1';
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    // "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu"
    const [left, right] = line.split(' - ');
    const mountPoint = left?.split(' ')[4];
    const [fsType, , superOpts] = right?.split(' ') ?? [];
    if (mountPoint === undefined) continue;
    if (fsType === 'cgroup2' && mountPoint === root) mode = 'v2';
    if (fsType === 'cgroup2' && mountPoint === join(root, 'unified') && mode !== 'v2') mode = 'hybrid';
    if (fsType === 'cgroup' && mountPoint.startsWith(root + '/')) {
      for (const opt of superOpts?.split(',') ?? []) if (!['rw', 'ro', 'xattr', 'clone_children', 'nsdelegate'].includes(opt) && !opt.startsWith('release_agent=')) v1[opt] = mountPoint;
    }
  }
  return { mode, v1 };
}

const REAL = '/sys/fs/cgroup';
describe('this machine', { skip: !existsSync(REAL) && 'no /sys/fs/cgroup' }, () => {
  const expected = fromMountinfo(REAL);

  test(`detects what mountinfo says (${expected.mode}; the development machine is hybrid)`, () => {
    const l = detectCgroupLayout(REAL);
    assert.equal(l.mode, expected.mode);
    for (const [ctrl, dir] of Object.entries(expected.v1)) assert.equal(l.v1[ctrl], dir, ctrl);
    if (l.mode === 'hybrid') assert.equal(l.unified, join(REAL, 'unified'));
  });

  const driver = createCgroupDriver(REAL);
  const own = refFromMembership(parseCgroupFile(readFileSync('/proc/self/cgroup', 'utf8'), '/proc/self/cgroup'));

  test('reads the groups of this process without throwing', () => {
    const s = driver.readStats(own);
    if (driver.layout.v1['memory'] !== undefined || driver.layout.v2Controllers.includes('memory')) assert.ok((s.memory.current ?? 0) > 0, 'memory.current');
    if (driver.layout.v1['cpuacct'] !== undefined || driver.layout.unified !== undefined) assert.ok((s.cpu.usageUsec ?? 0) > 0, 'cpu usage');
    if (existsSync('/proc/pressure/cpu') && driver.layout.unified !== undefined) assert.ok(s.psi.cpu !== undefined, 'PSI');
    assert.ok(s.memoryFormula.length > 0);
  });

  test('reads the root-level group of each hierarchy this process is in', () => {
    const root: CgroupRef = { v1: Object.fromEntries(Object.keys(own.v1).map((c) => [c, '/'])), unified: own.unified === undefined ? undefined : '/' };
    const s = driver.readStats(root);
    // hierarchy roots have no limit files (v2, v1 pids) or "unlimited" (v1 memory)
    assert.ok(s.memory.max === undefined || s.memory.max === Infinity, `memory.max ${s.memory.max}`);
    assert.equal(s.pids.max, undefined);
    assert.ok(s.cpu.limitCpus === undefined || s.cpu.limitCpus === Infinity);
  });
});
