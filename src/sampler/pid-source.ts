// Where the process table's pid list comes from each tick. /proc/loadavg's
// "nr_threads/last_pid" (e.g. "2/10114 23903") is read first: both unchanged since the
// last tick, no task was born (last_pid would have moved) and none was reaped (nr_threads
// would have dropped), so the list is the last one and /proc is not listed. Otherwise,
// where the kernel's process events are to be had (root in the initial namespaces,
// reading the host's own /proc), the list is kept by them (live-pids.ts) and /proc listed
// only when they cannot be trusted; elsewhere /proc is listed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PidLister } from '../host/procfs/list-pids.js';
import type { PidEventSource } from '../host/procfs/proc-events.js';
import { missingFrom } from './pid-list-diff.js';
import { sameList } from './proc-input.js';
import { taskCounts } from './task-signature.js';
import { LivePids } from './live-pids.js';

export type PidTick = { list: number[]; changed: boolean; gone: number[]; renewed: readonly number[] };

export function createPidSource(procRoot: string, events?: PidEventSource) {
  const lister = new PidLister(procRoot);
  const live = events ? new LivePids(events, () => lister.list(), (pid) => existsSync(join(procRoot, String(pid)))) : undefined;
  let signature: string | undefined;
  let pids: number[] = [];
  let listings = 0;
  let ticks = 0;

  /** This tick's pids (ascending), whether they changed and the last list's pids not in
   *  them (both in pid order: one walk, not a Set of all). */
  function next(): PidTick {
    ticks++;
    const counts = taskCounts(procRoot);
    const sig = counts && `${counts.tasks}/${counts.lastPid}`;
    const still = sig !== undefined && sig === signature && ticks > 1;
    signature = sig;
    if (live?.live) {
      const r = live.next(counts?.lastPid);
      if (r.listed) listings++;
      pids = r.list;
      return r;
    }
    if (still) return { list: pids, changed: false, gone: [], renewed: [] };
    listings++;
    const list = lister.list();
    const changed = !sameList(list, pids);
    const gone = changed ? missingFrom(pids, list) : [];
    pids = list;
    return { list, changed, gone, renewed: [] };
  }

  return {
    next,
    /** how many times /proc was listed (the rest were kept by loadavg or events) */
    listings: () => listings,
    /** whether the kernel's process events keep the list */
    live: () => live?.live ?? false,
    close: () => {
      live?.close();
      lister.close();
    },
  };
}
