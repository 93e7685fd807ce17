// Which containers without a CPU-time counter of their own have their processes' stat
// read this tick. Such a container (only memory+pids groups of its own, or none at all:
// a plain `unshare --pid` tree) has its CPU % summed from its processes, so its cost is a
// stat read per process instead of one file per container. Rows on screen (and every row
// for the CLI) are read every tick; the others once per OFF_SCREEN_CPU_EVERY ticks, or
// less often where that would read more than OFF_SCREEN_PIDS_PER_TICK processes a tick
// (a bigger host: its off-screen rows cost the same a tick, their figures are older),
// spread over the ticks so that a host of such containers never reads every process on
// one tick. The model keeps an off-screen row's last figure meanwhile and says how old it
// is (ContainerRow.cpuAgeMs).
import type { ContainerGroup } from '../model/group.js';

/** A row off screen without a CPU counter of its own has its CPU % read once per this many
 *  ticks: its figure is then at most OFF_SCREEN_CPU_EVERY - 1 ticks old. */
export const OFF_SCREEN_CPU_EVERY = 5;
/** ...and at most about this many off-screen processes are read a tick: every
 *  ceil(off-screen processes / this) ticks when that is longer (10,000 processes in 200
 *  such containers, 25 on screen: every 9 ticks; 30,000 in 600: every 29). A stat read is
 *  ~25 µs here, so off-screen rows cost ~25 ms a tick at most, whatever the host. */
export const OFF_SCREEN_PIDS_PER_TICK = 1000;

/** Ticks between two readings of an off-screen row, given its processes off screen. */
export function offScreenPeriod(offScreenPids: number): number {
  return Math.max(OFF_SCREEN_CPU_EVERY, Math.ceil(offScreenPids / OFF_SCREEN_PIDS_PER_TICK));
}

type Due = { next: number; readings: number };

export function createMemberCpu() {
  let state = new Map<string, Due>();
  /** phases handed out: groups first seen on one tick are spread over the next ticks */
  let phase = 0;

  /** The pids to read this tick. `counted`: whether a group had a CPU counter of its own
   *  last tick (then it is not summed); `onScreen`: undefined = every row is (the CLI). */
  function pidsFor(groups: readonly ContainerGroup[], counted: (id: string) => boolean, onScreen: ReadonlySet<string> | undefined, tick: number): Set<number> {
    const pids = new Set<number>();
    const next = new Map<string, Due>();
    let off = 0;
    if (onScreen !== undefined) {
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        if (!onScreen.has(g.id) && !counted(g.id)) off += g.members.length;
      }
    }
    const every = offScreenPeriod(off);
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (counted(g.id)) continue;
      // first sight: read now and on the next tick (a figure at once), then on its phase
      const d = state.get(g.id) ?? { next: tick, readings: 0 };
      next.set(g.id, d);
      if (onScreen !== undefined && !onScreen.has(g.id) && d.next > tick) continue;
      d.readings++;
      if (d.next <= tick) d.next = d.readings === 1 ? tick + 1 : d.readings === 2 ? tick + 1 + (phase++ % every) : tick + every;
      for (let k = 0; k < g.members.length; k++) pids.add(g.members[k]!.pid);
    }
    state = next;
    return pids;
  }

  return { pidsFor };
}
