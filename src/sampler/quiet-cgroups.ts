// "Did anything in this cgroup run since the last tick?" for the process table's
// Processes view (process-table.ts): one CPU-time file per distinct cgroup membership
// (driver.readUsage, e.g. cpuacct.usage "308015560422"), compared with the last tick's.
// Processes of one container share one membership array (proc-reader), so 10k
// processes in 200 containers cost ~250 reads instead of 10k stat reads.
import { isVanished } from '../host/errors.js';
import type { CgroupDriver } from '../host/cgroup/types.js';
import type { QuietCgroups } from './process-table-types.js';

type Membership = Parameters<QuietCgroups>[0];

export function createQuietCgroups(driver: Pick<CgroupDriver, 'readUsage' | 'refFromMembership'>) {
  let last = new Map<Membership, number | undefined>();
  let now = new Map<Membership, number | undefined>();

  function usage(cgroups: Membership): number | undefined {
    if (cgroups.length === 0) return undefined; // refused: unknown
    try {
      return driver.readUsage(driver.refFromMembership(cgroups));
    } catch (err) {
      if (isVanished(err)) return undefined;
      throw err;
    }
  }

  return {
    /** The check for the next tick (each membership's CPU time is read once per tick). */
    next(): QuietCgroups {
      last = now;
      now = new Map();
      const prev = last;
      const cur = now;
      return (cgroups) => {
        if (!cur.has(cgroups)) cur.set(cgroups, usage(cgroups));
        const u = cur.get(cgroups);
        return u !== undefined && u === prev.get(cgroups);
      };
    },
  };
}
