// Files kept open between ticks and read again from offset 0 (pread): the kernel's
// seq_file regenerates procfs and cgroupfs text on each read at offset 0, so a kept fd
// costs one system call per read instead of open, read, read (EOF) and close. Used by
// /proc/PID/stat (procfs/stat-files.ts) and cgroup files (cgroup/kept-files.ts); each
// says when a failed read means "gone, open the path again" (ESRCH, ENODEV); all of
// them share one budget of the open-file limit (POOL_SHARE). An fd unread for `idleTicks` of
// the owner's clock is closed (each holds a page of kernel memory), looked for every
// SWEEP_EVERY ticks: a pass over thousands of kept fds each tick was garbage for nothing.
import { closeSync, openSync } from 'node:fs';
import { BoundedCache } from './bounded-cache.js';
import { openFileLimit } from './open-file-limit.js';
import { readFdText, readTextFile } from './procfs/read-file.js';
import { readLoadavg } from './procfs/loadavg.js';


/** how often (ticks) idle files are looked for */
export const SWEEP_EVERY = 10;

/** Each kind has a fixed part of the pool, not one pool both draw from: stat files are
 *  read first each tick and filled such a pool, so every cgroup file was then opened by
 *  path each time (the Processes view's tick measured +33 %). /proc/PID/stat takes 50 %
 *  of the limit, cgroup files 30 %: a process needs one stat file, a group of ~50 (the
 *  bench's shapes) ~12-25 cgroup files, a quarter of a file a process. At an even 40/40
 *  split a 10,000-process host under a 20,000-file limit had 8,000 stat files kept and
 *  read the other ~2,000 by path every time they were due (open, read, read, close:
 *  more than the 8,000 preads together in a profile of the Containers view). */
export const KIND_SHARE = { stat: 0.5, cgroup: 0.3 } as const;
/** The kept files of the process together stop at the two kinds' shares, 80 % of the
 *  open-file limit, so 20 % (~200 of the usual 1024; 4000 under the 20000 that node
 *  raised the soft limit to here) stays for everything else nstop opens: state files, event watches, eventfds,
 *  ptys, runtime records, modules. Past it files are read by path rather than failing
 *  with EMFILE (two samplers in one process, as in the A/B tool, share it). */
export const POOL_SHARE = KIND_SHARE.stat + KIND_SHARE.cgroup;
export function keptFdShare(kind: keyof typeof KIND_SHARE, cap = Infinity): number {
  return Math.min(cap, Math.floor(openFileLimit() * KIND_SHARE[kind]));
}
/** all kept files of the process together */
export function keptFdPool(): number {
  return Math.floor(openFileLimit() * POOL_SHARE);
}

/** fds kept now by every KeptFds of this process */
let keptTotal = 0;

function release(fd: number): void {
  keptTotal--;
  closeQuietly(fd);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to give back
  }
}

export class KeptFds<K> {
  private readonly fds: BoundedCache<K, number>;
  private swept = 0;

  /** `max`: fds kept at most; `whenFull`: 'path' reads by path once full (callers that
   *  read every file in turn each tick: evicting the oldest would close the next one to
   *  be read), 'evict' closes the least recently read. */
  constructor(readonly max: number, private readonly clock: () => number, idleTicks: number, private readonly whenFull: 'path' | 'evict') {
    this.fds = new BoundedCache({ max, ttl: idleTicks, touch: true, onEvict: release });
  }

  get count(): number {
    return this.fds.size;
  }

  /** The text of `path` (kept as `key`), through a kept fd when there is one; `keep`:
   *  whether a fresh fd may be kept. Errors as readFileSync's. */
  read(key: K, path: string, keep: boolean): string {
    const now = this.clock();
    if (now - this.swept >= SWEEP_EVERY) {
      this.swept = now;
      this.fds.sweep(now);
    }
    const fd = this.fds.get(key, now);
    if (fd !== undefined) {
      try {
        return readFdText(fd);
      } catch {
        // the file's owner is gone (ESRCH, ENODEV) and the path may name a new one; any
        // other failure: start over too
        this.fds.delete(key);
      }
    }
    const own = this.fds.size >= this.max;
    // the pool is full: read by path (an 'evict' kind at its own bound swaps one of its
    // own for this one, which leaves the total as it was)
    const pool = keptTotal >= keptFdPool() && !(own && this.whenFull === 'evict');
    if (!keep || this.max <= 0 || pool || (own && this.whenFull === 'path')) return readTextFile(path);
    const fresh = openSync(path, 'r');
    try {
      const text = readFdText(fresh);
      keptTotal++;
      this.fds.set(key, fresh, now);
      return text;
    } catch (err) {
      closeQuietly(fresh);
      throw err;
    }
  }

  close(): void {
    this.fds.clear();
  }
}

/** The fd table size the kept files of a sampler on this host are likely to reach: a
 *  /proc/PID/stat file per task and as many cgroup files again at most (a full read of a
 *  hybrid group is ~25 files, a group per 50 processes in the bench's shapes), bounded
 *  by the pool, plus room for the rest, under the open-file limit. Used to grow the table
 *  in one step at the start (native/fd-table.ts); too small only means later doublings,
 *  as without it. undefined when `procRoot`'s loadavg cannot be read. */
export function fdTableTarget(procRoot: string): number | undefined {
  const tasks = readLoadavg(procRoot)?.total;
  if (tasks === undefined) return undefined;
  return Math.min(Math.min(keptFdPool(), 2 * tasks) + OTHER_FDS, openFileLimit() - 1);
}

/** fds nstop holds besides the kept ones at most times (state files, watches, ptys) */
const OTHER_FDS = 256;
