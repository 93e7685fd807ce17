// Reading the files of one cgroup directory. "Absent" (this kernel or controller lacks
// the file, or we may not read it) gives undefined; a vanished group throws its ENOENT.
// A CgroupFiles belongs to one driver (index.ts makes it with the driver): its kept fds,
// path strings and memos of absent files and controllers are that driver's alone, and
// age by the driver's clock (the sampler's tick counter).
import { existsSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { BoundedCache } from '../bounded-cache.js';
import { errorCode, isDenied } from '../errors.js';
import { KeptFiles } from './kept-files.js';
import { keyValue, parseInteger, parseKeyValues } from './parse.js';

/** Groups (directories) whose path strings are kept; groups come and go, so the oldest go past this. */
const DIRS_KEPT = 20_000;
/** A file found absent is not tried again for this many ticks: a controller enabled later
 *  (systemd handing memory down for a new MemoryMax=) shows within it. */
export const ABSENT_TICKS = 10;
const ABSENT_KEPT = 100_000;

/** The directory of a group: mount + path from /proc/PID/cgroup. undefined when the path
 *  leaves the mount ("/../.." for a process outside our cgroup namespace). Not cached:
 *  for the write side; readers use CgroupFiles.groupDir. */
export function resolveGroupDir(mount: string | undefined, path: string | undefined): string | undefined {
  if (mount === undefined || path === undefined) return undefined;
  const dir = join(mount, path);
  const rel = relative(mount, dir);
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : dir;
}

/** Throws the ENOENT (or other) error when the group directory is gone. */
export function mustExist(dir: string): void {
  statSync(dir);
}

/** The files of `names` that exist in `dir` (a watch on a missing file fails). */
export function existing(dir: string | undefined, names: readonly string[]): string[] {
  return dir === undefined ? [] : names.map((n) => join(dir, n)).filter((p) => existsSync(p));
}

export type CgroupFilesOptions = {
  /** cgroup mounts of the layout: files under them are kept open when a clock is given */
  mounts: readonly string[];
  /** the current tick (the sampler's); without one nothing is kept open or remembered as
   *  absent (a one-shot read, the write side) */
  clock?: () => number;
};

export class CgroupFiles {
  readonly now: () => number;
  private readonly kept: KeptFiles;
  /** per mount: group path -> directory (the same few hundred are asked for again and
   *  again, and path.join/relative per read were a third of the dashboard's garbage at 10k) */
  private readonly dirs = new Map<string, BoundedCache<string, string | undefined>>();
  /** per directory: file name -> "dir/file", one string per pair (kept fds and the absent
   *  memo are keyed by it, so a fresh string would also be hashed anew every read) */
  private readonly files = new BoundedCache<string, Map<string, string>>({ max: DIRS_KEPT });
  /** Files found missing (or EOPNOTSUPP) in a directory that exists. A hybrid host's
   *  unified groups have no memory.* or pids.* files, and a v2 group lacks those of
   *  controllers its parent does not hand down: a failed open costs as much as a read plus
   *  a thrown error, every group, every tick. */
  private readonly absent: BoundedCache<string, true>;
  /** v2.ts groupControllers: cgroup.controllers per directory */
  readonly controllers: BoundedCache<string, ReadonlySet<string> | undefined>;

  constructor(o: CgroupFilesOptions) {
    const remember = o.clock !== undefined;
    this.now = o.clock ?? (() => 0);
    this.kept = new KeptFiles(remember ? o.mounts : [], this.now);
    this.absent = new BoundedCache({ max: remember ? ABSENT_KEPT : 0, ttl: ABSENT_TICKS });
    this.controllers = new BoundedCache({ max: remember ? DIRS_KEPT : 0, ttl: ABSENT_TICKS });
  }

  groupDir(mount: string | undefined, path: string | undefined): string | undefined {
    if (mount === undefined || path === undefined) return undefined;
    let byPath = this.dirs.get(mount);
    if (!byPath) this.dirs.set(mount, (byPath = new BoundedCache({ max: DIRS_KEPT })));
    const known = byPath.entry(path);
    if (known !== undefined) return known.value;
    const dir = resolveGroupDir(mount, path);
    byPath.set(path, dir);
    return dir;
  }

  filePath(dir: string, file: string): string {
    let byFile = this.files.get(dir);
    if (!byFile) this.files.set(dir, (byFile = new Map()));
    let path = byFile.get(file);
    if (path === undefined) byFile.set(file, (path = `${dir}/${file}`));
    return path;
  }

  /** A file of one of the driver's groups, through a kept fd when it can. Errors as readFileSync's. */
  readText(path: string): string {
    return this.kept.read(path);
  }

  /** A file's text or undefined (ENOENT, EACCES/EPERM, EOPNOTSUPP). A missing file in a
   *  directory that is itself gone rethrows: the group vanished while we read it. */
  readOptional(dir: string, file: string): string | undefined {
    const path = this.filePath(dir, file);
    const now = this.now();
    if (this.absent.entry(path, now) !== undefined) return undefined;
    try {
      return this.kept.read(path);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' && !existsSync(dir)) throw err;
      if (code === 'ENOENT' || code === 'EOPNOTSUPP') {
        this.absent.set(path, true, now);
        return undefined;
      }
      if (isDenied(err)) return undefined;
      throw err;
    }
  }

  /** One "key value" line of a long flat-keyed file (memory.stat: ~40 lines, one needed). */
  readKeyValue(dir: string, file: string, keys: readonly string[]): number | undefined {
    const text = this.readOptional(dir, file);
    if (text === undefined) return undefined;
    for (const key of keys) {
      const v = keyValue(text, key, this.filePath(dir, file));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** A file parsed by `parse`, or undefined when absent. */
  readParsed<T>(dir: string, file: string, parse: (text: string, path: string) => T): T | undefined {
    const text = this.readOptional(dir, file);
    return text === undefined ? undefined : parse(text, this.filePath(dir, file));
  }

  readNumber(dir: string, file: string, parse: (text: string, path: string) => number = parseInteger): number | undefined {
    return this.readParsed(dir, file, parse);
  }

  readKeyValues(dir: string, file: string): Map<string, number> | undefined {
    return this.readParsed(dir, file, parseKeyValues);
  }

  /** fds kept open now */
  get keptCount(): number {
    return this.kept.count;
  }

  /** Close the kept fds and forget everything (the driver is dropped). */
  close(): void {
    this.kept.close();
    this.dirs.clear();
    this.files.clear();
    this.absent.clear();
    this.controllers.clear();
  }
}
