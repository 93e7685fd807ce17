// Each tick's cgroup reads. A full read is ~25 files per group on a hybrid host, a hot
// read (driver.readHot: memory in use, CPU used, tasks, frozen) 4-6, and a usage read
// (driver.readUsage) one. Every row for the CLI and `nstop events` gets a full read
// every tick. In the dashboard each row first gets the usage read: CPU time that stood
// still since the last tick means no task of the group ran, so nothing that needs a
// task moved (memory charged, tasks forked, limits hit) and last tick's figures stand.
// - on screen: a full read, unless the group is idle, the event watcher or an action
//   of nstop did not mark it, and its last full read is under ON_SCREEN_FULL_EVERY
//   ticks old (a limit another tool set shows within that; ReadOptions.idleEvery when
//   the caller asks for another: nstop record); then, while some PSI avg10 is above zero
//   (a stalled average decays without any task running), its PSI alone (only where
//   averages are shown: not for serve, ReadOptions.psiAverages);
// - off screen: a hot read laid over the last full one, none while idle; full reads
//   every FULL_EVERY ticks for a group that ran since its last one, every
//   IDLE_FULL_EVERY for one that did not.
// A group without a CPU-time counter of its own (only memory+pids groups: v1 hosts where
// some controllers are used, nspawn without a unit) has no usage read; the caller (the
// dashboard's sampler) may hand in a stand-in instead: its members' CPU ticks as last read (member-cpu.ts, which
// reads them for its CPU %) and its member count. It moves when a reading this tick shows
// a member ran, or one came or went. Without it such a group was read in full every tick
// on screen and hot every tick off screen (at 200 such groups ~1,000 cgroup files a tick
// instead of ~500). A member that ran for less than a clock tick (10 ms), or a sleeper
// not due a reading this tick (member-cpu.ts: once per 4 ticks on screen), does not move
// it: what such a run changed (memory charged, a task forked) shows with the next full
// read, at most ON_SCREEN_FULL_EVERY - 1 ticks later on screen. Off screen no hot read
// while it stands still, and no full read either but once per IDLE_FULL_EVERY: once per
// FULL_EVERY ticks only its event files are read (v1 memory.failcnt, memory.oom_control,
// pids.events; v2 memory.events, pids.events: 3-5 files, not ~25), and it is read in
// full when one of them changed since its last full read. Its limit hits are found as
// soon as before (the event watcher watches rows on screen only); its memory and tasks
// are at most IDLE_FULL_EVERY - 1 ticks old there while no reading shows it ran.
import { PSI_KINDS } from '../host/cgroup/psi.js';
import { withHot } from '../host/cgroup/stats.js';
import type { CgroupDriver, CgroupRef, CgroupStats, EventSources } from '../host/cgroup/types.js';
import type { SampleDemand } from '../model/types.js';
import { createAbove } from './parent-gate.js';

/** An idle group on screen is read in full at least once per this many ticks. */
export const ON_SCREEN_FULL_EVERY = 3;
/** A group off screen that ran is read in full at least once per this many ticks... */
export const FULL_EVERY = 5;
/** ...and one that did not run since its last full read, once per this many. */
export const IDLE_FULL_EVERY = 20;
/** Groups read between two yields to the event loop. */
const STATS_CHUNK = 40;

type Group = { id: string; name: string; ref?: CgroupRef };
/** gate: the usage (or stand-in) at the last read; fullGate: at the last full read;
 *  events: a stand-in group's event files and their text at its last full read */
type Kept = { full: CgroupStats; fullTick: number; last: CgroupStats; gate: number | undefined; fullGate: number | undefined; events?: EventTexts | undefined };
type EventTexts = { files: readonly string[]; text: string };
/** the stand-in for a CPU-time counter of the group at this index (undefined: none) */
export type UsageStandIn = (index: number) => number | undefined;
/** what a caller asks beyond the dashboard's defaults */
export type ReadOptions = {
  /** an idle group on screen is read in full once per this many ticks (default
   *  ON_SCREEN_FULL_EVERY; nstop record: about a minute's worth) */
  idleEvery?: number | undefined;
  /** PSI averages are shown (default true; serve exports totals only) */
  psiAverages?: boolean;
  standIn?: UsageStandIn | undefined;
};

