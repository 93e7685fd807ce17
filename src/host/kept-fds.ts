// Files kept open between ticks and read again from offset 0 (pread): the kernel's
// seq_file regenerates procfs and cgroupfs text on each read at offset 0, so a kept fd
// costs one system call per read instead of open, read, read (EOF) and close. Used by
// /proc/PID/stat (procfs/stat-files.ts) and cgroup files (cgroup/kept-files.ts); each
// says when a failed read means "gone, open the path again" (ESRCH, ENODEV) and bounds
// its own share of the open-file limit (keptFdShare). An fd unread for `idleTicks` of
// the owner's clock is closed (each holds a page of kernel memory), looked for every
// SWEEP_EVERY ticks: a pass over thousands of kept fds each tick was garbage for nothing.
import { closeSync, openSync } from 'node:fs';
import { BoundedCache } from './bounded-cache.js';
import { openFileLimit } from './open-file-limit.js';
import { readFdText, readTextFile } from './procfs/read-file.js';

/** how often (ticks) idle files are looked for */
export const SWEEP_EVERY = 10;

/** The share of the open-file limit each kind of kept file may hold: /proc/PID/stat and
 *  cgroup files 40 % each, so 20 % (at least ~200 of the usual 1024, thousands where node
 *  raised the soft limit to the hard one) stays for everything else nstop opens (state
 *  files, event watches, eventfds, ptys, runtime records, module loading); each set also
 *  stops at `cap`. At 45 % + 50 % only 5 % stayed, ~50 fds under a 1024 limit. */
export function keptFdShare(cap = Infinity): number {
  return Math.min(cap, Math.floor(openFileLimit() * 0.4));
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
    this.fds = new BoundedCache({ max, ttl: idleTicks, touch: true, onEvict: closeQuietly });
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
    if (!keep || this.max <= 0 || (this.whenFull === 'path' && this.fds.size >= this.max)) return readTextFile(path);
    const fresh = openSync(path, 'r');
    try {
      const text = readFdText(fresh);
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
