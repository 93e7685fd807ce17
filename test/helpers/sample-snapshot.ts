// A realistic Snapshot for UI tests, and a fake SnapshotSource to push more of them.
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import type { ContainerRow, ProcessRow, SampleDemand, Snapshot, SnapshotSource } from '../../src/model/types.js';
import { HOST_NS } from './model-procs.js';

const MiB = 1024 * 1024;
const stats = (current: number, max: number, over: Partial<CgroupStats> = {}): CgroupStats => ({
  memory: { current, max, oomKill: 0 },
  pids: { current: 3, max: 64, maxHits: 0 },
  cpu: { usageUsec: 1, limitCpus: Infinity },
  psi: { memory: { some: { avg10: 2.3, avg60: 1, avg300: 0, total: 1 } } },
  memoryFormula: 'test',
  ...over,
});

function container(name: string, over: Partial<ContainerRow>): ContainerRow {
  return {
    id: `nstop:${name}`, name, runtime: 'nstop', ownCgroup: true, initPid: 100, pids: [100], nprocs: 1,
    ns: HOST_NS, isolated: ['pid', 'mnt'], command: 'sleep 300', cpuPct: 1.5,
    counters: { oom: { value: 0 }, oomKill: { value: 0 }, memoryMaxHits: { value: 0 }, pidsMax: { value: 0 }, throttled: { value: 0 } },
    history: { cpuPct: [1, 5, 3], memoryBytes: [10 * MiB, 20 * MiB] },
    ...over,
  };
}

const proc = (pid: number, ppid: number, cmd: string, over: Partial<ProcessRow> = {}): ProcessRow => ({
  pid, starttime: pid, ppid, nspid: [pid], comm: cmd.split(' ')[0]!, cmdline: cmd.split(' '), uid: 0, user: 'root', state: 'S',
  cpuPct: 0.5, rssBytes: 4 * MiB, threads: 1, ns: HOST_NS, isolated: [], kernelThread: false, ...over,
});

export function sampleSnapshot(seq = 1): Snapshot {
  return {
    seq, time: Date.UTC(2026, 10, 23, 12, 0, seq), intervalMs: 1000,
    host: { hostname: 'testhost', kernel: '6.18.0', cgroupMode: 'hybrid', cpus: 2, memTotalBytes: 24 * 1024 * MiB, memAvailableBytes: 20 * 1024 * MiB, load: { one: 0.5, five: 0.4, fifteen: 0.3, running: 1, total: 100 }, psi: {} },
    containers: [
      container('web', { stats: stats(10 * MiB, 256 * MiB) }),
      container('munch', { id: 'nstop:munch', initPid: 200, pids: [200, 201], nprocs: 2, stats: stats(60 * MiB, 64 * MiB), counters: { oom: { value: 2 }, oomKill: { value: 2, delta: 1 }, memoryMaxHits: { value: 9 }, pidsMax: { value: 0 }, throttled: { value: 0 } } }),
      container('abababababab', { id: 'docker:' + 'ab'.repeat(32), runtime: 'docker', stats: stats(100 * MiB, Infinity) }),
      container('sh', { id: 'ad-hoc:pidns:1', runtime: 'ad-hoc', ownCgroup: false, stats: undefined, cpuPct: undefined }),
    ],
    namespaces: [
      { ns: 4026531836, type: 'pid', nprocs: 5, pid: 1, user: 'root', command: 'init', containers: [], host: true },
      { ns: 4026532451, type: 'pid', nprocs: 2, pid: 200, user: 'root', command: 'munch 200M', containers: ['nstop:munch'], host: false },
      { ns: 4026532452, type: 'net', nprocs: 3, pid: 100, user: 'root', command: 'sleep 300', containers: ['nstop:web', 'nstop:munch'], host: false },
    ],
    processes: [
      proc(1, 0, '/sbin/init'),
      proc(2, 0, 'kthreadd', { cmdline: [], kernelThread: true }),
      proc(100, 1, 'sleep 300', { containerId: 'nstop:web', nspid: [100, 1], isolated: ['pid', 'mnt'] }),
      proc(200, 1, 'munch 200M', { containerId: 'nstop:munch', nspid: [200, 1], isolated: ['pid'], rssBytes: 60 * MiB }),
      proc(201, 200, 'munch-child', { containerId: 'nstop:munch', nspid: [201, 2], isolated: ['pid'], rssBytes: undefined, cpuPct: undefined }),
    ],
    events: [{ time: Date.UTC(2026, 10, 23, 12, 0, 0), containerId: 'nstop:munch', container: 'munch', kind: 'oom_kill', value: 2, delta: 1 }],
    warnings: [],
    readOnly: false,
  };
}

export function fakeSource(first?: Snapshot): SnapshotSource & { push(s: Snapshot): void; demands: SampleDemand[] } {
  let cur = first;
  const listeners = new Set<(s: Snapshot) => void>();
  const demands: SampleDemand[] = [];
  return {
    demands,
    current: () => cur,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    setDemand: (d) => void demands.push(d),
    push(s) {
      cur = s;
      for (const l of listeners) l(s);
    },
  };
}
