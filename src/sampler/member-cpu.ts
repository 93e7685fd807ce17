// Which containers without a CPU-time counter of their own have their processes' stat
// read this tick. Such a container (only memory+pids groups of its own, or none at all:
// a plain `unshare --pid` tree) has its CPU % summed from its processes, so its cost is a
// stat read per process instead of one file per container. Rows on screen (and every row
// for the CLI) are read every tick; the others once per OFF_SCREEN_CPU_EVERY ticks, or
// less often where that would read more than OFF_SCREEN_PIDS_PER_TICK processes a tick
// (a bigger host: its off-screen rows cost the same a tick, their figures are older),
// spread over the ticks so that a host of such containers never reads every process on
// one tick. The model keeps an off-screen row's last figure meanwhile and says how old it
// is (ContainerRow.cpuAgeMs). In a row on screen, a process whose last IDLE_READS
// readings used no CPU time (a sleeper: most of any container) is read once per
// ON_SCREEN_IDLE_EVERY ticks, spread by pid; the model counts its CPU time over the time
// since its own last reading and its last rate meanwhile (container-rows.ts), so a sleeper
// that wakes shows up to ON_SCREEN_IDLE_EVERY - 1 ticks late, never lost. Off screen a
// sleeper is likewise read on one of ON_SCREEN_IDLE_EVERY readings of its row (spread by
// pid), and the budget counts the reads a row's last reading made, not its processes:
// a host of sleeping containers gets its off-screen figures 4 times as often for the
// same reads, while a waking sleeper off screen shows up to 4 of its row's periods late.
import type { ContainerGroup } from '../model/group.js';

/** A row off screen without a CPU counter of its own has its CPU % read once per this many
 *  ticks: its figure is then at most OFF_SCREEN_CPU_EVERY - 1 ticks old. */
export const OFF_SCREEN_CPU_EVERY = 5;
/** ...and at most about this many off-screen processes are read a tick: every
 *  ceil(reads of the off-screen rows' last readings / this) ticks when that is longer.
 *  Sleepers are read at one reading in ON_SCREEN_IDLE_EVERY, so a host of sleeping
 *  containers (10,000 processes in 200, 25 on screen) reads ~8,250 / 4 a period: every
 *  5 ticks; 30,000 in 600: every 8 (all of them busy: every 9 and 29). */
export const OFF_SCREEN_PIDS_PER_TICK = 1000;
/** Readings in a row without CPU time used that make a process of a row on screen idle... */
export const IDLE_READS = 2;
/** ...and then it is read once per this many ticks (until a reading shows it ran). */
export const ON_SCREEN_IDLE_EVERY = 4;
/** The per-process record is pruned of pids no longer in such a row this often. */
const PRUNE_EVERY = 30;

/** Ticks between two readings of an off-screen row, given its processes off screen. */
export function offScreenPeriod(offScreenPids: number): number {
  return Math.max(OFF_SCREEN_CPU_EVERY, Math.ceil(offScreenPids / OFF_SCREEN_PIDS_PER_TICK));
}

/** `reads`: processes read at its last reading (what its next one will about cost) */
type Due = { next: number; readings: number; reads: number };
/** a process's CPU ticks at its last reading and how many readings in a row were the same */
type Seen = { ticks: number; idle: number };

