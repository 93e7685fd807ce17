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
import { closeSync, openSync, readFileSync, statfsSync } from 'node:fs';
import { readFdText, readTextFile } from '../procfs/read-file.js';

const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;
/** Files not read for this many ticks are closed (the slowest reader, a full read of an
 *  idle group off screen, comes every 20 ticks). */
export const IDLE_TICKS = 30;
/** how often (ticks) the idle files are looked for */
export const SWEEP_EVERY = 10;

type Kept = { fd: number; tick: number };
const kept = new Map<string, Kept>();
const roots: string[] = [];
let tick = 0;
let most: number | undefined;

/** Keep files open under `mount` when it is a cgroup filesystem; returns whether it is. */
export function keepFilesUnder(mount: string): boolean {
  let type: number;
  try {
    type = Number(statfsSync(mount).type);
  } catch {
    return false;
  }
  if (type !== CGROUP_SUPER_MAGIC && type !== CGROUP2_SUPER_MAGIC) return false;
  const root = mount.endsWith('/') ? mount : `${mount}/`;
  if (!roots.includes(root)) roots.push(root);
  return true;
}

/** At most half the soft limit on open files (node raises it to the hard limit at start),
 *  and never over 16384: a full read of a hybrid group is ~25 files, 200 groups ~5000. */
function mostKept(): number {
  if (most !== undefined) return most;
  // /proc/self/limits: "Max open files            20000                20000                files"
  const line = /^Max open files\s+(\d+)/m.exec(safeRead('/proc/self/limits'));
  most = Math.min(16384, line ? Math.floor(Number(line[1]) / 2) : 256);
  return most;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function forget(path: string, k: Kept): void {
  kept.delete(path);
  try {
    closeSync(k.fd);
  } catch {
    // already closed: nothing to give back
  }
}

/** The file's text; through a kept fd when it is under a kept mount. Errors as readFileSync's. */
export function readCgroupText(path: string): string {
  const k = kept.get(path);
  if (k !== undefined) {
    k.tick = tick;
    try {
      return readFdText(k.fd);
    } catch {
      // ENODEV: the group was removed (maybe made again); any other failure: start over too
      forget(path, k);
    }
  }
  if (kept.size >= mostKept() || !underRoots(path)) return readTextFile(path);
  const fd = openSync(path, 'r');
  const fresh = { fd, tick };
  kept.set(path, fresh);
  try {
    return readFdText(fd);
  } catch (err) {
    forget(path, fresh);
    throw err;
  }
}

/** One sampler tick passed: close files nobody read for IDLE_TICKS ticks. */
export function sweepKeptFiles(): void {
  tick++;
  // a pass over every kept file (thousands) each tick was garbage for nothing: an idle
  // file closes between IDLE_TICKS and IDLE_TICKS + SWEEP_EVERY ticks after its last read
  if (tick % SWEEP_EVERY !== 0) return;
  kept.forEach(closeIfIdle);
}

function closeIfIdle(k: Kept, path: string): void {
  if (tick - k.tick > IDLE_TICKS) forget(path, k);
}

function underRoots(path: string): boolean {
  for (const r of roots) if (path.startsWith(r)) return true;
  return false;
}

/** Close every kept file (tests). */
export function closeKeptFiles(): void {
  for (const [path, k] of kept) forget(path, k);
}

export const keptFileCount = (): number => kept.size;