/** last figures with this tick's PSI (a new object: the model compares by identity) */
const withPsi = (s: CgroupStats, psi: CgroupStats['psi']): CgroupStats => ({ ...s, psi });

/** Some PSI avg10 above zero: it decays tick by tick even with every task asleep. */
const stalling = (s: CgroupStats): boolean => stalls(s.psi.cpu) || stalls(s.psi.memory) || stalls(s.psi.io);
export const stalls = (p: CgroupStats['psi']['cpu']): boolean => p !== undefined && (p.some.avg10 > 0 || (p.full?.avg10 ?? 0) > 0);
/** An idle group's PSI re-read: only the kinds still decaying. A kind at zero stays there
 *  as when all three are (no PSI read at all): memory and io stalls begin in a task that
 *  runs (reclaim, submitting IO), which moves the group's CPU time. A group whose
 *  load's start stalled its CPU reads 1 file a tick instead of 3 for the ~100 s its
 *  avg10 takes to decay. */
function decayed(driver: CgroupDriver, ref: CgroupRef, last: CgroupStats): CgroupStats {
  const kinds = PSI_KINDS.filter((k) => stalls(last.psi[k]));
  return withPsi(last, { ...last.psi, ...driver.readPsi(ref, kinds) });
}

/** The files whose text moves with a limit hit or an OOM (event-watch.ts watches them). */
const eventFiles = (s: EventSources): string[] => [...s.notify, ...s.oomControl, ...s.poll];

/** a group's own CPU time at its last read, and its parent's read just before */
type Mark = { parent: number; own: number };

