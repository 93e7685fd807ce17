// A realistic Snapshot for UI tests, and a fake SnapshotSource to push more of them.
// Containers: box (nstop, 60M of 64M: closest to its limit), web (docker, no memory
// limit), sh (an `unshare` container without cgroups of its own: cgroup figures n/a),
// munch (nstop, OOM-killed). Processes include kernel threads and a tree under init.
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import type { NsIds, NsType } from '../../src/host/vocabulary.js';
import type { ContainerRow, Counter, NamespaceRow, ProcessRow, SampleDemand, Snapshot, SnapshotSource } from '../../src/model/types.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
const psiLine = (avg10: number) => ({ some: { avg10, avg60: avg10, avg300: avg10, total: 1000 } });

export const HOST_NS: Required<NsIds> = { mnt: 4026531841, net: 4026531840, pid: 4026531836, uts: 4026531838, ipc: 4026531839, user: 4026531837, cgroup: 4026531835, time: 4026531834 };
export const WEB_ID = 'docker:3f2a9c0b7d1e' + 'ab'.repeat(26);

/** Namespace inodes of a container: its own for `isolated` kinds, the host's otherwise. */
function nsOf(base: number, isolated: NsType[]): NsIds {
  const ns: NsIds = { ...HOST_NS };
  isolated.forEach((t, i) => (ns[t] = base + i));
  return ns;
}

function stats(memCurrent: number, memMax: number, over: { pids?: [number, number]; cpus?: number; psi?: [number, number, number] } = {}): CgroupStats {
  const [pc, pm] = over.pids ?? [3, 64];
  const psi = over.psi;
  return {
    memory: { current: memCurrent, max: memMax, workingSet: memCurrent, oom: 0, oomKill: 0, maxHits: 0 },
    pids: { current: pc, max: pm, maxHits: 0 },
    cpu: { usageUsec: 1_000_000, limitCpus: over.cpus ?? Infinity, nrThrottled: 0 },
    psi: psi ? { cpu: psiLine(psi[0]), memory: psiLine(psi[1]), io: psiLine(psi[2]) } : {},
    memoryFormula: 'memory.current (v2)',
  };
}

const zero = (): Counter => ({ value: 0, delta: 0 });
const counters = (over: Partial<ContainerRow['counters']> = {}): ContainerRow['counters'] => ({ oom: zero(), oomKill: zero(), memoryMaxHits: zero(), memoryHighHits: zero(), pidsMax: zero(), throttled: zero(), ...over });

function container(over: Partial<ContainerRow> & Pick<ContainerRow, 'id' | 'name' | 'runtime'>): ContainerRow {
  return { ownCgroup: true, pids: [], nprocs: 1, ns: HOST_NS, isolated: [], command: 'sh', counters: counters(), history: { cpuPct: [], memoryBytes: [] }, status: 'running', ...over };
}

