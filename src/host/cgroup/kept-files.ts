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
import { statfsSync } from 'node:fs';
import { KeptFds, keptFdShare } from '../kept-fds.js';

export { SWEEP_EVERY } from '../kept-fds.js';

const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;
/** Files not read for this many ticks are closed (the slowest reader, a full read of an
 *  idle group off screen, comes every 20 ticks). */
export const IDLE_TICKS = 30;

/** Whether `mount` is a cgroup filesystem (statfs), the only place fds are kept. */
export function isCgroupMount(mount: string): boolean {
  try {
    const type = Number(statfsSync(mount).type);
    return type === CGROUP_SUPER_MAGIC || type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/** 30 % of the open-file limit (host/kept-fds.ts), never over 16384: a full read of a
 *  hybrid group is ~25 files, 200 groups ~5000. */
const MOST_KEPT = 16384;

export class KeptFiles {
  private readonly roots: string[];
  private readonly fds: KeptFds<string>;

  /** `mounts` that are cgroup filesystems get their files kept; `clock` says the tick.
   *  Once full, further files are read by path (open, read, close) until kept ones idle
   *  out. Not "close the least recently read for a new one": a tick reads the groups in
   *  turn, so past the bound (over ~240 groups of ~25 files at the usual 20000-file
   *  limit) every read missed and closed the file read next, and finding the oldest in
   *  a Map full of deleted slots made each eviction a scan (nstop record at 500 groups: a
   *  sixth of its CPU in evictOldest, 2026-12-03). */
  constructor(mounts: readonly string[], clock: () => number) {
    this.roots = mounts.filter(isCgroupMount).map((m) => (m.endsWith('/') ? m : `${m}/`));
    this.fds = new KeptFds(this.roots.length > 0 ? keptFdShare('cgroup', MOST_KEPT) : 0, clock, IDLE_TICKS, 'path');
  }

  /** Whether files under `mount` are kept open. */
  keeps(mount: string): boolean {
    return this.underRoots(mount.endsWith('/') ? mount : `${mount}/`);
  }

  /** The file's text; through a kept fd when it is under a kept mount (ENODEV on a kept
   *  one: the group was removed, maybe made again: opened afresh). Errors as readFileSync's. */
  read(path: string): string {
    return this.fds.read(path, path, this.underRoots(path));
  }

  get count(): number {
    return this.fds.count;
  }

  /** Close every kept file (the driver is dropped). */
  close(): void {
    this.fds.close();
  }

  // index loops here and on the recorder's other per-sample paths: it runs without
  // TurboFan (--no-opt), where a for-of allocates an iterator result per step
  private underRoots(path: string): boolean {
    for (let i = 0; i < this.roots.length; i++) if (path.startsWith(this.roots[i]!)) return true;
    return false;
  }
}
