// Samples -> Snapshot. Pure: everything that must survive a tick (previous counters,
// histories) travels in ModelMemory, returned anew each time. Events are not made here:
// the sampler's EventLedger (ledger.ts) makes them from the rows and the event watcher.
import type { CgroupStats } from '../host/cgroup/types.js';
import { counter, cpuPercent, ticksPercent } from './counters.js';
import type { ContainerGroup } from './group.js';
import { pushHistory } from './history.js';
import { hostNamespaces, isolatedKinds } from './host-ns.js';
import { commandOf, type ProcInput } from './input.js';
import { buildNamespaces } from './namespaces.js';
import { COUNTER_NAMES, countersFromStats, type CounterName } from './ledger.js';
import type { ContainerRow, HostInfo, NamespaceRow, ProcessRow, Snapshot } from './types.js';
import type { NsIds } from '../host/types.js';

type Remembered = {
  name: string;
  usageUsec?: number;
  counters: Partial<Record<CounterName, number>>;
  history: ContainerRow['history'];
};

/** What is built from process identities alone, kept while the process table's
 *  generation stands still (no pid came, went or changed identity). */
type Table<T> = { rows: T[]; generation: number; seq: number };
type Derived = {
  generation: number;
  hostNs: NsIds;
  containerOf: Map<number, string>;
  namespaces?: Table<NamespaceRow>;
  /** the process rows without per-process figures (Containers view) */
  bareProcesses?: Table<ProcessRow>;
};

/** A table's rows: current when built at this generation; else, when it need not be
 *  fresh (not on screen), kept while younger than STALE_TICKS; else rebuilt. */
function tableFor<T>(old: Table<T> | undefined, generation: number | undefined, seq: number, fresh: boolean | undefined, build: () => T[]): Table<T> {
  if (old && generation !== undefined && old.generation === generation) return old;
  if (old && fresh === false && seq - old.seq < STALE_TICKS) return old;
  return { rows: build(), generation: generation ?? -1, seq };
}

/** A table not on screen may be this many ticks old while identities change. */
export const STALE_TICKS = 5;

export type ModelMemory = {
  seq: number;
  time?: number;
  containers: Map<string, Remembered>;
  derived?: Derived;
  /** last tick's process rows with figures and the inputs they were made from, by pid:
   *  the process table hands back the same input for a process that did not run, and
   *  its row (0% CPU again) is then reused rather than made anew, 10k times a tick.
   *  Not a WeakMap keyed by input: V8 then gives every later {...input} copy a map of
   *  its own (measured: 10k maps, ~7 MB of heap, and a slow path for each copy). */
  rowsByPid?: { generation: number | undefined; inputs: Map<number, ProcInput>; rows: Map<number, ProcessRow> };
};

export const emptyMemory = (): ModelMemory => ({ seq: 0, containers: new Map() });

export type SampleFacts = {
  time: number;
  procs: ProcInput[];
  groups: ContainerGroup[];
  stats: ReadonlyMap<string, CgroupStats>;
  host: HostInfo;
  warnings: string[];
  readOnly: boolean;
  userName: (uid: number | undefined) => string;
  /** the unit of ProcInput.cpuTicks: clock ticks per second (sysconf, the ProcReader's) */
  clockTicks: number;
  /** the process table's generation: same as last tick = same identities and groups */
  generation?: number;
  /** tables that must be current (SampleDemand.fresh); others may be STALE_TICKS old */
  fresh?: { processes: boolean; namespaces: boolean };
};