export function createMemberCpu() {
  let state = new Map<string, Due>();
  /** phases handed out: groups first seen on one tick are spread over the next ticks */
  let phase = 0;
  let seen = new Map<number, Seen>();

  /** A reading of a process this tick (its stat's utime + stime), after the table's read. */
  function observe(pid: number, cpuTicks: number | undefined): void {
    if (cpuTicks === undefined) return;
    const s = seen.get(pid);
    if (s === undefined) seen.set(pid, { ticks: cpuTicks, idle: 0 });
    else {
      s.idle = cpuTicks === s.ticks ? s.idle + 1 : 0;
      s.ticks = cpuTicks;
    }
  }

  /** What stands in for a CPU-time counter of a group without one (group-stats.ts): its
   *  members' CPU ticks at their last readings, summed, and how many members it has. It
   *  moves when a reading showed a member ran, or one came or went. */
  function standIn(members: ContainerGroup['members']): number {
    let sum = 0;
    for (let k = 0; k < members.length; k++) sum += seen.get(members[k]!.pid)?.ticks ?? 0;
    // the count in the low 20 bits: a sum of 2^33 ticks (2.7 years of CPU at 100 Hz) fits
    return sum * 0x100000 + (members.length % 0x100000);
  }

  /** Whether a process is read at `phase`: a sleeper once per ON_SCREEN_IDLE_EVERY
   *  phases, spread by pid. On screen the phase is the tick; off screen its row's
   *  reading count, not the tick (a row read every 4th tick would meet a sleeper's tick
   *  phase always or never). */
  const due = (pid: number, phase: number): boolean => {
    const s = seen.get(pid);
    return s === undefined || s.idle < IDLE_READS || (pid + phase) % ON_SCREEN_IDLE_EVERY === 0;
  };

  /** The pids to read this tick. `counted`: whether a group had a CPU counter of its own
   *  last tick (then it is not summed); `onScreen`: undefined = every row is (the CLI). */
  function pidsFor(groups: readonly ContainerGroup[], counted: (id: string) => boolean, onScreen: ReadonlySet<string> | undefined, tick: number): Set<number> {
    const pids = new Set<number>();
    const next = new Map<string, Due>();
    let off = 0;
    if (onScreen !== undefined) {
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        if (!onScreen.has(g.id) && !counted(g.id)) off += state.get(g.id)?.reads ?? g.members.length;
      }
    }
    const every = offScreenPeriod(off);
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (counted(g.id)) continue;
      // first sight: read now and on the next tick (a figure at once), then on its phase
      const d = state.get(g.id) ?? { next: tick, readings: 0, reads: g.members.length };
      next.set(g.id, d);
      const shown = onScreen !== undefined && onScreen.has(g.id);
      if (onScreen !== undefined && !shown && d.next > tick) continue;
      d.readings++;
      if (d.next <= tick) d.next = d.readings === 1 ? tick + 1 : d.readings === 2 ? tick + 1 + (phase++ % every) : tick + every;
      const before = pids.size;
      for (let k = 0; k < g.members.length; k++) {
        const pid = g.members[k]!.pid;
        // the first member always: the row gets a reading (a current figure) each time
        if (k === 0 || onScreen === undefined || due(pid, shown ? tick : d.readings)) pids.add(pid);
      }
      if (onScreen !== undefined && !shown) d.reads = pids.size - before;
    }
    state = next;
    prune(groups, counted, tick);
    return pids;
  }

  /** The Processes view reads every process: the members of groups without a counter
   *  count as readings (for standIn) there too. */
  function observeGroups(groups: readonly ContainerGroup[], counted: (id: string) => boolean, ticksOf: (pid: number) => number | undefined, tick: number): void {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (counted(g.id)) continue;
      for (let k = 0; k < g.members.length; k++) observe(g.members[k]!.pid, ticksOf(g.members[k]!.pid));
    }
    prune(groups, counted, tick);
  }

  /** Drops the readings of pids no longer in a group without a counter, once per
   *  PRUNE_EVERY ticks (pidsFor does; the Processes view, which does not call it, too). */
  function prune(groups: readonly ContainerGroup[], counted: (id: string) => boolean, tick: number): void {
    if (tick % PRUNE_EVERY !== 0) return;
    const kept = new Map<number, Seen>();
    for (const g of groups) {
      if (counted(g.id)) continue;
      for (const m of g.members) {
        const s = seen.get(m.pid);
        if (s) kept.set(m.pid, s);
      }
    }
    seen = kept;
  }

  return { pidsFor, observe, observeGroups, standIn, prune };
}
