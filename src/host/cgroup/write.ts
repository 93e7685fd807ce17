// Shared pieces of the write side: writing one file with a readable error, the pids of a
// group, and waiting for the kernel to confirm a freeze.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorCode } from '../errors.js';

/** Write `value` to dir/file; errors name the file and the kernel's code, e.g.
 *  "memory.limit_in_bytes = 1048576: EBUSY (usage is above it and could not be reclaimed)". */
export function writeCgroupFile(dir: string, file: string, value: string): void {
  try {
    writeFileSync(join(dir, file), value);
  } catch (err) {
    const code = errorCode(err) ?? String(err);
    const why = code === 'EBUSY' ? ' (usage is above it and could not be reclaimed)' : code === 'ENOENT' ? ' (no such file: controller not enabled here?)' : '';
    throw new Error(`${file} = ${value}: ${code}${why}`);
  }
}

/** mkdir the parents (shared, may exist) and the leaf (must not exist: EEXIST). */
export function makeGroupDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir);
}

/** rmdir; a group already gone is fine. */
export function removeGroupDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

export function readProcs(dirs: readonly string[]): number[] {
  const all = new Set<number>();
  for (const d of dirs) {
    let text: string;
    try {
      text = readFileSync(join(d, 'cgroup.procs'), 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      throw err;
    }
    for (const line of text.split('\n')) if (line) all.add(Number(line));
  }
  return [...all];
}

/** Poll `done` (a cheap file read) every 5 ms until true; the kernel freezes a group
 *  asynchronously (v1 FREEZING, v2 cgroup.events frozen 0 -> 1). */
export async function waitFor(what: string, done: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`${what}: timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
