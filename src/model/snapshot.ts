// Samples -> Snapshot. Pure: everything that must survive a tick (previous counters,
// histories) travels in ModelMemory, returned anew each time. Events are not made here:
// the sampler's EventLedger (ledger.ts) makes them from the rows and the event watcher.
import type { CgroupStats } from '../host/cgroup/types.js';
import { counter, cpuPercent, ticksPercent } from './counters.js';
import type { ContainerGroup } from './group.js';
import { pushHistory } from './history.js';
import { hostNamespaces, isolatedKinds } from './host-ns.js';
import { commandOf, procKey, type ProcInput } from './input.js';
import { buildNamespaces } from './namespaces.js';
import { COUNTER_NAMES, countersFromStats, type CounterName } from './ledger.js';
import type { ContainerRow, HostInfo, ProcessRow, Snapshot } from './types.js';

type Remembered = {
  name: string;
  usageUsec?: number;
  counters: Partial<Record<CounterName, number>>;
  history: ContainerRow['history'];
};

export type ModelMemory = {
  seq: number;
  time?: number;
  containers: Map<string, Remembered>;
  procTicks: Map<string, number>;
};

export const emptyMemory = (): ModelMemory => ({ seq: 0, containers: new Map(), procTicks: new Map() });

export type SampleFacts = {
  time: number;
  procs: ProcInput[];
  groups: ContainerGroup[];
  stats: ReadonlyMap<string, CgroupStats>;
  host: HostInfo;
  warnings: string[];
  readOnly: boolean;
  userName: (uid: number | undefined) => string;
};

export function buildSnapshot(facts: SampleFacts, memory: ModelMemory): { snapshot: Snapshot; memory: ModelMemory } {
  const wallMs = memory.time === undefined ? 0 : facts.time - memory.time;
  const hostNs = hostNamespaces(facts.procs);
  const containerOf = new Map<number, string>();
  for (const g of facts.groups) for (const p of g.members) containerOf.set(p.pid, g.id);

  const procCpu = new Map<number, number | undefined>();
  const procTicks = new Map<string, number>();
  for (const p of facts.procs) {
    const key = procKey(p);
    if (p.cpuTicks !== undefined) procTicks.set(key, p.cpuTicks);
    procCpu.set(p.pid, ticksPercent(p.cpuTicks, memory.procTicks.get(key), wallMs));
  }

  const next = new Map<string, Remembered>();
  const containers: ContainerRow[] = facts.groups.map((g) => {
    const stats = facts.stats.get(g.id);
    const prev = memory.containers.get(g.id);
    const values = countersFromStats(stats);
    const counters = {} as ContainerRow['counters'];
    for (const k of COUNTER_NAMES) counters[k] = counter(values[k], prev?.counters[k]);
    // Without a cpuacct/cpu group of its own (an unshare in a memory+pids cgroup), a
    // container's CPU is the sum over its processes, read when the sampler was asked to.
    const cpuPct = stats?.cpu.usageUsec !== undefined ? cpuPercent(stats.cpu.usageUsec, prev?.usageUsec, wallMs * 1000) : sumDefined(g.members.map((p) => procCpu.get(p.pid)));
    const history = {
      cpuPct: pushHistory(prev?.history.cpuPct, cpuPct),
      memoryBytes: pushHistory(prev?.history.memoryBytes, stats?.memory.current),
    };
    next.set(g.id, { name: g.name, usageUsec: stats?.cpu.usageUsec, counters: values, history });
    const ns = g.init?.ns ?? {};
    return {
      id: g.id,
      name: g.name,
      runtime: g.runtime,
      cgroupPath: g.cgroupPath,
      ownCgroup: g.ref !== undefined,
      initPid: g.init?.pid,
      pids: g.members.map((p) => p.pid),
      nprocs: g.members.length,
      ns,
      isolated: isolatedKinds(ns, hostNs),
      command: g.init ? commandOf(g.init) : '',
      stats,
      cpuPct,
      counters,
      history,
      status: stats?.frozen === true ? 'paused' : 'running',
    };
  });

  const processes: ProcessRow[] = facts.procs.map((p) => {
    return {
      pid: p.pid,
      starttime: p.starttime,
      ppid: p.ppid,
      nspid: p.nspid,
      comm: p.comm,
      cmdline: p.cmdline,
      uid: p.uid,
      user: facts.userName(p.uid),
      state: p.state,
      cpuPct: procCpu.get(p.pid),
      rssBytes: p.rssBytes,
      threads: p.threads,
      ns: p.ns,
      isolated: isolatedKinds(p.ns, hostNs),
      containerId: containerOf.get(p.pid),
      kernelThread: p.kernelThread,
    };
  });

  const seq = memory.seq + 1;
  const snapshot: Snapshot = {
    seq,
    time: facts.time,
    intervalMs: memory.time === undefined ? undefined : wallMs,
    host: facts.host,
    containers,
    namespaces: buildNamespaces(facts.procs, hostNs, containerOf, facts.userName),
    processes,
    // events come from the sampler's ledger, which also hears the watcher between ticks
    events: [],
    warnings: facts.warnings,
    readOnly: facts.readOnly,
  };
  return { snapshot, memory: { seq, time: facts.time, containers: next, procTicks } };
}

function sumDefined(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
}
