// Limits set on a group above the container's (issue 20): the tightest of the group's
// own and its ancestors' (root excluded) is the container's, with the group it comes
// from. Scratch cgroup trees hold what the kernel prints; the nspawn split is what
// systemd-nspawn 252 --keep-unit makes on pure v2 (<unit>/payload, <unit>/supervisor).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createCgroupDriver, refFromMembership } from '../../src/host/cgroup/index.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { ancestorPaths, withAncestorLimits } from '../../src/model/effective-limits.js';
import { groupContainers } from '../../src/model/group.js';
import { createAncestorLimits, REREAD_TICKS } from '../../src/sampler/ancestor-limits.js';
import { HOST_NS, proc } from '../helpers/model-procs.js';

const scratch = mkdtempSync(join(tmpdir(), 'nstop-limits-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
function tree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
const ref = (text: string) => refFromMembership(parseCgroupFile(text, 'test'));
const MiB = 2 ** 20;

test('ancestors of a cgroup path: nearest first, neither itself nor the root', () => {
  assert.deepEqual(ancestorPaths('/kubepods.slice/kubepods-pod1.slice/cri-containerd-a.scope'), ['/kubepods.slice/kubepods-pod1.slice', '/kubepods.slice']);
  assert.deepEqual(ancestorPaths('/box'), []);
});

test('the tightest limit wins; a looser or absent ancestor leaves the own one', () => {
  const own = { memory: { max: 64 * MiB }, pids: { max: Infinity }, cpu: { limitCpus: 2 }, psi: {}, memoryFormula: '' };
  const r = withAncestorLimits(own, {
    memory: [{ path: '/a/b', limit: 128 * MiB }],
    pids: [{ path: '/a/b', limit: 500 }, { path: '/a', limit: 100 }],
    cpus: [{ path: '/a', limit: 0.5 }],
  });
  assert.deepEqual([r.stats.memory.max, r.stats.pids.max, r.stats.cpu.limitCpus], [64 * MiB, 100, 0.5]);
  assert.deepEqual(r.from, { pids: '/a', cpu: '/a' });
  assert.equal(own.pids.max, Infinity, 'the read stats are not changed');
  assert.equal(withAncestorLimits(own, { memory: [], pids: [], cpus: [] }).from, undefined);
});

describe('pure v2: Kubernetes pod slice and nspawn machine scope', () => {
  const POD = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f5d5a8e_1b2c_4d3e_8f9a_0b1c2d3e4f50.slice';
  const CTR = `${POD}/cri-containerd-${'c1'.repeat(32)}.scope`;
  const MACHINE = '/machine.slice/machine-web.scope';
  const root = tree('v2', {
    'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n', 'cgroup.procs': '',
    // kubelet: the node's allocatable on kubepods.slice, the pod's sums on its slice;
    // the container's scope here has none of its own (pod-level resources)
    'kubepods.slice/memory.max': '3945889792\n', 'kubepods.slice/pids.max': 'max\n', 'kubepods.slice/cpu.max': 'max 100000\n',
    [`${POD}/memory.max`]: '134217728\n', [`${POD}/pids.max`]: '4096\n', [`${POD}/cpu.max`]: '50000 100000\n',
    [`${CTR}/cgroup.procs`]: '', [`${CTR}/memory.current`]: '20971520\n', [`${CTR}/memory.max`]: 'max\n', [`${CTR}/pids.max`]: 'max\n', [`${CTR}/cpu.max`]: 'max 100000\n',
    // systemd-nspawn -M web (machined): MemoryMax=64M TasksMax=20 CPUQuota=20% on the scope
    [`${MACHINE}/memory.max`]: '67108864\n', [`${MACHINE}/pids.max`]: '20\n', [`${MACHINE}/cpu.max`]: '20000 100000\n',
    [`${MACHINE}/payload/cgroup.procs`]: '', [`${MACHINE}/supervisor/cgroup.procs`]: '',
  });

  test('a container without limits of its own shows its pod slice\'s, and says so', () => {
    const driver = createCgroupDriver(root);
    const apply = createAncestorLimits(driver);
    const g = { id: 'kubernetes:c1', ref: ref(`0::${CTR}\n`) };
    const r = apply([g], new Map([[g.id, driver.readStats(g.ref)]]));
    const s = r.stats.get(g.id)!;
    assert.deepEqual([s.memory.max, s.pids.max, s.cpu.limitCpus, s.memory.current], [128 * MiB, 4096, 0.5, 20 * MiB]);
    assert.deepEqual(r.limitFrom.get(g.id), { memory: POD, pids: POD, cpu: POD });
  });

  test('nspawn on pure v2: the machine scope is the container, nspawn in /supervisor one of it, its limits its own', () => {
    const payload = parseCgroupFile(`0::${MACHINE}/payload\n`, 'test');
    const supervisor = parseCgroupFile(`0::${MACHINE}/supervisor\n`, 'test');
    const ns = { ...HOST_NS, pid: 4026532700, mnt: 4026532699 };
    const groups = groupContainers([
      proc({ pid: 1, comm: 'systemd', ppid: 0 }),
      proc({ pid: 70, comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '-q', '-D', '/var/lib/machines/web', '-M', 'web'], cgroups: supervisor }),
      proc({ pid: 71, comm: 'sleep', ppid: 70, nspid: [71, 1], ns, cgroups: payload }),
    ]);
    assert.equal(groups.length, 1);
    const g = groups[0]!;
    assert.deepEqual([g.runtime, g.name, g.cgroupPath, g.ref?.unified, g.members.map((p) => p.pid)], ['nspawn', 'web', MACHINE, MACHINE, [70, 71]]);
    const driver = createCgroupDriver(root);
    const r = createAncestorLimits(driver)([g as { id: string; ref: NonNullable<typeof g.ref> }], new Map([[g.id, driver.readStats(g.ref!)]]));
    assert.deepEqual([r.stats.get(g.id)!.memory.max, r.stats.get(g.id)!.pids.max, r.limitFrom.has(g.id)], [64 * MiB, 20, false]);
  });

  test('unregistered nspawn (--register=no --keep-unit) in a group of ours: that group, not its /payload leaf', () => {
    const ns = { ...HOST_NS, pid: 4026532800, mnt: 4026532799 };
    const groups = groupContainers([
      proc({ pid: 1, comm: 'init', ppid: 0 }),
      proc({ pid: 80, comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '--register=no', '--keep-unit', '-q', '-D', '/tmp/rtw-bb', '-M', 'rtwn', '/bin/sleep', '600'], cgroups: parseCgroupFile('0::/nstop-test-nspawn-1/supervisor\n', 'test') }),
      proc({ pid: 81, comm: 'sleep', ppid: 80, nspid: [81, 1], ns, cgroups: parseCgroupFile('0::/nstop-test-nspawn-1/payload\n', 'test') }),
    ]);
    const g = groups[0]!;
    assert.deepEqual([g.runtime, g.name, g.cgroupPath, g.ref?.unified, g.members.map((p) => p.pid)], ['nspawn', 'rtwn', '/nstop-test-nspawn-1', '/nstop-test-nspawn-1', [80, 81]]);
  });

  test('unregistered nspawn still in its unit group (before it moved to /supervisor, or where it cannot): one of the container, the unit its group', () => {
    const ns = { ...HOST_NS, pid: 4026532810, mnt: 4026532809 };
    const groups = groupContainers([
      proc({ pid: 1, comm: 'init', ppid: 0 }),
      proc({ pid: 90, comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '--register=no', '--keep-unit', '-q', '-D', '/tmp/rtw-bb', '-M', 'rtwn', '/bin/sleep', '600'], cgroups: parseCgroupFile('0::/nstop-test-nspawn-2\n', 'test') }),
      proc({ pid: 91, comm: 'sleep', ppid: 90, nspid: [91, 1], ns, cgroups: parseCgroupFile('0::/nstop-test-nspawn-2/payload\n', 'test') }),
    ]);
    const g = groups[0]!;
    assert.deepEqual([g.runtime, g.name, g.cgroupPath, g.members.map((p) => p.pid)], ['nspawn', 'rtwn', '/nstop-test-nspawn-2', [90, 91]]);
  });

  test('an ancestor limit changed later shows within REREAD_TICKS ticks', () => {
    const driver = createCgroupDriver(root);
    const apply = createAncestorLimits(driver);
    const g = { id: 'kubernetes:c1', ref: ref(`0::${CTR}\n`) };
    const stats = new Map([[g.id, driver.readStats(g.ref)]]);
    assert.equal(apply([g], stats).stats.get(g.id)!.memory.max, 128 * MiB);
    writeFileSync(join(root, POD, 'memory.max'), '268435456\n');
    let seen = 0;
    for (let i = 0; i < REREAD_TICKS && seen !== 256 * MiB; i++) seen = apply([g], stats).stats.get(g.id)!.memory.max! / MiB;
    assert.equal(seen, 256);
    writeFileSync(join(root, POD, 'memory.max'), '134217728\n');
  });
});

