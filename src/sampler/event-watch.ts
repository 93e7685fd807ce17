// Watches the event files of chosen cgroups between two ticks, so a limit hit is seen
// when it happens, not up to an interval later (and not lost when the container dies
// and is removed before the next tick). Which files and how comes from the driver
// (EventSources): inotify where the kernel notifies (v2 memory.events, pids.events,
// cgroup.events), an eventfd on v1 memory.oom_control, a short timer where nothing
// notifies (v1 pids.events, memory.failcnt). It only says "group X changed"; the
// sampler re-reads the group and its ledger decides whether that is an event.
import { closeSync, existsSync, openSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { readTextFile } from '../host/procfs/read-file.js';
import { dirname, join } from 'node:path';
import { createAbove } from './parent-gate.js';
import type { CgroupDriver, CgroupRef, EventSources } from '../host/cgroup/types.js';
import type { EventfdPoller } from '../../native/eventfd.js';

/** slow: polled once per SLOW_EVERY polls (a group without a limit of its own) */
export type WatchedGroup = { id: string; ref: CgroupRef; slow?: boolean };

export type EventWatcher = {
  /** watch exactly these groups from now on (others are dropped) */
  watch(groups: readonly WatchedGroup[]): void;
  /** OOMs counted by eventfd on v1 (which has no oom counter of its own) */
  oomCount(id: string): number | undefined;
  /** how each watched group is watched, for `nstop events --verbose` and tests */
  describe(): { id: string; inotify: number; eventfd: number; polled: number }[];
  close(): void;
};

export type WatcherOptions = {
  /** readUsage (optional): a polled group whose CPU time stood still is not polled */
  driver: Pick<CgroupDriver, 'eventSources'> & Partial<Pick<CgroupDriver, 'readUsage' | 'readFile'>>;
  onChange: (id: string) => void;
  /** the v1 poll timer (default 250 ms) */
  pollMs?: number;
  /** the eventfd poller (native/eventfd.ts); absent = v1 OOMs are polled instead */
  eventfds?: () => Promise<EventfdFns>;
};

export type EventfdFns = { createEventfd(): number; poller: EventfdPoller };

type Entry = {
  ref: CgroupRef;
  slow: boolean;
  /** the ref (and whether eventfds were there) it was set up for */
  key: string;
  /** CPU time at the last poll: a limit hit needs a task that runs (a fork, a charge) */
  usage?: number;
  /** the group above it (parentGate), and that group's CPU time when this one was last
   *  looked at */
  gate?: Gate;
  gateUsage?: number;
  watchers: FSWatcher[];
  eventfds: number[];
  /** polled file -> its last text */
  polled: Map<string, string | undefined>;
};

/** The group above some polled groups, its CPU time read once a poll (parent-gate.ts) */
type Gate = { ref: CgroupRef; poll: number; usage: number | undefined };

export const DEFAULT_POLL_MS = 250;
/** A group with no memory or pids limit can only count a hit of an ancestor's limit (v1
 *  pids.events counts in the forking task's group): its polled files are read once per
 *  this many polls (1 s at the default 250 ms poll, 8 s at serve's 2 s). The counters are
 *  the kernel's running totals, so a slower poll only delays a hit; it loses one only if
 *  the group is removed within that time. At 200 idle groups the 250 ms poll was most of
 *  `nstop serve`'s idle CPU. */
export const SLOW_EVERY = 4;

export function createEventWatcher(opts: WatcherOptions): EventWatcher {
  const entries = new Map<string, Entry>();
  const ooms = new Map<string, number>();
  let fns: EventfdFns | undefined;
  let fnsFailed = false;
  let closed = false;
  let loading: Promise<void> | undefined;
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  // through the driver's kept fds when it has them (a fake driver in tests has not)
  const read = opts.driver.readFile ?? readTextFile;
  const timer = setInterval(pollAll, pollMs);
  timer.unref();
  const gates = new Map<string, Gate>();
  const aboveOf = createAbove();

  let polls = 0;
  let slowToo = false;
  // forEach with functions made once: a for-of over a Map makes an array per entry, every
  // poll, for every watched group (no optimizing compiler in the recorder to remove them)
  function pollAll(): void {
    slowToo = ++polls % SLOW_EVERY === 0;
    entries.forEach(pollOne);
  }

  function pollOne(e: Entry, id: string): void {
    if (e.polled.size === 0 || (e.slow && !slowToo) || gateStood(e) || stood(e)) return;
    changedNow = false;
    polledNow = e;
    e.polled.forEach(pollFile);
    if (changedNow) opts.onChange(id);
  }

  let changedNow = false;
  let polledNow: Entry | undefined;
  function pollFile(last: string | undefined, file: string): void {
    const text = readQuietly(file, read);
    if (text !== last) {
      polledNow!.polled.set(file, text); // an existing key: the iteration goes on as before
      changedNow = true;
    }
  }

  /** The parent's CPU time unchanged since this group was last looked at (read once a
   *  poll for all its polled children; unknown counts as moved). Compared per child, not
   *  poll to poll: a slow group is looked at once in SLOW_EVERY polls, and a run between
   *  its looks must not hide behind a still parent between the last two polls. */
  function gateStood(e: Entry): boolean {
    const g = e.gate;
    if (!g) return false;
    if (g.poll !== polls) {
      g.poll = polls;
      try {
        g.usage = opts.driver.readUsage?.(g.ref);
      } catch {
        g.usage = undefined;
      }
    }
    const same = g.usage !== undefined && g.usage === e.gateUsage;
    e.gateUsage = g.usage;
    return same;
  }

  /** CPU time unchanged since the last poll (read it now; unknown counts as moved). */
  function stood(e: Entry): boolean {
    let usage: number | undefined;
    try {
      usage = opts.driver.readUsage?.(e.ref);
    } catch {
      usage = undefined; // gone: the files' own read says so
    }
    const same = usage !== undefined && usage === e.usage;
    e.usage = usage;
    return same;
  }

  function drop(id: string): void {
    const e = entries.get(id);
    if (!e) return;
    for (const w of e.watchers) w.close();
    for (const fd of e.eventfds) fns?.poller.remove(fd);
    entries.delete(id);
    ooms.delete(id);
  }

  /** eventfd + cgroup.event_control for one memory.oom_control; false when refused
   *  (not root: cgroup.event_control is root's), then the file is polled instead. */
  function registerOom(id: string, file: string, e: Entry): boolean {
    if (!fns) return false;
    let efd: number | undefined;
    try {
      efd = fns.createEventfd();
      const ofd = openSync(file, 'r');
      try {
        writeFileSync(join(dirname(file), 'cgroup.event_control'), `${efd} ${ofd}`);
      } finally {
        closeSync(ofd); // the kernel keeps its own reference once registered
      }
    } catch {
      if (efd !== undefined) closeSync(efd);
      return false;
    }
    const dir = dirname(file);
    fns.poller.add(efd, (count) => {
      // the kernel also signals the eventfd when the group is removed: not an OOM
      if (existsSync(dir)) ooms.set(id, (ooms.get(id) ?? 0) + count);
      opts.onChange(id);
    });
    e.eventfds.push(efd);
    return true;
  }

  function add(id: string, ref: CgroupRef, sources: EventSources, key: string, slow: boolean): void {
    const e: Entry = { ref, key, slow, watchers: [], eventfds: [], polled: new Map() };
    entries.set(id, e);
    const poll = [...sources.poll];
    for (const file of sources.notify) {
      try {
        // persistent: false — a watch never keeps nstop running
        e.watchers.push(watch(file, { persistent: false }, () => opts.onChange(id)));
      } catch {
        poll.push(file); // no inotify here (a FUSE-mounted fixture): poll it
      }
    }
    for (const file of sources.oomControl) if (!registerOom(id, file, e)) poll.push(file);
    for (const file of poll) e.polled.set(file, readQuietly(file, read));
    const above = opts.driver.readUsage && e.polled.size > 0 ? aboveOf(ref) : undefined;
    if (above) {
      let g = gates.get(above.key);
      if (!g) gates.set(above.key, (g = { ref: above.ref, poll: -1, usage: undefined }));
      e.gate = g;
    }
  }

  function ensureEventfds(then: () => void): void {
    if (fns || fnsFailed || !opts.eventfds) return;
    loading ??= opts.eventfds().then(
      (f) => {
        if (closed) return f.poller.close();
        fns = f;
        then();
      },
      () => void (fnsFailed = true),
    );
  }

  let wanted: readonly WatchedGroup[] = [];
  /** a ref's text, once per ref object (the grouping hands the same ones back each tick) */
  const refKeys = new WeakMap<CgroupRef, string>();
  function refKey(ref: CgroupRef): string {
    let k = refKeys.get(ref);
    if (k === undefined) refKeys.set(ref, (k = JSON.stringify(ref)));
    return k;
  }

  function apply(): void {
    const ids = new Set(wanted.map((g) => g.id));
    for (const id of [...entries.keys()]) if (!ids.has(id)) drop(id);
    for (const g of wanted) {
      // set up for this ref already: no need to list its files again (every tick)
      const key = refKey(g.ref) + (fns ? ':efd' : '');
      const had = entries.get(g.id);
      if (had?.key === key) {
        had.slow = g.slow === true;
        continue;
      }
      let sources: EventSources;
      try {
        sources = opts.driver.eventSources(g.ref);
      } catch {
        continue; // gone while we looked
      }
      // v1 OOMs want an eventfd: load koffi first, then watch (polled meanwhile)
      const needsFns = sources.oomControl.length > 0 && !fns && !fnsFailed && opts.eventfds !== undefined;
      if (entries.has(g.id)) drop(g.id);
      add(g.id, g.ref, sources, key, g.slow === true);
      if (needsFns) ensureEventfds(apply);
    }
    // gates no watched group is below any more
    if (gates.size > 0) {
      const used = new Set<Gate>();
      for (const e of entries.values()) if (e.gate) used.add(e.gate);
      for (const [k, g] of gates) if (!used.has(g)) gates.delete(k);
    }
  }

  return {
    watch(groups) {
      if (closed) return;
      wanted = groups;
      apply();
    },
    oomCount: (id) => ooms.get(id),
    describe: () =>
      [...entries].map(([id, e]) => ({ id, inotify: e.watchers.length, eventfd: e.eventfds.length, polled: e.polled.size })),
    close() {
      closed = true;
      clearInterval(timer);
      for (const id of [...entries.keys()]) drop(id);
      fns?.poller.close();
    },
  };
}

function readQuietly(file: string, read: (path: string) => string): string | undefined {
  try {
    return read(file);
  } catch {
    return undefined;
  }
}