const BOX_NS = nsOf(4026532500, ['mnt', 'uts', 'ipc', 'pid']);
const WEB_NS = nsOf(4026532600, ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup']);
const SH_NS = nsOf(4026532700, ['mnt', 'pid']);
const MUNCH_NS = nsOf(4026532800, ['mnt', 'pid']);

function containers(seq: number): ContainerRow[] {
  return [
    container({
      id: WEB_ID, name: 'web', runtime: 'docker', cgroupPath: '/system.slice/docker-3f2a.scope', initPid: 5200, pids: [5200, 5201, 5202], nprocs: 3,
      ns: WEB_NS, isolated: ['mnt', 'net', 'pid', 'uts', 'ipc', 'cgroup'], command: 'nginx: master process nginx -g daemon off;',
      stats: stats(120 * MiB, Infinity, { pids: [9, Infinity], psi: [0.0, 0.0, 0.4] }), cpuPct: 2.5,
      history: { cpuPct: [1, 2, 2.5, 3, 2, 2.5], memoryBytes: [110 * MiB, 115 * MiB, 120 * MiB] },
    }),
    container({
      id: 'nstop:box', name: 'box', runtime: 'nstop', cgroupPath: '/nstop/box', initPid: 4100, pids: [4100, 4101, 4102], nprocs: 3,
      ns: BOX_NS, isolated: ['mnt', 'pid', 'uts', 'ipc'], command: 'sh -c stress --vm 1',
      stats: stats(60 * MiB, 64 * MiB, { pids: [5, 20], cpus: 0.5, psi: [0.1, 2.3, 0.0] }), cpuPct: 35 + seq,
      counters: counters({ memoryMaxHits: { value: 12, delta: 2 }, throttled: { value: 40, delta: 3 } }),
      history: { cpuPct: [10, 20, 30, 45, 50, 35], memoryBytes: [20 * MiB, 40 * MiB, 55 * MiB, 60 * MiB] },
    }),
    container({
      id: 'ad-hoc:pidns:4026532701', name: 'sh', runtime: 'ad-hoc', ownCgroup: false, initPid: 6001, pids: [6000, 6001], nprocs: 2,
      ns: SH_NS, isolated: ['mnt', 'pid'], command: 'sh',
      counters: { oom: {}, oomKill: {}, memoryMaxHits: {}, memoryHighHits: {}, pidsMax: {}, throttled: {} },
    }),
    container({
      id: 'nstop:munch', name: 'munch', runtime: 'nstop', cgroupPath: '/nstop/munch', initPid: 7000, pids: [7000], nprocs: 1,
      ns: MUNCH_NS, isolated: ['mnt', 'pid'], command: 'munch 200M',
      stats: stats(30 * MiB, 100 * MiB, { pids: [1, 64], psi: [0.0, 8.5, 1.2] }), cpuPct: 12,
      counters: counters({ oom: { value: 3, delta: 1 }, oomKill: { value: 3, delta: 1 } }),
      history: { cpuPct: [80, 90, 12], memoryBytes: [99 * MiB, 100 * MiB, 30 * MiB] },
    }),
  ];
}

function namespaces(): NamespaceRow[] {
  const host = (Object.entries(HOST_NS) as [NsType, number][]).map(([type, ns]): NamespaceRow => ({
    ns, type, nprocs: 8, pid: 1, user: 'root', command: '/sbin/init', host: true,
    containers: type === 'net' || type === 'user' || type === 'time' ? ['nstop:box', 'ad-hoc:pidns:4026532701', 'nstop:munch'] : type === 'cgroup' ? ['nstop:box', 'nstop:munch'] : [],
  }));
  const own = (ns: NsIds, isolated: NsType[], id: string, pid: number, command: string, nprocs: number): NamespaceRow[] =>
    isolated.map((type) => ({ ns: ns[type]!, type, nprocs, pid, user: 'root', command, containers: [id], host: false }));
  return [
    ...host,
    ...own(BOX_NS, ['mnt', 'uts', 'ipc', 'pid'], 'nstop:box', 4100, 'sh -c stress --vm 1', 3),
    ...own(WEB_NS, ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup'], WEB_ID, 5200, 'nginx: master process nginx -g daemon off;', 3),
    ...own(SH_NS, ['mnt', 'pid'], 'ad-hoc:pidns:4026532701', 6001, 'sh', 1),
    ...own(MUNCH_NS, ['mnt', 'pid'], 'nstop:munch', 7000, 'munch 200M', 1),
  ];
}

type P = Partial<ProcessRow> & { pid: number; ppid: number; cmd: string };
function proc({ cmd, ...o }: P): ProcessRow {
  const cmdline = cmd.split(' ');
  return {
    starttime: o.pid * 7, nspid: [o.pid], comm: cmdline[0]!.split('/').pop()!.slice(0, 15), cmdline, uid: 0, user: 'root', state: 'S',
    cpuPct: 0.0, rssBytes: 4 * MiB, threads: 1, ns: HOST_NS, isolated: [], kernelThread: false, ...o,
  };
}

function processes(seq: number): ProcessRow[] {
  const inBox = { containerId: 'nstop:box', ns: BOX_NS, isolated: ['mnt', 'pid', 'uts', 'ipc'] as NsType[] };
  const inWeb = { containerId: WEB_ID, ns: WEB_NS, isolated: ['mnt', 'net', 'pid', 'uts', 'ipc', 'cgroup'] as NsType[] };
  return [
    proc({ pid: 1, ppid: 0, cmd: '/sbin/init splash', comm: 'systemd', rssBytes: 12 * MiB }),
    proc({ pid: 2, ppid: 0, cmd: '', comm: 'kthreadd', cmdline: [], kernelThread: true, rssBytes: undefined }),
    proc({ pid: 15, ppid: 2, cmd: '', comm: 'kworker/0:1-events', cmdline: [], kernelThread: true, state: 'I', rssBytes: undefined }),
    proc({ pid: 900, ppid: 1, cmd: 'sshd: alice [priv]', comm: 'sshd' }),
    proc({ pid: 901, ppid: 900, cmd: '-bash', comm: 'bash', uid: 1000, user: 'alice' }),
    proc({ pid: 4100, ppid: 1, cmd: 'sh -c stress --vm 1', nspid: [4100, 1], ...inBox }),
    proc({ pid: 4101, ppid: 4100, cmd: 'stress --vm 1', nspid: [4101, 2], ...inBox, state: 'R', cpuPct: 30 + seq, rssBytes: 2 * MiB }),
    proc({ pid: 4102, ppid: 4101, cmd: 'stress --vm 1', nspid: [4102, 3], ...inBox, state: 'R', cpuPct: 5, rssBytes: 58 * MiB }),
    proc({ pid: 5190, ppid: 1, cmd: '/usr/bin/containerd-shim-runc-v2 -namespace moby', threads: 10 }),
    proc({ pid: 5200, ppid: 5190, cmd: 'nginx: master process nginx -g daemon off;', nspid: [5200, 1], ...inWeb }),
    proc({ pid: 5201, ppid: 5200, cmd: 'nginx: worker process', nspid: [5201, 29], uid: 101, user: 'nginx', ...inWeb, cpuPct: 2.5 }),
    proc({ pid: 5202, ppid: 5200, cmd: 'nginx: worker process', nspid: [5202, 30], uid: 101, user: 'nginx', ...inWeb, state: 'Z' }),
    proc({ pid: 6000, ppid: 901, cmd: 'unshare --fork --pid --mount-proc sh', containerId: 'ad-hoc:pidns:4026532701', uid: 1000, user: 'alice' }),
    proc({ pid: 6001, ppid: 6000, cmd: 'sh', nspid: [6001, 1], containerId: 'ad-hoc:pidns:4026532701', ns: SH_NS, isolated: ['mnt', 'pid'], uid: 1000, user: 'alice', cpuPct: undefined, rssBytes: undefined, threads: undefined }),
    proc({ pid: 7000, ppid: 901, cmd: 'munch 200M', nspid: [7000, 1], containerId: 'nstop:munch', ns: MUNCH_NS, isolated: ['mnt', 'pid'], cpuPct: 12, rssBytes: 30 * MiB }),
  ];
}

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

export type SampleOptions = { seq?: number; readOnly?: boolean; warnings?: string[] };

export function sampleSnapshot(o: SampleOptions = {}): Snapshot {
  const seq = o.seq ?? 1;
  return {
    seq, time: T0 + seq * 1000, intervalMs: seq > 1 ? 1000 : undefined,
    host: {
      hostname: 'testhost', kernel: '6.8.0-45-generic', cgroupMode: 'v2', cpus: 4, memTotalBytes: 16 * GiB, memAvailableBytes: 10 * GiB,
      load: { one: 0.52, five: 0.41, fifteen: 0.3, running: 2, total: 312, lastPid: 9120 }, psi: { cpu: psiLine(0.8), memory: psiLine(1.5), io: psiLine(0.2) }, uptimeSec: 3 * 86400 + 4 * 3600 + 12 * 60,
    },
    containers: containers(seq),
    namespaces: namespaces(),
    processes: processes(seq),
    events: [
      { time: T0 - 60_000, containerId: 'nstop:box', container: 'box', kind: 'start' },
      { time: T0 - 2000, containerId: 'nstop:box', container: 'box', kind: 'memory_max', value: 12, delta: 2 },
      { time: T0 - 1000, containerId: 'nstop:munch', container: 'munch', kind: 'oom_kill', value: 3, delta: 1 },
    ],
    warnings: o.warnings ?? [],
    readOnly: o.readOnly ?? false,
  };
}

/** A process that names itself with terminal escapes, the ad-hoc container named after
 *  it (its init's comm), its namespaces and an event: for the escaping tests. */
export const HOSTILE_COMM = 'ev\x1b]2;pwned\x07\r\x9b';
export const HOSTILE_ARGV = ['/bin/evil', '\x1b]2;pwned\x07', '\x1b[2J', 'a\rb\nc', '\x9b31m'];
/** how they must be shown */
export const SHOWN_COMM = 'ev\\x1b]2;pwned\\x07\\r\\x9b';
export const SHOWN_CMD = '/bin/evil \\x1b]2;pwned\\x07 \\x1b[2J a\\rb\\nc \\x9b31m';
export const HOSTILE_ID = 'ad-hoc:pidns:4026532900';
const EVIL_NS = { ...HOST_NS, pid: 4026532900, mnt: 4026532901 };

export function hostileSnapshot(): Snapshot {
  const s = sampleSnapshot();
  const evil: ContainerRow = {
    ...s.containers.find((c) => c.runtime === 'ad-hoc')!,
    id: HOSTILE_ID, name: HOSTILE_COMM, initPid: 8000, pids: [8000], nprocs: 1, ns: EVIL_NS, isolated: ['mnt', 'pid'], command: HOSTILE_ARGV.join(' '),
    cgroupPath: '/user.slice/\x1b[2Jx',
  };
  const proc: ProcessRow = {
    ...s.processes.find((p) => p.pid === 6001)!,
    pid: 8000, starttime: 56000, ppid: 1, nspid: [8000, 1], comm: HOSTILE_COMM, cmdline: HOSTILE_ARGV, containerId: HOSTILE_ID, ns: EVIL_NS, cpuPct: 99,
  };
  const ns = (['mnt', 'pid'] as const).map((type): NamespaceRow => ({ ns: EVIL_NS[type], type, nprocs: 1, pid: 8000, user: 'root', command: HOSTILE_ARGV.join(' '), containers: [HOSTILE_ID], host: false }));
  return {
    ...s,
    containers: [...s.containers, evil],
    processes: [...s.processes, proc],
    namespaces: [...ns, ...s.namespaces],
    events: [...s.events, { time: T0 - 500, containerId: HOSTILE_ID, container: HOSTILE_COMM, kind: 'exit', detail: 'exit \x1b[2J' }],
  };
}

export type FakeSource = SnapshotSource & { push(s: Snapshot): void; demands: SampleDemand[]; listeners(): number };

export function fakeSource(first?: Snapshot): FakeSource {
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
    listeners: () => listeners.size,
  };
}
