// The poll loop: I/O and scheduling. Each interval it reads one sample (processes, cgroup
// figures, nstop's state files, network counters, the event watcher's counts) and hands
// it to the model (buildModel, src/model/model.ts), which makes the Snapshot it
// publishes. It never throws into its subscribers: a failed read becomes a warning on
// the next snapshot. It never writes: reaping ended containers is the act side's.
import { createCgroupDriver } from '../host/cgroup/index.js';
import { errorCode, isVanished } from '../host/errors.js';
import { readLiveHostFacts, staticFactsFromOs, type StaticHostFacts } from '../host/host-facts.js';
import { readUserNames, userName as nameOf } from '../host/proc-reader.js';
import type { NsIds } from '../host/vocabulary.js';
import { groupContainers, type ContainerGroup } from '../model/group.js';
import { hostNamespacesOf } from '../model/host-ns.js';
import { groupsUnmovedBy } from '../model/group-keep.js';
import type { ProcInput } from '../model/input.js';
import { managedByName } from '../model/managed.js';
import { buildModel, emptyMemory, type ModelMemory } from '../model/model.js';
import { netTargets } from '../model/net.js';
import type { ContainerRow, ManagedInfo, SampleDemand, Snapshot } from '../model/types.js';
import { createBetweenTicks } from './between-ticks.js';
import { createProcessTable } from './process-table.js';
import { openPidEvents } from '../host/procfs/proc-events.js';
import { resolve } from 'node:path';
import { createQuietCgroups } from './quiet-cgroups.js';
import { createGroupStatsReader } from './group-stats.js';
import { createAncestorLimits } from './ancestor-limits.js';
import { createNetSampler } from './net-sampler.js';
import { createMemberCpu } from './member-cpu.js';
import { nameGroups } from '../model/runtime-names.js';
import { createRecordPolicy } from './runtime-records.js';
import type { Sampler, SamplerOptions } from './sampler-types.js';

export type { Sampler, SamplerOptions } from './sampler-types.js';


/** deferIdentity: a tick meeting this many unseen pids reads them cheaply (a start among
 *  10k processes: the first sample took ~40 % less CPU, measured; process-table.ts). */
const DEFER_MIN = 1000;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
const NO_ROWS: ReadonlySet<string> = new Set();

