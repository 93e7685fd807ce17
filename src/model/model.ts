// One model step: a sample (what the sampler read this tick) and the previous step's
// memory in; the snapshot (rows, events, histories, changed-at marks) and the next
// memory out. Pure but for the event ledger carried in the memory: that one object is
// shared with the event watcher, so a hit it saw between ticks and this tick's delta are
// one event whoever sees it first (ledger.ts).
import type { CgroupStats } from '../host/cgroup/types.js';
import type { NsIds } from '../host/vocabulary.js';
import { containerRow, type ContainerContext, type Remembered } from './container-rows.js';
import type { ContainerGroup } from './group.js';
import type { LimitFrom } from './effective-limits.js';
import { hostNamespaces } from './host-ns.js';
import type { ProcInput } from './input.js';
import { EventLedger } from './ledger.js';
import { managedByName, managedId, rowWithoutGroup } from './managed.js';
import { buildNamespaces } from './namespaces.js';
import { LazyOwners, type OwnerLookup } from './owners.js';
import { emptyNetMemory, joinNetCompany, netMemoryOf, ownNetOf, startNetTick, type NetMemory, type NetReading } from './net.js';
import { processRows, type RowsByPid } from './process-rows.js';
import { recordTick } from './tick-events.js';
import type { ContainerRow, HostInfo, ManagedInfo, NamespaceRow, ProcessRow, Snapshot } from './types.js';

export type Sample = {
  time: number;
  procs: ProcInput[];
  groups: ContainerGroup[];
  /** cgroup figures by group id, as the driver read them */
  stats: ReadonlyMap<string, CgroupStats>;
  /** groups whose limits (in stats) are an ancestor group's: which (effective-limits.ts) */
  limitFrom?: ReadonlyMap<string, LimitFrom>;
  host: HostInfo;
  warnings: string[];
  readOnly: boolean;
  userName: (uid: number | undefined) => string;
  /** the unit of ProcInput.cpuTicks: clock ticks per second (sysconf, the ProcReader's) */
  clockTicks: number;
  /** whether process rows carry figures (cpu, rss) this tick: the sampler was asked for
   *  them (a few processes may have been read for their container's CPU % only). Absent:
   *  whether any process came with figures. */
  processFigures?: boolean;
  /** this tick's input of a pid (default: looked up in procs) */
  inputOf?: (pid: number) => ProcInput | undefined;
  /** the process table's generation: same as last tick = same identities and groups */
  generation?: number;
  /** the host's namespaces when the sampler already has them for this generation */
  hostNs?: NsIds;
  /** tables that must be current (SampleDemand.fresh); others may be STALE_TICKS old */
  fresh?: { processes: boolean; namespaces: boolean };
  /** false: no bare process rows (SampleDemand.processRows) */
  processRows?: false;
  /** nstop's state files (absent: none read) */
  managed?: readonly ManagedInfo[];
  /** other runtimes' stopped containers, from their records (runtime-names.ts) */
  recordedStopped?: readonly ContainerRow[];
  /** the event watcher's OOM counts by group id (v1's missing oom counter) */
  oomCounts?: ReadonlyMap<string, number>;
  /** network readings by namespace, and namespaces left unread whose figures stand */
  net?: { readings: ReadonlyMap<number, NetReading>; kept: ReadonlySet<number> };
};

/** What is built from process identities alone, kept while the process table's
 *  generation stands still (no pid came, went or changed identity). */
type Table<T> = { rows: T[]; generation: number; seq: number };
type Derived = {
  generation: number;
  hostNs: NsIds;
  containerOf: OwnerLookup;
  namespaces?: Table<NamespaceRow>;
  /** the process rows without per-process figures (Containers view) */
  bareProcesses?: Table<ProcessRow>;
};

/** A table not on screen may be this many ticks old while identities change. */
export const STALE_TICKS = 5;

/** A table's rows: current when built at this generation; else, when it need not be
 *  fresh (not on screen), kept while younger than STALE_TICKS; else rebuilt. */
function tableFor<T>(old: Table<T> | undefined, generation: number | undefined, seq: number, fresh: boolean | undefined, build: () => T[]): Table<T> {
  if (old && generation !== undefined && old.generation === generation) return old;
  if (old && fresh === false && seq - old.seq < STALE_TICKS) return old;
  return { rows: build(), generation: generation ?? -1, seq };
}

export type ModelMemory = {
  seq: number;
  time?: number;
  containers: Map<string, Remembered>;
  net: NetMemory;
  /** events: the same ledger from step to step (the event watcher reports to it too) */
  ledger: EventLedger;
  derived?: Derived;
  rowsByPid?: RowsByPid;
};

/** `startedAt`: when watching began; nstop containers made after it count from zero
 *  (their first hit is an event). 0 in tests: every one was made after. */
export const emptyMemory = (startedAt = 0): ModelMemory => ({ seq: 0, containers: new Map(), net: emptyNetMemory(), ledger: new EventLedger({ startedAt }) });

