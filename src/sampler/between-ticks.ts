// The sampler's side between two ticks: the event watcher (inotify, eventfd, polling) on
// the groups the demand names. A change is read at once and told to the model's event
// ledger, which makes the event unless the tick saw it first; the group is then read in
// full by the next tick, which comes early when an event was made.
import type { CgroupDriver } from '../host/cgroup/types.js';
import { withOomCount } from '../model/counters.js';
import type { ContainerGroup } from '../model/group.js';
import { countersFromStats, type EventLedger } from '../model/ledger.js';
import type { ContainerRow, SampleDemand } from '../model/types.js';
import { createEventWatcher, type EventfdFns, type WatchedGroup } from './event-watch.js';

/** After the watcher saw a change, re-read that group this much later (a burst of
 *  notifications, like a fork bomb's pids.events, becomes one read). */
const COALESCE_MS = 50;

async function loadEventfds(): Promise<EventfdFns> {
  const m = await import('../../native/eventfd.js');
  return { createEventfd: m.createEventfd, poller: m.createEventfdPoller() };
}

export type BetweenTicksOptions = {
  driver: CgroupDriver;
  ledger: EventLedger;
  now: () => number;
  /** watch at all (CLI one-shots do not) */
  watch: boolean;
  /** v1 OOMs by eventfd (needs root), else polled */
  eventfds: boolean;
  /** the watcher's reading made an event: tick early */
  onEvent: () => void;
  /** the v1 poll of files without notification (event-watch.ts's default: 250 ms) */
  pollMs?: number;
};

export type BetweenTicks = {
  /** read this group in full next tick whatever its CPU time says (nstop changed it) */
  mark(id: string): void;
  /** the groups to read in full this tick; the next tick starts a new set */
  takeMarked(): Set<string>;
  /** the watcher's OOM counts of the groups watched since the last tick (v1 only has
   *  them), including one that went away since */
  oomCounts(): Map<string, number> | undefined;
  /** after a tick: watch the running rows the demand names */
  watchFor(rows: readonly ContainerRow[], groups: readonly ContainerGroup[], want: SampleDemand['watch']): void;
  close(): void;
};

export function createBetweenTicks(o: BetweenTicksOptions): BetweenTicks {
  /** watched groups by id, with the name and whether they count from zero */
  let watched = new Map<string, WatchedGroup & { name: string; fromZero: boolean }>();
  const pending = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  let marked = new Set<string>();
  const watcher = o.watch ? createEventWatcher({ driver: o.driver, eventfds: o.eventfds ? loadEventfds : undefined, onChange: queueRead, ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}) }) : undefined;

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
        const stats = withOomCount(o.driver.readStats(g.ref), watcher?.oomCount(id));
        const t = o.now();
        any = o.ledger.counters(t, id, g.name, countersFromStats(stats), g.fromZero).length > 0 || any;
        any = o.ledger.frozen(t, id, g.name, stats.frozen).length > 0 || any;
      } catch {
        // gone (reaped between ticks): the next tick reports the exit; an OOM the eventfd
        // counted (v1) is in no file any more, so it is reported now
        const oom = watcher?.oomCount(id);
        if (oom !== undefined) any = o.ledger.counters(o.now(), id, g.name, { oom }, g.fromZero).length > 0 || any;
      }
    }
    pending.clear();
    if (any) o.onEvent();
  }

  return {
    mark: (id) => void marked.add(id),
    takeMarked() {
      const out = marked;
      marked = new Set();
      return out;
    },
    oomCounts() {
      if (!watcher) return undefined;
      let out: Map<string, number> | undefined;
      for (const id of watched.keys()) {
        const n = watcher.oomCount(id);
        if (n !== undefined) (out ??= new Map()).set(id, n);
      }
      return out;
    },
    watchFor(rows, groups, want) {
      if (!watcher) return;
      const ids = want === 'all' ? undefined : new Set(want ?? []);
      const refs = new Map<string, ContainerGroup['ref']>();
      for (const g of groups) refs.set(g.id, g.ref);
      const next = new Map<string, WatchedGroup & { name: string; fromZero: boolean }>();
      for (const r of rows) {
        const ref = refs.get(r.id);
        if (ref && r.status !== 'stopped' && (!ids || ids.has(r.id))) next.set(r.id, { id: r.id, ref, name: r.name, fromZero: o.ledger.createdHere(r), slow: unlimited(r) });
      }
      watched = next;
      watcher.watch([...next.values()]);
    },
    close() {
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      watcher?.close();
    },
  };
}

/** read, and neither a memory nor a pids limit of its own (event-watch.ts SLOW_EVERY) */
function unlimited(r: ContainerRow): boolean {
  const s = r.stats;
  return s !== undefined && s.memory.max === Infinity && s.pids.max === Infinity;
}