export function buildSnapshot(facts: SampleFacts, memory: ModelMemory): { snapshot: Snapshot; memory: ModelMemory } {
  const wallMs = memory.time === undefined ? 0 : facts.time - memory.time;
  const reuse = facts.generation !== undefined && memory.derived?.generation === facts.generation ? memory.derived : undefined;
  const seq = memory.seq + 1;
  const hostNs = reuse?.hostNs ?? hostNamespaces(facts.procs);
  let containerOf = reuse?.containerOf;
  if (!containerOf) {
    containerOf = new Map<number, string>();
    for (const g of facts.groups) for (const p of g.members) containerOf.set(p.pid, g.id);
  }

  let withFigures = false;
  // indexed loops over the 10k processes: buildSnapshot runs once a tick, mostly not
  // optimized, and there a for-of makes an iterator result object per element
  const procs = facts.procs;
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    if (p.cpuTicks === undefined && p.rssBytes === undefined) continue;
    withFigures = true;
    break;
  }

  const next = new Map<string, Remembered>();
  const ctx: RowContext = { facts, memory, wallMs, prevInputs: memory.rowsByPid?.inputs, hostNs, next, ownerOf: containerOf, last: undefined, rowsByPid: undefined };
  const containers: ContainerRow[] = [];
  for (const g of facts.groups) containers.push(containerRow(g, ctx));

  ctx.last = memory.rowsByPid?.generation === facts.generation ? memory.rowsByPid : undefined;
  const rowsByPid = { generation: facts.generation, inputs: new Map<number, ProcInput>(), rows: new Map<number, ProcessRow>() };
  ctx.rowsByPid = rowsByPid;
  const ownerOf = containerOf;
  // rows with figures (Processes view, a container's list) are built every tick
  const bare = withFigures ? memory.derived?.bareProcesses : tableFor(memory.derived?.bareProcesses, facts.generation, seq, facts.fresh?.processes, () => processRows(ctx));
  const processes = withFigures ? processRows(ctx) : bare!.rows;
  const namespaces = tableFor(memory.derived?.namespaces, facts.generation, seq, facts.fresh?.namespaces, () => buildNamespaces(facts.procs, hostNs, ownerOf, facts.userName));

  const snapshot: Snapshot = {
    seq,
    time: facts.time,
    intervalMs: memory.time === undefined ? undefined : wallMs,
    host: facts.host,
    containers,
    namespaces: namespaces.rows,
    processes,
    // events come from the sampler's ledger, which also hears the watcher between ticks
    events: [],
    warnings: facts.warnings,
    readOnly: facts.readOnly,
  };
  const derived: Derived | undefined =
    facts.generation === undefined
      ? undefined
      : { generation: facts.generation, hostNs, containerOf, namespaces, ...(bare ? { bareProcesses: bare } : {}) };
  const kept = withFigures ? { rowsByPid } : {};
  return { snapshot, memory: { seq, time: facts.time, containers: next, derived, ...kept } };
}

/** What the per-row builders below need of one buildSnapshot call. They are module
 *  functions, not closures made per call: V8 drops the optimized code of closures that
 *  died at each full GC and compiles them again (~4 TurboFan jobs a second at 10k). */
type RowContext = {
  facts: SampleFacts;
  memory: ModelMemory;
  wallMs: number;
  /** last tick's inputs with figures, by pid: CPU % is ticks since then */
  prevInputs: Map<number, ProcInput> | undefined;
  hostNs: NsIds;
  next: Map<string, Remembered>;
  ownerOf: Map<number, string>;
  last: ModelMemory['rowsByPid'];
  rowsByPid: ModelMemory['rowsByPid'];
};

function containerRow(g: ContainerGroup, x: RowContext): ContainerRow {
  const stats = x.facts.stats.get(g.id);
  const prev = x.memory.containers.get(g.id);
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
  return {
    id: g.id,
    name: g.name,
    runtime: g.runtime,
    cgroupPath: g.cgroupPath,
    ownCgroup: g.ref !== undefined,
    initPid: g.init?.pid,
    pids: pidsOf(g.members),
    nprocs: g.members.length,
    ns,
    isolated: isolatedKinds(ns, x.hostNs),
    command: g.init ? initCommand(g.init) : '',
    stats,
    cpuPct,
    counters,
    history,
    status: stats?.frozen === true ? 'paused' : 'running',
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

function processRows(x: RowContext): ProcessRow[] {
  const out: ProcessRow[] = [];
  const { last, rowsByPid } = x;
  const procs = x.facts.procs;
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const before = last?.inputs.get(p.pid) === p ? last.rows.get(p.pid) : undefined;
    const cpuPct = cpuOf(p, x);
    const row = before && before.cpuPct === cpuPct ? before : processRow(p, cpuPct, x);
    rowsByPid?.inputs.set(p.pid, p);
    rowsByPid?.rows.set(p.pid, row);
    out.push(row);
  }
  return out;
}

function processRow(p: ProcInput, cpuPct: number | undefined, x: RowContext): ProcessRow {
  return {
    pid: p.pid,
    starttime: p.starttime,
    ppid: p.ppid,
    nspid: p.nspid,
    comm: p.comm,
    cmdline: p.cmdline,
    uid: p.uid,
    user: x.facts.userName(p.uid),
    state: p.state,
    cpuPct,
    rssBytes: p.rssBytes,
    threads: p.threads,
    ns: p.ns,
    isolated: isolatedKinds(p.ns, x.hostNs),
    containerId: x.ownerOf.get(p.pid),
    kernelThread: p.kernelThread,
  };
}

/** CPU % of a process read this tick: its ticks since last tick's reading of the same
 *  process (pid and starttime), or undefined. */
function cpuOf(p: ProcInput, x: RowContext): number | undefined {
  if (p.cpuTicks === undefined) return undefined;
  const prev = x.prevInputs?.get(p.pid);
  return ticksPercent(p.cpuTicks, prev !== undefined && prev.starttime === p.starttime ? prev.cpuTicks : undefined, x.wallMs, x.facts.clockTicks);
}

function cpuOfMembers(members: readonly ProcInput[], x: RowContext): number | undefined {
  let sum: number | undefined;
  for (const p of members) {
    const v = cpuOf(p, x);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}
