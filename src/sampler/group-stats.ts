// Each tick's cgroup reads. A full read is ~20 files per group on a hybrid host; a hot
// read (driver.readHot: memory in use, CPU used, tasks, frozen) is 4-5. Rows on screen,
// and every row for the CLI and `nstop events`, get a full read; the others a hot read
// laid over their last full one, which comes round every FULL_EVERY ticks.
import { withHot } from '../host/cgroup/stats.js';
import type { CgroupDriver, CgroupRef, CgroupStats } from '../host/cgroup/types.js';
import type { SampleDemand } from '../model/types.js';

/** A group off screen is read in full at least once per this many ticks. */
const FULL_EVERY = 5;
/** Groups read between two yields to the event loop. */
const STATS_CHUNK = 40;

type Group = { id: string; name: string; ref?: CgroupRef };

export function createGroupStatsReader(driver: CgroupDriver) {
  let ticks = 0;
  let lastFull = new Map<string, { stats: CgroupStats; tick: number }>();

  /** Whether the group at `index` gets a full read this tick. */
  function fullReadFor(watch: SampleDemand['watch']): (id: string, index: number, lastTick: number) => boolean {
    if (watch === undefined || watch === 'all') return () => true;
    const onScreen = new Set(watch);
    // spread the off-screen full reads over the ticks rather than all on one
    const slot = ticks % FULL_EVERY;
    return (id, index, lastTick) => onScreen.has(id) || ticks - lastTick >= FULL_EVERY || index % FULL_EVERY === slot;
  }

  /** Stats of every group with a ref; a group that fails is left out and reported (vanished ones quietly, by the caller). */
  return async function readGroups(groups: readonly Group[], watch: SampleDemand['watch'], onError: (g: Group, err: unknown) => void): Promise<Map<string, CgroupStats>> {
    ticks++;
    const stats = new Map<string, CgroupStats>();
    const fullFor = fullReadFor(watch);
    const nextFull = new Map<string, { stats: CgroupStats; tick: number }>();
    let read = 0;
    for (const [index, g] of groups.entries()) {
      if (!g.ref) continue;
      // a few hundred groups of a dozen files each: let keys through meanwhile
      if (++read % STATS_CHUNK === 0) await new Promise((r) => setImmediate(r));
      try {
        const last = lastFull.get(g.id);
        if (last && !fullFor(g.id, index, last.tick)) {
          stats.set(g.id, withHot(last.stats, driver.readHot(g.ref)));
          nextFull.set(g.id, last);
        } else {
          const full = driver.readStats(g.ref);
          stats.set(g.id, full);
          nextFull.set(g.id, { stats: full, tick: ticks });
        }
      } catch (err) {
        onError(g, err);
      }
    }
    lastFull = nextFull;
    return stats;
  };
}
