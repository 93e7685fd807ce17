// The poll loop: one sample per interval, published as an immutable Snapshot. It never
// throws into its subscribers: a failed read becomes a warning on the next snapshot.
import { createCgroupDriver } from '../host/cgroup/index.js';
import type { CgroupDriver, CgroupStats } from '../host/cgroup/types.js';
import { errorCode, isVanished } from '../host/errors.js';
import { readLiveHostFacts, staticFactsFromOs, type StaticHostFacts } from '../host/host-facts.js';
import { readUserNames, userName as nameOf } from '../host/proc-reader.js';
import { groupContainers, type ContainerGroup } from '../model/group.js';
import { buildSnapshot, emptyMemory, type ModelMemory } from '../model/snapshot.js';
import { mergeManaged } from '../model/managed.js';
import { COUNTER_NAMES, countersFromStats, EventLedger, type CounterName } from '../model/ledger.js';
import type { ContainerRow, LimitEvent, ManagedInfo, SampleDemand, Snapshot, SnapshotSource } from '../model/types.js';
import { createEventWatcher, type EventfdFns, type WatchedGroup } from './event-watch.js';
import { createProcessTable } from './process-table.js';
import { createQuietCgroups } from './quiet-cgroups.js';
import { createGroupStatsReader } from './group-stats.js';
import { createNetSampler } from '../net/net-sampler.js';

export type SamplerOptions = {
  procRoot: string;
  cgroupRoot: string;
  intervalMs: number;
  passwdPath?: string;
  /** static host facts; the dashboard passes systeminformation's, the CLI the os module's. */
  hostFacts?: StaticHostFacts | Promise<StaticHostFacts>;
  readOnly?: boolean;
  now?: () => number;
  /** nstop's own containers (state files), read each tick; may reap ones that ended. */
  managed?: () => Promise<ManagedInfo[]>;
  /** watch event files between ticks (default true; CLI one-shots pass false) */
  watchEvents?: boolean;
};

/** After the watcher saw a change, re-read that group this much later (a burst of
 *  notifications, like a fork bomb's pids.events, becomes one read). */
const COALESCE_MS = 50;
/** An event makes the next tick come early, but never sooner than this after the last. */
const MIN_TICK_GAP_MS = 250;

async function loadEventfds(): Promise<EventfdFns> {
  const m = await import('../../native/eventfd.js');
  return { createEventfd: m.createEventfd, poller: m.createEventfdPoller() };
}

export type Sampler = SnapshotSource & {
  /** take one sample now (also used by the CLI, twice for rates). */
  sample(): Promise<Snapshot>;
  start(): void;
  /** stops sampling and every watch */
  stop(): void;
  /** every event as it is made (tick or watcher), e.g. for `nstop events` */
  onEvent(listener: (e: LimitEvent) => void): () => void;
  driver: CgroupDriver;
};

