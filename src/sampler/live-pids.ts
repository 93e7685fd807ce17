// The host's pid list kept by the kernel's process events (host/procfs/proc-events.ts)
// between listings of /proc. A listing costs ~1.9 µs a pid in the kernel; on a host where
// some process starts every second (cron jobs, shell prompts, health checks) /proc's
// task set moves every tick, and at 10,000 processes the listing was the Containers
// view's biggest single cost. Here a tick reads the queued events instead:
// - a fork of a new process (child pid = tgid) adds its pid; a fork of a pid already
//   listed is a new process under a reused number (renewed: its identity is read again);
// - an exec renews the pid too (a new command line, maybe new namespaces or user);
// - an exit of a process's leader (or of a thread of a process whose leader has exited)
//   removes the pid once /proc no longer has it: a zombie stays listed as /proc lists it,
//   and is looked at again each tick until its parent reaps it (no event says that).
// The list is taken from /proc again (listAll) when the events cannot be trusted: the
// kernel's queue overflowed (ENOBUFS), /proc/loadavg's last pid was not among the forks
// seen (a fork whose event was lost: the kernel sends events with GFP_NOWAIT and drops
// them under memory pressure; io_uring's workers get pids without one), and after events
// changed the list, every FULL_EVERY ticks: a lost exit event leaves a pid listed for at
// most that long. After GIVE_UP lossy ticks in a row the events are closed for good and
// every tick lists /proc as before.
import { missingFrom } from './pid-list-diff.js';
import { sameList } from './proc-input.js';
import type { PidEventSink, PidEventSource } from '../host/procfs/proc-events.js';

/** Ticks between two listings while events change the list. */
export const FULL_EVERY = 10;
/** Lossy ticks in a row after which the events are closed. */
export const GIVE_UP = 3;
/** Exited pids still in /proc (zombies) looked at per tick at most; the rest wait for the
 *  next listing. */
const MOST_RECHECKS = 1000;

export type PidListing = {
  /** ascending; the same array as last tick's when nothing changed */
  list: number[];
  changed: boolean;
  /** pids of last tick's list not in this one, ascending */
  gone: number[];
  /** pids in both whose process may not be the one of last tick (a reused pid, an exec) */
  renewed: number[];
  /** whether /proc was listed for it */
  listed: boolean;
};

function has(sorted: readonly number[], pid: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === pid) return true;
    if (v < pid) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class LivePids {
  private pids: number[] = [];
  private valid = false;
  private source: PidEventSource | undefined;
  private lossy = 0;
  private sinceListing = 0;
  /** events changed the list since the last listing */
  private dirty = false;
  private lastPid: number | undefined;
  /** task pids (threads too) of this drain's forks and of the one before */
  private forks = new Set<number>();
  private lastForks = new Set<number>();
  private readonly added = new Set<number>();
  /** tgids whose exit was seen: gone from /proc yet? */
  private readonly candidates = new Set<number>();
  private readonly renewed = new Set<number>();
  /** exited but still in /proc (zombies, a leader whose threads run on) */
  private readonly exited = new Set<number>();
  private readonly sink: PidEventSink = {
    fork: (pid, tgid) => {
      this.forks.add(pid);
      if (pid !== tgid) return;
      this.candidates.delete(pid);
      this.exited.delete(pid);
      if (this.added.has(pid) || has(this.pids, pid)) this.renewed.add(pid);
      else this.added.add(pid);
    },
    exec: (tgid) => {
      this.renewed.add(tgid);
    },
    exit: (pid, tgid) => {
      if (pid === tgid || this.exited.has(tgid)) this.candidates.add(tgid);
    },
  };

  /** `listAll`: /proc's pids, ascending; `exists`: whether /proc has this pid now. */
  constructor(source: PidEventSource, private readonly listAll: () => number[], private readonly exists: (pid: number) => boolean) {
    this.source = source;
  }

  /** Whether events still keep the list (false: every tick lists /proc). */
  get live(): boolean {
    return this.source !== undefined;
  }

  /** This tick's list. `lastPid`: /proc/loadavg's last pid, read just before (undefined:
   *  unknown, list /proc). */
  next(lastPid: number | undefined): PidListing {
    this.added.clear();
    this.candidates.clear();
    this.renewed.clear();
    const swap = this.lastForks;
    this.lastForks = this.forks;
    this.forks = swap;
    this.forks.clear();
    let intact = false;
    if (this.source) {
      intact = this.source.drain(this.sink);
      this.lossy = intact ? 0 : this.lossy + 1;
      if (this.lossy >= GIVE_UP) this.close();
    }
    const accounted = lastPid !== undefined && (lastPid === this.lastPid || this.forks.has(lastPid) || this.lastForks.has(lastPid));
    this.lastPid = lastPid;
    this.sinceListing++;
    if (!this.source || !this.valid || !intact || !accounted || (this.dirty && this.sinceListing >= FULL_EVERY)) return this.relist();
    return this.apply();
  }

  private relist(): PidListing {
    const before = this.pids;
    const list = this.listAll();
    const changed = !sameList(list, before);
    const gone = changed ? missingFrom(before, list) : [];
    this.pids = changed ? list : before;
    for (const pid of this.exited) if (!has(this.pids, pid)) this.exited.delete(pid);
    // a leader whose exit was just seen and /proc still lists: looked at from next tick on
    for (const pid of this.candidates) if (has(this.pids, pid)) this.exited.add(pid);
    this.valid = this.source !== undefined;
    this.sinceListing = 0;
    this.dirty = false;
    return { list: this.pids, changed, gone, renewed: this.renewedIn(this.pids), listed: true };
  }

  private apply(): PidListing {
    const removed: number[] = [];
    const settle = (pid: number): void => {
      if (this.exists(pid)) {
        this.exited.add(pid);
        return;
      }
      this.exited.delete(pid);
      if (this.added.delete(pid)) return; // came and went between two ticks
      if (has(this.pids, pid)) removed.push(pid);
    };
    let looked = 0;
    for (const pid of this.exited) {
      if (this.candidates.has(pid)) continue;
      if (++looked > MOST_RECHECKS) {
        this.dirty = true; // the rest wait for the next listing: let it come
        break;
      }
      settle(pid);
    }
    for (const pid of this.candidates) settle(pid);
    if (removed.length === 0 && this.added.size === 0) return { list: this.pids, changed: false, gone: [], renewed: this.renewedIn(this.pids), listed: false };
    removed.sort((a, b) => a - b);
    const add = [...this.added].sort((a, b) => a - b);
    const list: number[] = [];
    const old = this.pids;
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length || k < add.length) {
      if (k >= add.length || (i < old.length && old[i]! < add[k]!)) {
        const pid = old[i++]!;
        if (j < removed.length && removed[j] === pid) j++;
        else list.push(pid);
      } else list.push(add[k++]!);
    }
    this.pids = list;
    this.dirty = true;
    return { list, changed: true, gone: removed, renewed: this.renewedIn(list), listed: false };
  }

  private renewedIn(list: readonly number[]): number[] {
    const out: number[] = [];
    for (const pid of this.renewed) if (has(list, pid)) out.push(pid);
    return out;
  }

  close(): void {
    this.source?.close();
    this.source = undefined;
  }
}