function lookupOf(procs: readonly ProcInput[]): (pid: number) => ProcInput | undefined {
  let byPid: Map<number, ProcInput> | undefined;
  return (pid) => {
    if (!byPid) {
      byPid = new Map();
      for (let i = 0; i < procs.length; i++) byPid.set(procs[i]!.pid, procs[i]!);
    }
    return byPid.get(pid);
  };
}

export function buildModel(sample: Sample, memory: ModelMemory): { snapshot: Snapshot; memory: ModelMemory } {
  const wallMs = memory.time === undefined ? 0 : sample.time - memory.time;
  const reuse = sample.generation !== undefined && memory.derived?.generation === sample.generation ? memory.derived : undefined;
  const seq = memory.seq + 1;
  const hostNs = reuse?.hostNs ?? sample.hostNs ?? hostNamespaces(sample.procs);
  const containerOf = reuse?.containerOf ?? new LazyOwners(sample.groups);

  let withFigures = sample.processFigures ?? false;
  // indexed loops over the 10k processes: buildModel runs once a tick, mostly not
  // optimized, and there a for-of makes an iterator result object per element
  const procs = sample.procs;
  for (let i = 0; i < procs.length && sample.processFigures === undefined; i++) {
    const p = procs[i]!;
    if (p.cpuTicks === undefined && p.rssBytes === undefined) continue;
    withFigures = true;
    break;
  }

  // this tick's input of a pid, for the containers whose CPU % is summed from them
  const inputOf = sample.inputOf ?? lookupOf(procs);

  const managed = managedByName(sample.managed);
  const net = startNetTick(sample.net?.readings ?? new Map(), memory.net, sample.net?.kept);
  // a row's pod mates are known before its row is made
  const groups = sample.groups;
  for (let i = 0; i < groups.length; i++) {
    const ns = ownNetOf(groups[i]!, hostNs, managed);
    if (ns !== undefined) joinNetCompany(net, ns, groups[i]!.id, groups[i]!.name);
  }

  const next = new Map<string, Remembered>();
  const ctx: ContainerContext = {
    time: sample.time, inputOf, figures: withFigures, procs, userName: sample.userName, wallMs, clockTicks: sample.clockTicks, prevInputs: memory.rowsByPid?.inputs, hostNs, ownerOf: containerOf, last: undefined, rowsByPid: undefined,
    stats: sample.stats, limitFrom: sample.limitFrom, oomCounts: sample.oomCounts, previous: memory.containers, next, managed, net,
  };
  const containers: ContainerRow[] = [];
  const live = new Set<string>();
  for (let i = 0; i < groups.length; i++) {
    const row = containerRow(groups[i]!, ctx);
    if (row.managed) live.add(row.managed.name);
    containers.push(row);
  }
  // a state file without a live group: stopped, or not yet (or no longer) in its cgroup
  if (sample.managed) for (const m of sample.managed) if (!live.has(m.name)) containers.push(rowWithoutGroup(m, sample.oomCounts?.get(managedId(m.name))));
  if (sample.recordedStopped) containers.push(...sample.recordedStopped);
  recordTick(memory.ledger, sample.time, containers);

  ctx.last = memory.rowsByPid?.generation === sample.generation ? memory.rowsByPid : undefined;
  const rowsByPid: RowsByPid = { generation: sample.generation, inputs: new Map(), rows: new Map() };
  ctx.rowsByPid = rowsByPid;
  const ownerOf = containerOf;
  // rows with figures (Processes view, a container's list) are built every tick
  const bare = withFigures ? memory.derived?.bareProcesses : sample.processRows === false ? undefined : tableFor(memory.derived?.bareProcesses, sample.generation, seq, sample.fresh?.processes, () => processRows(ctx));
  // processRows false (nstop record): only the processes whose figures were read, the
  // rows it keeps for the containers near a limit, not 10,000 rows a sample around them
  const processes = withFigures ? processRows(sample.processRows === false ? { ...ctx, procs: procs.filter((p) => p.rssBytes !== undefined || p.cpuTicks !== undefined) } : ctx) : (bare?.rows ?? []);
  const namespaces = tableFor(memory.derived?.namespaces, sample.generation, seq, sample.fresh?.namespaces, () => buildNamespaces(procs, hostNs, ownerOf, sample.userName));

  const snapshot: Snapshot = {
    seq,
    time: sample.time,
    intervalMs: memory.time === undefined ? undefined : wallMs,
    host: sample.host,
    containers,
    namespaces: namespaces.rows,
    processes,
    events: memory.ledger.events(),
    warnings: sample.warnings,
    readOnly: sample.readOnly,
  };
  const derived: Derived | undefined =
    sample.generation === undefined
      ? undefined
      : { generation: sample.generation, hostNs, containerOf, namespaces, ...(bare ? { bareProcesses: bare } : {}) };
  const kept = withFigures ? { rowsByPid } : {};
  return { snapshot, memory: { seq, time: sample.time, containers: next, net: netMemoryOf(net), ledger: memory.ledger, derived, ...kept } };
}
