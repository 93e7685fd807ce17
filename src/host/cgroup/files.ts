// Reading the files of one cgroup directory. "Absent" (this kernel or controller lacks
// the file, or we may not read it) gives undefined; a vanished group throws its ENOENT.
import { existsSync, statSync } from 'node:fs';
import { readCgroupText } from './kept-files.js';
import { join, relative, isAbsolute } from 'node:path';
import { errorCode, isDenied } from '../errors.js';
import { keyValue, parseInteger, parseKeyValues } from './parse.js';

/** The directory of a group: mount + path from /proc/PID/cgroup. undefined when the path
 *  leaves the mount ("/../.." for a process outside our cgroup namespace). Remembered per
 *  (mount, path): a refresh asks for the same few hundred directories again and again, and
 *  path.join/relative for each read were a third of the dashboard's garbage at 10k. */
export function groupDir(mount: string | undefined, path: string | undefined): string | undefined {
  if (mount === undefined || path === undefined) return undefined;
  let byPath = dirs.get(mount);
  if (!byPath) dirs.set(mount, (byPath = new Map()));
  const known = byPath.get(path);
  if (known !== undefined || byPath.has(path)) return known;
  const dir = join(mount, path);
  const rel = relative(mount, dir);
  const out = rel.startsWith('..') || isAbsolute(rel) ? undefined : dir;
  if (cached >= CACHE_MAX) forgetPaths();
  byPath.set(path, out);
  cached++;
  return out;
}

/** "dir/file", one string per pair for the same reason (kept-files and absentUntil are
 *  keyed by it, so a fresh string would also be hashed anew every read). */
export function filePath(dir: string, file: string): string {
  let byFile = files.get(dir);
  if (!byFile) files.set(dir, (byFile = new Map()));
  let path = byFile.get(file);
  if (path === undefined) {
    if (cached >= CACHE_MAX) return `${dir}/${file}`;
    byFile.set(file, (path = `${dir}/${file}`));
    cached++;
  }
  return path;
}

const dirs = new Map<string, Map<string, string | undefined>>();
const files = new Map<string, Map<string, string>>();
/** entries in both caches; groups come and go, so past this they start over */
let cached = 0;
const CACHE_MAX = 200_000;

function forgetPaths(): void {
  dirs.clear();
  files.clear();
  cached = 0;
}

/** Throws the ENOENT (or other) error when the group directory is gone. */
export function mustExist(dir: string): void {
  statSync(dir);
}

/** Files found missing (or EOPNOTSUPP) in a directory that exists, until when. A hybrid
 *  host's unified groups have no memory.* or pids.* files, and a v2 group lacks those of
 *  controllers its parent does not hand down: a failed open costs as much as a read plus
 *  a thrown error, every group, every tick. A controller enabled later shows within this. */
const absentUntil = new Map<string, number>();
const ABSENT_MS = 10_000;
const ABSENT_MAX = 100_000;

/** A file's text or undefined (ENOENT, EACCES/EPERM, EOPNOTSUPP). A missing file in a
 *  directory that is itself gone rethrows: the group vanished while we read it. */
export function readOptional(dir: string, file: string): string | undefined {
  const path = filePath(dir, file);
  const until = absentUntil.get(path);
  if (until !== undefined) {
    if (Date.now() < until) return undefined;
    absentUntil.delete(path);
  }
  try {
    return readCgroupText(path);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' && !existsSync(dir)) throw err;
    if (code === 'ENOENT' || code === 'EOPNOTSUPP') {
      if (absentUntil.size >= ABSENT_MAX) absentUntil.clear();
      absentUntil.set(path, Date.now() + ABSENT_MS);
      return undefined;
    }
    if (isDenied(err)) return undefined;
    throw err;
  }
}

/** One "key value" line of a long flat-keyed file (memory.stat: ~40 lines, one needed). */
export function readKeyValue(dir: string, file: string, keys: readonly string[]): number | undefined {
  const text = readOptional(dir, file);
  if (text === undefined) return undefined;
  for (const key of keys) {
    const v = keyValue(text, key, filePath(dir, file));
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A file parsed by `parse`, or undefined when absent. */
export function readParsed<T>(dir: string, file: string, parse: (text: string, path: string) => T): T | undefined {
  const text = readOptional(dir, file);
  return text === undefined ? undefined : parse(text, filePath(dir, file));
}

export function readNumber(dir: string, file: string, parse: (text: string, path: string) => number = parseInteger): number | undefined {
  return readParsed(dir, file, parse);
}

export function readKeyValues(dir: string, file: string): Map<string, number> | undefined {
  return readParsed(dir, file, parseKeyValues);
}

/** The files of `names` that exist in `dir` (a watch on a missing file fails). */
export function existing(dir: string | undefined, names: readonly string[]): string[] {
  return dir === undefined ? [] : names.map((n) => join(dir, n)).filter((p) => existsSync(p));
}
