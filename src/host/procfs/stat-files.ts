// /proc/PID/stat files kept open between ticks and read with pread from offset 0: one
// system call per read instead of open, read, read (EOF) and close. The Processes view
// reads every process's stat each tick, and on a host whose containers have no CPU-time
// counter of their own (so no cgroup can say "nothing here ran") that is every process,
// every tick. procfs regenerates the text on each read at offset 0 (seq_file), and an fd
// stays bound to the process it was opened for: once that process is gone (and its pid
// maybe reused) the read fails with ESRCH, the fd is closed and the path opened again, so
// a reused pid reads the new process (the caller tells them apart by starttime).
// Bounds: at most 45 % of the open-file limit (cgroup files keep up to half: kept-files.ts),
// pids beyond that are read by path as before; an fd unread for IDLE_TICKS ticks (the
// view left the screen) is closed, as each one holds a page of kernel memory.
import { closeSync, openSync, statfsSync } from 'node:fs';
import { BoundedCache } from '../bounded-cache.js';
import { openFileLimit } from '../open-file-limit.js';
import { readFdText, readTextFile } from './read-file.js';

const PROC_SUPER_MAGIC = 0x9fa0;
/** Files unread for this many ticks are closed. */
export const IDLE_TICKS = 30;
const SWEEP_EVERY = 10;

export function isProcMount(dir: string): boolean {
  try {
    return Number(statfsSync(dir).type) === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

export class StatFiles {
  private readonly fds: BoundedCache<number, number>;
  private readonly max: number;
  private swept = 0;

  /** `keep`: whether procRoot is a real procfs (a fixture tree's file can be replaced
   *  under an open fd); `clock`: the tick, for closing idle files. */
  constructor(private readonly procRoot: string, keep: boolean, private readonly clock: () => number, max = Math.floor(openFileLimit() * 0.45)) {
    this.max = keep ? max : 0;
    this.fds = new BoundedCache({ max: this.max, ttl: IDLE_TICKS, touch: true, onEvict: closeQuietly });
  }

  get count(): number {
    return this.fds.size;
  }

  /** The stat line of `pid` as text; errors as readFileSync's (ENOENT, ESRCH: gone). */
  read(pid: number): string {
    const now = this.clock();
    if (now - this.swept >= SWEEP_EVERY) {
      this.swept = now;
      this.fds.sweep(now);
    }
    const path = `${this.procRoot}/${pid}/stat`;
    const fd = this.fds.get(pid, now);
    if (fd !== undefined) {
      try {
        return readFdText(fd);
      } catch {
        // ESRCH: that process is gone; the path may name a new one
        this.fds.delete(pid);
      }
    }
    // full: read by path, never evict a kept one (every pid is read in turn each tick,
    // so evicting the oldest would close the next one to be read)
    if (this.fds.size >= this.max) return readTextFile(path);
    const fresh = openSync(path, 'r');
    try {
      const text = readFdText(fresh);
      this.fds.set(pid, fresh, now);
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