export function createGroupStatsReader(driver: CgroupDriver) {
  let ticks = 0;
  let kept = new Map<string, Kept>();
  const aboveOf = createAbove();
  let marks = new Map<string, Mark>();
  let nextMarks = new Map<string, Mark>();
  /** parents' CPU time this tick, by parentRef key */
  let parents = new Map<string, number | undefined>();

  /** The group's CPU time: its last reading while its parent's stood still since then
   *  (parent-gate.ts: 200 idle groups under one parent, one read instead of 200), else read. */
  function ownUsage(g: Group & { ref: CgroupRef }): number | undefined {
    const up = aboveOf(g.ref);
    let pu: number | undefined;
    if (up) {
      if (!parents.has(up.key)) parents.set(up.key, quietUsage(up.ref));
      pu = parents.get(up.key);
      const m = marks.get(g.id);
      if (m !== undefined && m.parent === pu) {
        nextMarks.set(g.id, m);
        return m.own;
      }
    }
    const own = driver.readUsage(g.ref);
    if (pu !== undefined && own !== undefined) nextMarks.set(g.id, { parent: pu, own });
    return own;
  }

  function quietUsage(ref: CgroupRef): number | undefined {
    try {
      return driver.readUsage(ref);
    } catch {
      return undefined; // unknown: every child is read
    }
  }

  /** Full read due once per `every` ticks (spread over ticks by index, not all on one). */
  const fullDue = (k: Kept, index: number, every: number): boolean => ticks - k.fullTick >= every || index % every === ticks % every;

  function readOne(g: Group & { ref: CgroupRef }, index: number, screen: ReadonlySet<string> | undefined, marked: ReadonlySet<string>, o: ReadOptions): Kept {
    const standIn = o.standIn;
    const k = kept.get(g.id);
    if (!k || screen === undefined || marked.has(g.id)) return fullRead(g.ref, standIn?.(index));
    const own = ownUsage(g);
    const usage = own ?? standIn?.(index);
    const still = usage !== undefined && usage === k.gate;
    if (screen.has(g.id)) {
      if (!still || fullDue(k, index, o.idleEvery ?? ON_SCREEN_FULL_EVERY)) return fullRead(g.ref, usage);
      if (!((o.psiAverages ?? true) && stalling(k.last))) return k;
      // idle, its PSI decaying: only the PSI moved (1-3 files, not ~25)
      return { full: k.full, fullTick: k.fullTick, last: decayed(driver, g.ref, k.last), gate: k.gate, fullGate: k.fullGate, events: k.events };
    }
    const idle = usage !== undefined && usage === k.fullGate;
    if (own === undefined && usage !== undefined) {
      // a stand-in: its event files once per FULL_EVERY ticks stand in for the full read
      if (fullDue(k, index, idle ? IDLE_FULL_EVERY : FULL_EVERY)) return fullRead(g.ref, usage, true, k.events);
      if (idle && index % FULL_EVERY === ticks % FULL_EVERY && eventsMoved(k)) return fullRead(g.ref, usage, true, k.events);
    } else if (fullDue(k, index, idle ? IDLE_FULL_EVERY : FULL_EVERY)) return fullRead(g.ref, usage);
    if (still) return k;
    const last = withHot(k.full, driver.readHot(g.ref));
    return { full: k.full, fullTick: k.fullTick, last, gate: last.cpu.usageUsec ?? usage, fullGate: k.fullGate, events: k.events };
  }

  /** `gate`: a usage already read this tick (or the stand-in); the full read's own wins.
   *  `standIn`: off screen with a stand-in, so its event files' text is kept to compare
   *  with (`known`: the files, found on its first such read). */
  const fullRead = (ref: CgroupRef, gate: number | undefined, standIn = false, known?: EventTexts): Kept => {
    // the event files before the figures: a hit in between shows in the figures now and
    // moves the text for the next check (one full read more), never the other way round
    let ev: EventTexts | undefined;
    if (standIn) {
      const files = known?.files ?? eventFiles(driver.eventSources(ref));
      ev = { files, text: eventText(files) };
    }
    const full = driver.readStats(ref);
    const g = full.cpu.usageUsec ?? gate;
    return { full, fullTick: ticks, last: full, gate: g, fullGate: g, events: ev };
  };

  /** The event files' text now, "" for one that cannot be read (gone: the full read says so). */
  function eventText(files: readonly string[]): string {
    let text = '';
    for (let i = 0; i < files.length; i++) {
      try {
        text += driver.readFile(files[i]!);
      } catch {
        // a file that went away: its absence is text too
      }
      text += '\0';
    }
    return text;
  }

  /** Whether a stand-in group's counters moved since its last full read (none kept yet:
   *  moved, so that the full read keeps them). */
  const eventsMoved = (k: Kept): boolean => k.events === undefined || eventText(k.events.files) !== k.events.text;

  /** Stats of every group with a ref; a group that fails is left out and reported
   *  (vanished ones quietly, by the caller). `marked`: groups to read in full whatever
   *  their CPU time says (the event watcher saw a file change, nstop changed them).
   *  `standIn`: for groups without a usage file, what stands in for it (above). */
  return async function readGroups(
    groups: readonly Group[],
    watch: SampleDemand['watch'],
    onError: (g: Group, err: unknown) => void,
    marked: ReadonlySet<string> = new Set(),
    o: ReadOptions = {},
  ): Promise<Map<string, CgroupStats>> {
    ticks++;
    parents = new Map();
    nextMarks = new Map();
    const stats = new Map<string, CgroupStats>();
    const screen = watch === undefined || watch === 'all' ? undefined : new Set(watch);
    const next = new Map<string, Kept>();
    let read = 0;
    for (let index = 0; index < groups.length; index++) {
      const g = groups[index]!;
      if (!g.ref) continue;
      // a few hundred groups of a dozen files each: let keys through meanwhile
      if (++read % STATS_CHUNK === 0) await new Promise((r) => setImmediate(r));
      try {
        const k = readOne(g as Group & { ref: CgroupRef }, index, screen, marked, o);
        stats.set(g.id, k.last);
        next.set(g.id, k);
      } catch (err) {
        onError(g, err);
      }
    }
    kept = next;
    marks = nextMarks;
    return stats;
  };
}
