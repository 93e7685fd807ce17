// A container row of one model step, made once with everything it carries: cgroup
// figures and rates, its state file (nstop's own), network figures and counters. The
// event ledger then marks when each counter last moved (tick-events.ts).
import type { CgroupStats } from '../host/cgroup/types.js';
import { counter, cpuPercent, withOomCount } from './counters.js';
import type { ContainerGroup } from './group.js';
import { pushHistory } from './history.js';
import { isolatedKinds } from './host-ns.js';
import { commandOf, type ProcInput } from './input.js';
import { COUNTER_NAMES, countersFromStats, type CounterName } from './ledger.js';
import { liveStatus } from './managed.js';
import { netOf, type NetTick } from './net.js';
import { cpuOf, type ProcContext } from './process-rows.js';
import type { ContainerRow, ManagedInfo } from './types.js';

/** What a container's row leaves for the next tick's rates and history. */
export type Remembered = {
  name: string;
  usageUsec?: number;
  counters: Partial<Record<CounterName, number>>;
  history: ContainerRow['history'];
};

export type ContainerContext = ProcContext & {
  stats: ReadonlyMap<string, CgroupStats>;
  /** the event watcher's OOM counts (v1 has no oom counter in memory.oom_control) */
  oomCounts: ReadonlyMap<string, number> | undefined;
  previous: ReadonlyMap<string, Remembered>;
  next: Map<string, Remembered>;
  managed: ReadonlyMap<string, ManagedInfo>;
  net: NetTick;
};

export function containerRow(g: ContainerGroup, x: ContainerContext): ContainerRow {
  const read = x.stats.get(g.id);
  const stats = read && withOomCount(read, x.oomCounts?.get(g.id));
  const prev = x.previous.get(g.id);
  const values = countersFromStats(stats);
  const counters = {} as ContainerRow['counters'];
  for (const k of COUNTER_NAMES) counters[k] = counter(values[k], prev?.counters[k]);
  // Without a cpuacct/cpu group of its own (an unshare in a memory+pids cgroup), a
  // container's CPU is the sum over its processes, read when the sampler was asked to.
  const cpuPct = stats?.cpu.usageUsec !== undefined ? cpuPercent(stats.cpu.usageUsec, prev?.usageUsec, x.wallMs * 1000) : cpuOfMembers(g.members, x);
  const history = {
    cpuPct: pushHistory(prev?.history.cpuPct, cpuPct),
    memoryBytes: pushHistory(prev?.history.memoryBytes, stats?.memory.current),
  };
  x.next.set(g.id, { name: g.name, usageUsec: stats?.cpu.usageUsec, counters: values, history });
  const ns = g.init?.ns ?? {};
  const isolated = isolatedKinds(ns, x.hostNs);
  const managed = g.runtime === 'nstop' ? x.managed.get(g.name) : undefined;
  const status = liveStatus(managed, stats?.frozen);
  return {
    id: g.id,
    name: g.name,
    runtime: g.runtime,
    cgroupPath: g.cgroupPath,
    ...(g.image !== undefined ? { image: g.image } : {}),
    ...(g.pod !== undefined ? { pod: g.pod } : {}),
    ...(g.podNamespace !== undefined ? { podNamespace: g.podNamespace } : {}),
    ownCgroup: g.ref !== undefined,
    ...(g.ref ? { cgroupRef: g.ref } : {}),
    initPid: g.init?.pid,
    pids: pidsOf(g.members),
    nprocs: g.members.length,
    ns,
    isolated,
    command: g.init ? initCommand(g.init) : '',
    stats,
    cpuPct,
    counters,
    history,
    status,
    managed,
    net: netOf(x.net, g.id, ns.net, isolated.includes('net'), status === 'stopped'),
  };
}

/** A group's members are the same array while the process table's generation stands:
 *  their pids are listed once (10k numbers a tick otherwise). */
function pidsOf(members: readonly ProcInput[]): number[] {
  let pids = pidLists.get(members);
  if (!pids) {
    pids = new Array<number>(members.length);
    for (let i = 0; i < members.length; i++) pids[i] = members[i]!.pid;
    pidLists.set(members, pids);
  }
  return pids;
}
const pidLists = new WeakMap<readonly ProcInput[], number[]>();

/** An init's command line, joined once per identity read (200 joins a tick otherwise). */
function initCommand(init: ProcInput): string {
  let c = commands.get(init);
  if (c === undefined) commands.set(init, (c = commandOf(init)));
  return c;
}
const commands = new WeakMap<ProcInput, string>();

function cpuOfMembers(members: readonly ProcInput[], x: ProcContext): number | undefined {
  let sum: number | undefined;
  for (let i = 0; i < members.length; i++) {
    const v = cpuOf(members[i]!, x);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}
