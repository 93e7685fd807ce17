// Each tick's cgroup reads. A full read is ~20 files per group on a hybrid host, a hot
// read (driver.readHot: memory in use, CPU used, tasks, frozen) 4-6, and a usage read
// (driver.readUsage) one. Rows on screen, and every row for the CLI and `nstop events`,
// get a full read every tick. A row off screen first gets the usage read: CPU time that
// stood still since the last tick means no task of the group ran, so its memory and
// task count stood still too and last tick's figures are kept. Otherwise it gets a hot
// read laid over its last full one. Full reads of rows off screen come round every
// FULL_EVERY ticks for groups that ran since their last one, every IDLE_FULL_EVERY for
// those that did not (limits set by another tool, counters: an idle group hits no limit).
import { withHot } from '../host/cgroup/stats.js';
import type { CgroupDriver, CgroupRef, CgroupStats } from '../host/cgroup/types.js';
import type { SampleDemand } from '../model/types.js';

/** A group off screen that ran is read in full at least once per this many ticks... */
export const FULL_EVERY = 5;
/** ...and one that did not run since its last full read, once per this many. */
export const IDLE_FULL_EVERY = 20;
/** Groups read between two yields to the event loop. */
const STATS_CHUNK = 40;

type Group = { id: string; name: string; ref?: CgroupRef };
type Kept = { full: CgroupStats; fullTick: number; last: CgroupStats };

export function createGroupStatsReader(driver: CgroupDriver) {
  let ticks = 0;
  let kept = new Map<string, Kept>();

  /** Full read due for a group off screen (spread over ticks by its index, not all on one). */
  const fullDue = (k: Kept, index: number, idle: boolean): boolean => {
    const every = idle ? IDLE_FULL_EVERY : FULL_EVERY;
    return ticks - k.fullTick >= every || index % every === ticks % every;
  };

  function readOne(g: Group & { ref: CgroupRef }, index: number, onScreen: (id: string) => boolean): Kept {
    const k = kept.get(g.id);
    if (!k || onScreen(g.id)) return fullRead(g.ref);
    const usage = driver.readUsage(g.ref);
    const idle = usage !== undefined && usage === k.full.cpu.usageUsec;
    if (fullDue(k, index, idle)) return fullRead(g.ref);
    if (usage !== undefined && usage === k.last.cpu.usageUsec) return k;
    return { ...k, last: withHot(k.full, driver.readHot(g.ref)) };
  }

  const fullRead = (ref: CgroupRef): Kept => {
    const full = driver.readStats(ref);
    return { full, fullTick: ticks, last: full };
  };

  /** Stats of every group with a ref; a group that fails is left out and reported (vanished ones quietly, by the caller). */
  return async function readGroups(groups: readonly Group[], watch: SampleDemand['watch'], onError: (g: Group, err: unknown) => void): Promise<Map<string, CgroupStats>> {
    ticks++;
    const stats = new Map<string, CgroupStats>();
    const screen = watch === undefined || watch === 'all' ? undefined : new Set(watch);
    const onScreen = (id: string): boolean => screen === undefined || screen.has(id);
    const next = new Map<string, Kept>();
    let read = 0;
    for (let index = 0; index < groups.length; index++) {
      const g = groups[index]!;
      if (!g.ref) continue;
      // a few hundred groups of a dozen files each: let keys through meanwhile
      if (++read % STATS_CHUNK === 0) await new Promise((r) => setImmediate(r));
      try {
        const k = readOne(g as Group & { ref: CgroupRef }, index, onScreen);
        stats.set(g.id, k.last);
        next.set(g.id, k);
      } catch (err) {
        onError(g, err);
      }
    }
    kept = next;
    return stats;
  };
}
