// Cgroup files kept open between ticks. Opening a cgroupfs file (path walk, kernfs open,
// seq_file set-up) is most of what a read costs: the dashboard reads a few hundred of them
// a second and open(2) was its biggest single item (~9 ms of CPU a second at 10k
// processes). An fd kept open and read again from offset 0 gives the file's new content
// each time (seq_file starts over at offset 0), and never holds a group up: rmdir works
// with the file open, and reads on it then fail with ENODEV (checked on this host, v1
// and cgroup2 alike), which closes it here and opens the path afresh, so a group that is
// gone still reads as ENOENT and one made again under the same name is found.
// Only under mounts that statfs calls cgroup or cgroup2: a fixture tree on a plain
// filesystem can be swapped out under an open fd, which then reads the old file.
// One KeptFiles per driver (files.ts): its fds close with it, or when idle by its clock.
import { closeSync, openSync, statfsSync } from 'node:fs';
import { openFileLimit } from '../open-file-limit.js';
import { BoundedCache } from '../bounded-cache.js';
import { readFdText, readTextFile } from '../procfs/read-file.js';

const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;
/** Files not read for this many ticks are closed (the slowest reader, a full read of an
 *  idle group off screen, comes every 20 ticks). */
export const IDLE_TICKS = 30;
/** how often (ticks) the idle files are looked for */
export const SWEEP_EVERY = 10;

/** Whether `mount` is a cgroup filesystem (statfs), the only place fds are kept. */
export function isCgroupMount(mount: string): boolean {
  try {
    const type = Number(statfsSync(mount).type);
    return type === CGROUP_SUPER_MAGIC || type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/** At most half the soft limit on open files (node raises it to the hard limit at start),
 *  and never over 16384: a full read of a hybrid group is ~25 files, 200 groups ~5000.
 *  /proc/PID/stat files take at most 45 % (procfs/stat-files.ts): 5 % stays for the rest. */
function mostKept(): number {
  return Math.min(16384, Math.floor(openFileLimit() / 2));
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to give back
  }
}

export class KeptFiles {
  private readonly roots: string[];
  private readonly fds: BoundedCache<string, number>;
  private swept = 0;

  /** `mounts` that are cgroup filesystems get their files kept; `clock` says the tick. */
  constructor(mounts: readonly string[], private readonly clock: () => number) {
    this.roots = mounts.filter(isCgroupMount).map((m) => (m.endsWith('/') ? m : `${m}/`));
    this.fds = new BoundedCache({ max: this.roots.length > 0 ? mostKept() : 0, ttl: IDLE_TICKS, touch: true, onEvict: closeQuietly });
  }

  /** Whether files under `mount` are kept open. */
  keeps(mount: string): boolean {
    return this.underRoots(mount.endsWith('/') ? mount : `${mount}/`);
  }

  /** The file's text; through a kept fd when it is under a kept mount. Errors as readFileSync's. */
  read(path: string): string {
    const now = this.clock();
    // a pass over every kept file (thousands) each tick was garbage for nothing: an idle
    // file closes between IDLE_TICKS and IDLE_TICKS + SWEEP_EVERY ticks after its last read
    if (now - this.swept >= SWEEP_EVERY) {
      this.swept = now;
      this.fds.sweep(now);
    }
    const fd = this.fds.get(path, now);
    if (fd !== undefined) {
      try {
        return readFdText(fd);
      } catch {
        // ENODEV: the group was removed (maybe made again); any other failure: start over too
        this.fds.delete(path);
      }
    }
    if (!this.underRoots(path)) return readTextFile(path);
    const fresh = openSync(path, 'r');
    try {
      const text = readFdText(fresh);
      this.fds.set(path, fresh, now);
      return text;
    } catch (err) {
      closeQuietly(fresh);
      throw err;
    }
  }

  get count(): number {
    return this.fds.size;
  }

  /** Close every kept file (the driver is dropped). */
  close(): void {
    this.fds.clear();
  }

  private underRoots(path: string): boolean {
    for (const r of this.roots) if (path.startsWith(r)) return true;
    return false;
  }
}