test('v1 (hybrid host): an ancestor memory group\'s limit_in_bytes, the "no limit" value ignored', () => {
  const root = tree('hybrid', {
    'memory/cgroup.procs': '', 'memory/memory.limit_in_bytes': '9223372036854771712\n',
    'memory/sandbox/memory.limit_in_bytes': '67108864\n',
    'memory/sandbox/box/cgroup.procs': '', 'memory/sandbox/box/memory.limit_in_bytes': '9223372036854771712\n', 'memory/sandbox/box/memory.usage_in_bytes': '4096\n',
    'pids/cgroup.procs': '', 'pids/sandbox/box/pids.max': 'max\n',
    'unified/cgroup.controllers': '', 'unified/cgroup.procs': '',
  });
  const driver = createCgroupDriver(root);
  const g = { id: 'ad-hoc:pidns:1', ref: ref('4:memory:/sandbox/box\n8:pids:/sandbox/box\n') };
  const r = createAncestorLimits(driver)([g], new Map([[g.id, driver.readStats(g.ref)]]));
  assert.deepEqual([r.stats.get(g.id)!.memory.max, r.stats.get(g.id)!.pids.max], [64 * MiB, Infinity]);
  assert.deepEqual(r.limitFrom.get(g.id), { memory: '/sandbox' });
});