export function createSampler(opts: SamplerOptions): Sampler {
  const now = opts.now ?? Date.now;
  /** the one clock of the read side's caches (kept fds, absent-file memos): one tick per sample */
  let tick = 0;
  const driver = createCgroupDriver(opts.cgroupRoot, { clock: () => tick });
  const users = readUserNames(opts.passwdPath);
  const userName = (uid: number | undefined): string => (uid === undefined ? '?' : nameOf(users, uid));
  const readOnly = opts.readOnly ?? (typeof process.getuid === 'function' && process.getuid() !== 0);
  let facts: StaticHostFacts = staticFactsFromOs();
  void Promise.resolve(opts.hostFacts ?? facts).then((f) => (facts = f), () => undefined);

  const problems = new Map<string, string>();
  const note = (key: string, text: string): void => void problems.set(key, text);
  const table = createProcessTable({
    procRoot: opts.procRoot,
    onError: (pid, err) => note(`proc:${errorCode(err) ?? 'error'}`, `reading /proc/${pid}: ${(err as Error).message}`),
  });

  const quiet = createQuietCgroups(driver);
  let memory: ModelMemory = emptyMemory();
  const net = createNetSampler(opts.procRoot);
  const ledger = new EventLedger({ startedAt: now() });
  /** watched groups by id, with the name and whether they count from zero */
  let watched = new Map<string, WatchedGroup & { name: string; fromZero: boolean }>();
  const pending = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  const watcher =
    opts.watchEvents === false
      ? undefined
      : createEventWatcher({ driver, eventfds: readOnly ? undefined : loadEventfds, onChange: (id) => queueRead(id) });

  /** groups the next tick reads in full whatever their CPU time says */
  let marked = new Set<string>();
  function queueRead(id: string): void {
    marked.add(id);
    pending.add(id);
    flushTimer ??= setTimeout(readPending, COALESCE_MS);
  }

  /** A watched group changed: read it now and let the ledger decide what happened. */
  function readPending(): void {
    flushTimer = undefined;
    let any = false;
    for (const id of pending) {
      const g = watched.get(id);
      if (!g) continue;
      try {
        const stats = withOom(driver.readStats(g.ref), id);
        const t = now();
        any = ledger.counters(t, id, g.name, countersFromStats(stats), g.fromZero).length > 0 || any;
        any = ledger.frozen(t, id, g.name, stats.frozen).length > 0 || any;
      } catch {
        // gone: the next tick reports the exit
      }
    }
    pending.clear();
    if (any) kick();
  }

  /** v1 has no oom counter: the eventfd count stands in for it. */
  function withOom(stats: CgroupStats, id: string): CgroupStats {
    const n = watcher?.oomCount(id);
    return n === undefined || stats.memory.oom !== undefined ? stats : { ...stats, memory: { ...stats.memory, oom: n } };
  }
  const putOom = (st: CgroupStats, id: string, m: Map<string, CgroupStats>): void => void m.set(id, withOom(st, id));
  const readGroups = createGroupStatsReader(driver);
  let grouped: { generation: number; groups: ReturnType<typeof groupContainers> } | undefined;
  let latest: Snapshot | undefined;
  let demand: SampleDemand = { processStats: 'none' };
  /** members of containers whose CPU must be summed from their processes (last tick's). */
  let cpuFromProcs = new Set<number>();
  const listeners = new Set<(s: Snapshot) => void>();
  let timer: NodeJS.Timeout | undefined;
  let active = false;
  let running: Promise<Snapshot> | undefined;

  async function sampleNow(): Promise<Snapshot> {
    problems.clear();
    tick++;
    const d = demand.processStats;
    const want = d === 'all' ? 'all' : new Set([...(d === 'none' ? [] : d), ...cpuFromProcs]);
    const procs = await table.refresh(want, d === 'all' ? quiet.next() : undefined);
    const generation = table.generation();
    // grouping depends on identities only: the same generation groups the same way
    if (grouped?.generation !== generation) grouped = { generation, groups: groupContainers(procs) };
    const groups = grouped.groups;
    const full = marked;
    marked = new Set();
    const stats = await readGroups(
      groups,
      demand.watch,
      (g, err) => {
        if (!isVanished(err)) note(`cg:${g.id}`, `cgroup of ${g.name}: ${(err as Error).message}`);
      },
      full,
    );
    stats.forEach(putOom);
    cpuFromProcs = new Set();
    for (const g of groups) if (stats.get(g.id)?.cpu.usageUsec === undefined) for (const p of g.members) cpuFromProcs.add(p.pid);
    let live: ReturnType<typeof readLiveHostFacts> = { psi: {} };
    try {
      live = readLiveHostFacts(opts.procRoot);
    } catch (err) {
      note('host', `host facts: ${(err as Error).message}`);
    }
    const denied: number[] = [];
    for (let i = 0; i < procs.length; i++) if (procs[i]!.nsDenied.length > 0) denied.push(procs[i]!.pid);
    if (denied.length > 0) {
      note('nsdenied', `namespace links unreadable (EACCES) for ${denied.length} process(es): ${denied.slice(0, 5).join(', ')}${denied.length > 5 ? '…' : ''}`);
    }
    const built = buildSnapshot(
      {
        time: now(),
        procs,
        groups,
        stats,
        host: { ...facts, cgroupMode: driver.layout.mode, ...live },
        warnings: [...problems.values()],
        readOnly,
        userName,
        clockTicks: table.clockTicks,
        generation,
        ...(demand.fresh ? { fresh: demand.fresh } : {}),
      },
      memory,
    );
    memory = built.memory;
    latest = built.snapshot;
    if (opts.managed) {
      try {
        latest = { ...latest, containers: mergeManaged(latest.containers, await opts.managed()) };
      } catch (err) {
        latest = { ...latest, warnings: [...latest.warnings, `nstop state: ${(err as Error).message}`] };
      }
    }
    latest = net.attachTo(latest, demand.watch);
    latest = { ...latest, containers: record(latest.time, latest.containers), events: ledger.events() };
    watchFor(latest.containers, groups);
    for (const l of listeners) {
      try {
        l(latest);
      } catch {
        // a listener's failure must not stop sampling
      }
    }
    return latest;
  }

  /** Tell the ledger what this tick saw; rows get when each counter last moved. */
  function record(time: number, rows: ContainerRow[]): ContainerRow[] {
    ledger.arrivals(time, rows);
    for (const r of rows) {
      const values: Partial<Record<CounterName, number>> = {};
      for (const k of COUNTER_NAMES) values[k] = r.counters[k].value;
      // a stopped row's counters are its final ones: report them all now
      ledger.counters(time, r.id, r.name, values, ledger.createdHere(r), r.status === 'stopped');
      ledger.frozen(time, r.id, r.name, r.stats?.frozen);
    }
    ledger.departures(time, rows);
    const out: ContainerRow[] = [];
    for (const r of rows) {
      const counters = { ...r.counters };
      for (const k of COUNTER_NAMES) {
        const at = ledger.changedAt(r.id, k);
        if (at !== undefined) counters[k] = { ...counters[k], changedAt: at };
      }
      out.push({ ...r, counters });
    }
    return out;
  }

  function watchFor(rows: readonly ContainerRow[], groups: ReturnType<typeof groupContainers>): void {
    if (!watcher) return;
    const want = demand.watch;
    const ids = want === 'all' ? undefined : new Set(want ?? []);
    const refs = new Map<string, ContainerGroup['ref']>();
    for (const g of groups) refs.set(g.id, g.ref);
    const next = new Map<string, WatchedGroup & { name: string; fromZero: boolean }>();
    for (const r of rows) {
      const ref = refs.get(r.id);
      if (ref && r.status !== 'stopped' && (!ids || ids.has(r.id))) next.set(r.id, { id: r.id, ref, name: r.name, fromZero: ledger.createdHere(r) });
    }
    watched = next;
    watcher.watch([...next.values()]);
  }

  let lastStart = 0;
  /** An event came between ticks: show it now rather than up to an interval later. */
  function kick(): void {
    if (!active || running) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(loop, Math.max(0, MIN_TICK_GAP_MS - (now() - lastStart)));
  }

  function sample(): Promise<Snapshot> {
    // One sample at a time: a slow tick is never overlapped by the next.
    running ??= sampleNow().finally(() => (running = undefined));
    return running;
  }

  function loop(): void {
    const started = now();
    lastStart = started;
    sample()
      .catch((err: unknown) => note('sample', `sample failed: ${(err as Error).message}`))
      .finally(() => {
        if (!active) return;
        timer = setTimeout(loop, Math.max(0, opts.intervalMs - (now() - started)));
      });
  }

  return {
    driver,
    current: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setDemand(d) {
      demand = d;
    },
    changed() {
      if (Array.isArray(demand.watch)) for (const id of demand.watch) marked.add(id);
    },
    sample,
    onEvent: (listener) => ledger.subscribe(listener),
    start() {
      if (active) return;
      active = true;
      loop();
    },
    stop() {
      active = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      watcher?.close();
      driver.close();
    },
  };
}