/** An event makes the next tick come early, but never sooner than this after the last. */
const MIN_TICK_GAP_MS = 250;


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
  /** warnings handed in from outside since the last tick */
  let outside: string[] = [];
  const note = (key: string, text: string): void => void problems.set(key, text);
  const pidEvents = opts.pidEvents && resolve(opts.procRoot) === '/proc' ? openPidEvents() : undefined;
  const table = createProcessTable({
    procRoot: opts.procRoot,
    ...(pidEvents ? { pidEvents } : {}),
    ...(opts.deferIdentity ? { deferIdentity: DEFER_MIN } : {}),
    ...(opts.ahead ? { ahead: opts.ahead } : {}),
    onError: (pid, err) => note(`proc:${errorCode(err) ?? 'error'}`, `reading /proc/${pid}: ${(err as Error).message}`),
  });

  const quiet = createQuietCgroups(driver);
  let memory: ModelMemory = emptyMemory(now());
  /** the model's event ledger: the same object from step to step, told by the watcher too */
  const ledger = memory.ledger;
  const net = createNetSampler(opts.procRoot);
  const between = createBetweenTicks({ driver, ledger, now, eventfds: !readOnly, watch: opts.watchEvents !== false, onEvent: () => kick(), ...(opts.eventPollMs !== undefined ? { pollMs: opts.eventPollMs } : {}) });
  const readGroups = createGroupStatsReader(driver);
  const ancestorLimits = createAncestorLimits(driver);
  /** grouping and the host's namespaces depend on identities only: kept per generation */
  let grouped: { generation: number; groups: ContainerGroup[]; hostNs: NsIds; unmovedBy: (touched: readonly ProcInput[]) => boolean } | undefined;
  const recordPolicy = opts.runtimeRoots ? createRecordPolicy(opts.runtimeRoots) : undefined;
  /** the groups named by the runtimes' records: remade when either changes */
  let named: { from: ContainerGroup[]; records: readonly unknown[]; groups: ContainerGroup[]; stopped: ContainerRow[] } | undefined;
  let latest: Snapshot | undefined;
  let demand: SampleDemand = { processStats: 'none' };
  /** containers whose CPU is summed from their processes: which are read this tick */
  const memberCpu = createMemberCpu();
  /** groups that had a CPU-time counter of their own last tick */
  let counted = new Set<string>();
  /** last tick's groups as shown (after the runtimes' records renamed them): the ids
   *  `counted` and the screen's demand speak of */
  let shown: readonly ContainerGroup[] | undefined;
  const hasCounter = (id: string): boolean => counted.has(id);
  /** this tick's groups, for standIn (one function, not a closure made per tick) */
  let standInGroups: readonly ContainerGroup[] = [];
  const standIn = (i: number): number => memberCpu.standIn(standInGroups[i]!.members);
  const cpuTicksOf = (pid: number): number | undefined => table.inputOf(pid)?.cpuTicks;
  const listeners = new Set<(s: Snapshot) => void>();
  let timer: NodeJS.Timeout | undefined;
  let active = false;
  let running: Promise<Snapshot> | undefined;

  async function sampleNow(): Promise<Snapshot> {
    problems.clear();
    tick++;
    const d = demand.processStats;
    // last tick's groups decide whose processes are read for a summed CPU %
    const screen = demand.watch === undefined || demand.watch === 'all' ? undefined : new Set(demand.watch);
    let want: 'all' | Set<number> = 'all';
    if (d !== 'all') {
      want = shown && demand.memberCpu !== false ? memberCpu.pidsFor(shown, hasCounter, demand.memberCpu === 'background' ? NO_ROWS : screen, tick) : new Set();
      if (d !== 'none') for (const pid of d) want.add(pid);
    }
    const procs = await table.refresh(want, d === 'all' ? quiet.next() : undefined);
    if (want !== 'all') for (const pid of want) memberCpu.observe(pid, table.inputOf(pid)?.cpuTicks);
    else if (shown) memberCpu.observeGroups(shown, hasCounter, cpuTicksOf, tick);
    const generation = table.generation();
    if (grouped?.generation !== generation) {
      const change = table.lastChange();
      // processes no group has to do with came or went (group-keep.ts): the groups stand
      if (grouped && grouped.generation === generation - 1 && change && grouped.unmovedBy(change)) grouped.generation = generation;
      else {
        // a key pressed during the table's last chunk is handled before the grouping (tens
        // of ms at 30,000 processes), and again before the model's step below
        await yieldToLoop();
        const host = hostNamespacesOf(procs);
        const groups = groupContainers(procs);
        grouped = { generation, groups, hostNs: host.ns, unmovedBy: groupsUnmovedBy(groups, host.through) };
      }
    }
    const { hostNs } = grouped;
    let groups = grouped.groups;
    let stopped: ContainerRow[] = [];
    if (recordPolicy) {
      const rec = recordPolicy.records(groups, now());
      for (const w of rec.warnings) note(`rec:${w}`, w);
      if (named?.from !== groups || named.records !== rec.records) named = { from: groups, records: rec.records, ...nameGroups(groups, rec.records, procs) };
      ({ groups, stopped } = named);
    }
    shown = groups;
    const full = between.takeMarked();
    const own = await readGroups(
      groups,
      demand.watch,
      (g, err) => {
        if (!isVanished(err)) note(`cg:${g.id}`, `cgroup of ${g.name}: ${(err as Error).message}`);
      },
      full,
      {
        idleEvery: demand.idleFullEvery,
        psiAverages: demand.psiAverages !== false,
        // the dashboard: a group without a usage file has its members' readings stand in
        // for it (serve reads no members; the recorder, in the background, too few a tick)
        standIn: demand.memberCpu === undefined || demand.memberCpu === true ? ((standInGroups = groups), standIn) : undefined,
      },
    );
    // limits set on a group above the container's (a pod slice, nspawn's machine scope)
    const { stats, limitFrom } = ancestorLimits(groups, own);
    counted = new Set();
    for (let i = 0; i < groups.length; i++) if (stats.get(groups[i]!.id)?.cpu.usageUsec !== undefined) counted.add(groups[i]!.id);
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
    const time = now();
    const warnings = [...problems.values(), ...outside];
    outside = [];
    let managed: ManagedInfo[] | undefined;
    try {
      managed = await opts.managed?.();
    } catch (err) {
      warnings.push(`nstop state: ${(err as Error).message}`);
    }
    await yieldToLoop();
    const netRead = net.read(netTargets(groups, hostNs, managedByName(managed)), time, demand.net ?? demand.watch);
    warnings.push(...netRead.warnings);
    const built = buildModel(
      {
        time, procs, groups, stats, limitFrom, hostNs, generation, warnings, readOnly, userName, clockTicks: table.clockTicks,
        host: { ...facts, cgroupMode: driver.layout.mode, ...live },
        processFigures: d !== 'none',
        inputOf: table.inputOf,
        ...(demand.fresh ? { fresh: demand.fresh } : {}),
        ...(demand.processRows === false ? { processRows: false as const } : {}),
        ...(managed ? { managed } : {}),
        ...(stopped.length > 0 ? { recordedStopped: stopped } : {}),
        oomCounts: between.oomCounts(),
        net: netRead,
      },
      memory,
    );
    memory = built.memory;
    latest = built.snapshot;
    between.watchFor(latest.containers, groups, demand.watch);
    for (const l of listeners) {
      try {
        l(latest);
      } catch {
        // a listener's failure must not stop sampling
      }
    }
    return latest;
  }

  let lastStart = 0;
  /** the dashboard's + and - change it live (setInterval) */
  let intervalMs = opts.intervalMs;
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
        timer = setTimeout(loop, Math.max(0, intervalMs - (now() - started)));
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
    setInterval(ms) {
      intervalMs = ms;
      // a waiting tick is rescheduled: from 10 s down to 1 s must not wait the 10 s out
      if (!active || running || timer === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(loop, Math.max(0, ms - (now() - lastStart)));
    },
    changed() {
      if (Array.isArray(demand.watch)) for (const id of demand.watch) between.mark(id);
    },
    sample,
    onEvent: (listener) => ledger.subscribe(listener),
    refresh: () => kick(),
    warn: (text) => void outside.push(text),
    start() {
      if (active) return;
      active = true;
      loop();
    },
    stop() {
      active = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      between.close();
      driver.close();
      table.close();
    },
  };
}
