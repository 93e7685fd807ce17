// A container row of one model step, made once with everything it carries: cgroup
// figures and rates, its state file (nstop's own), network figures and counters. The
// event ledger then marks when each counter last moved (tick-events.ts).
import type { CgroupStats } from '../host/cgroup/types.js';
import { counter, cpuPercent, withOomCount } from './counters.js';
import type { ContainerGroup } from './group.js';
import type { LimitFrom } from './effective-limits.js';
import { pushHistory } from './history.js';
import { isolatedKinds } from './host-ns.js';
import { commandOf, type ProcInput } from './input.js';
import { COUNTER_NAMES, countersFromStats, type CounterName } from './ledger.js';
import { liveStatus } from './managed.js';
import { netOf, type NetTick } from './net.js';
import type { ProcContext } from './process-rows.js';
import type { ContainerRow, ManagedInfo } from './types.js';

/** A container without a CPU counter of its own: its members' CPU ticks at its last
 *  reading (the sampler reads them every tick on screen, less often off screen), and
 *  the CPU % that reading gave. */
export type MemberCpu = {
  time: number;
  /** the grouping's members array it was read for, and per member (same index) its
   *  starttime, CPU ticks at its last reading (NaN: never read), when that was, and its
   *  rate then (ticks per ms; NaN: not known yet) */
  members: readonly ProcInput[];
  starts: Float64Array;
  ticks: Float64Array;
  times: Float64Array;
  rates: Float64Array;
  pct: number | undefined;
};

/** What a container's row leaves for the next tick's rates and history. */
export type Remembered = {
  name: string;
  usageUsec?: number;
  memberCpu?: MemberCpu;
  counters: Partial<Record<CounterName, number>>;
  history: ContainerRow['history'];
};

export type ContainerContext = ProcContext & {
  /** this tick's sample time (ms) */
  time: number;
  /** this tick's input of a pid (the process table's), with figures when read this tick */
  inputOf: (pid: number) => ProcInput | undefined;
  stats: ReadonlyMap<string, CgroupStats>;
  limitFrom?: ReadonlyMap<string, LimitFrom> | undefined;
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
  // container's CPU is the sum over its processes, from the ticks they were read on.
  const own = stats?.cpu.usageUsec !== undefined;
  const memberCpu = own ? undefined : membersCpu(g.members, prev?.memberCpu, x);
  const cpuPct = own ? cpuPercent(stats.cpu.usageUsec, prev?.usageUsec, x.wallMs * 1000) : memberCpu?.pct;
  const history = {
    cpuPct: pushHistory(prev?.history.cpuPct, cpuPct),
    memoryBytes: pushHistory(prev?.history.memoryBytes, stats?.memory.current),
  };
  x.next.set(g.id, { name: g.name, usageUsec: stats?.cpu.usageUsec, ...(memberCpu ? { memberCpu } : {}), counters: values, history });
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
    ...(x.limitFrom?.has(g.id) ? { limitFrom: x.limitFrom.get(g.id)! } : {}),
    cpuPct,
    ...(memberCpu && memberCpu.time < x.time && cpuPct !== undefined ? { cpuAgeMs: x.time - memberCpu.time } : {}),
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

/** The CPU % of a container summed from its members: a new reading when the sampler read
 *  any of their stat this tick, else the last reading's figure, which the row then shows
 *  as older. A member read this tick counts its ticks since its own last reading over the
 *  time since then (a process not read before counts from this reading on); one not read
 *  this tick (an idle process of a row on screen, member-cpu.ts) counts its rate at its
 *  last reading. `members` is the grouping's array (the inputs of the tick it was made
 *  on): this tick's inputs are looked up by pid. While the grouping stands the last
 *  reading is matched by index, without a map per reading. */
function membersCpu(members: readonly ProcInput[], prev: MemberCpu | undefined, x: ContainerContext): MemberCpu | undefined {
  const n = members.length;
  let any = false;
  for (let i = 0; i < n && !any; i++) any = x.inputOf(members[i]!.pid)?.cpuTicks !== undefined;
  if (!any) return prev;
  // typed arrays of the members' count, not arrays grown by push and an object per
  // member: ~75 rows a tick are read on a host of such containers (a fifth of the
  // dashboard's garbage in an allocation profile)
  const starts = new Float64Array(n);
  const ticks = new Float64Array(n);
  const times = new Float64Array(n);
  const rates = new Float64Array(n);
  const aligned = prev !== undefined && prev.members === members;
  const prevIndex = prev !== undefined && !aligned ? indexOf(prev.members) : undefined;
  let perMs = 0;
  for (let i = 0; i < n; i++) {
    const p = x.inputOf(members[i]!.pid);
    const found = prev === undefined || p === undefined ? undefined : aligned ? i : prevIndex!.get(p.pid);
    // its last reading, when the same process (pid and starttime) had one
    const j = found !== undefined && prev!.starts[found] === p!.starttime ? found : -1;
    starts[i] = p?.starttime ?? NaN;
    if (p?.cpuTicks !== undefined) {
      const d = j >= 0 ? p.cpuTicks - prev!.ticks[j]! : NaN;
      const dt = j >= 0 ? x.time - prev!.times[j]! : NaN;
      const rate = d >= 0 && dt > 0 ? d / dt : NaN; // NaN (never read) fails both
      ticks[i] = p.cpuTicks;
      times[i] = x.time;
      rates[i] = rate;
      if (rate >= 0) perMs += rate;
    } else {
      ticks[i] = j >= 0 ? prev!.ticks[j]! : NaN;
      times[i] = j >= 0 ? prev!.times[j]! : NaN;
      const rate = j >= 0 ? prev!.rates[j]! : NaN;
      rates[i] = rate;
      if (rate >= 0) perMs += rate;
    }
  }
  const pct = prev === undefined || !(x.time > prev.time) ? undefined : ((perMs * 1000) / x.clockTicks) * 100;
  return { time: x.time, members, starts, ticks, times, rates, pct };
}

function indexOf(members: readonly ProcInput[]): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < members.length; i++) m.set(members[i]!.pid, i);
  return m;
}
