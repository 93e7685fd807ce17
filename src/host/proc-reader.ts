// What the sampler reads per pid: the identity once on first sight of (pid, starttime),
// the stat line per tick. Reading ns links is the expensive part (8 readlinks, 37.5 µs
// per pid in KERNEL-FACTS), which is why it belongs to first sight only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDenied, isVanished } from './errors.js';
import { parseCgroupFile } from './procfs/cgroup.js';
import { parseCmdline } from './procfs/cmdline.js';
import { readNsLinks } from './procfs/ns.js';
import { readSmallFile, readTextFile } from './procfs/read-file.js';
import { parseStat } from './procfs/stat.js';
import { parseStatus } from './procfs/status.js';
import type { CgroupMembership, NsIds, NsType, ProcStat, ProcStatus } from './types.js';

export type ProcessIdentity = {
  stat: ProcStat;
  /** undefined when the file was refused (EACCES). */
  status?: ProcStatus;
  /** [] for kernel threads, zombies, or when refused. */
  cmdline: string[];
  /** [] when refused. */
  cgroups: CgroupMembership[];
  ns: NsIds;
  /** Kinds whose link we may not read (other users' processes; /proc/1 here). */
  nsDenied: NsType[];
};

/** A part that may be refused to non-root: EACCES -> undefined; vanish and others throw. */
function unlessDenied<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isDenied(err)) return undefined;
    throw err;
  }
}

export function readProcessStat(procRoot: string, pid: number): ProcStat | undefined {
  const path = join(procRoot, String(pid), 'stat');
  try {
    return parseStat(readTextFile(path), path);
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

/** Processes of one container share one /proc/PID/cgroup text: they share one parsed,
 *  frozen array too, so grouping can key on it (and 10k processes cost ~200 parses).
 *  Cleared when it grows past any plausible number of distinct memberships. */
const memberships = new Map<string, readonly CgroupMembership[]>();
const MEMBERSHIPS_MAX = 20_000;

function parseCgroupShared(text: string, path: string): CgroupMembership[] {
  let m = memberships.get(text);
  if (!m) {
    if (memberships.size >= MEMBERSHIPS_MAX) memberships.clear();
    m = Object.freeze(parseCgroupFile(text, path).map((l) => Object.freeze({ ...l, controllers: Object.freeze(l.controllers) }))) as readonly CgroupMembership[];
    memberships.set(text, m);
  }
  return m as CgroupMembership[];
}

/** A re-check read: undefined when the pid is gone or the file refused. */
function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isVanished(err) || isDenied(err)) return undefined;
    throw err;
  }
}

/** The shared parsed /proc/PID/cgroup (=== the identity's when unchanged). */
export function readProcessCgroups(procRoot: string, pid: number): readonly CgroupMembership[] | undefined {
  const path = join(procRoot, String(pid), 'cgroup');
  return quietly(() => parseCgroupShared(readTextFile(path), path));
}

/** /proc/PID/cmdline as its arguments. */
export function readProcessCmdline(procRoot: string, pid: number): string[] | undefined {
  return quietly(() => parseCmdline(readSmallFile(join(procRoot, String(pid), 'cmdline'))));
}

/** undefined when the pid vanished part-way; a ParseError or odd errno throws. */
export function readProcessIdentity(procRoot: string, pid: number): ProcessIdentity | undefined {
  const dir = join(procRoot, String(pid));
  const text = <T>(name: string, parse: (text: string, path: string) => T): T => {
    const path = join(dir, name);
    return parse(readTextFile(path), path);
  };
  try {
    const stat = text('stat', parseStat);
    const status = unlessDenied(() => text('status', parseStatus));
    const cmdline = unlessDenied(() => parseCmdline(readSmallFile(join(dir, 'cmdline')))) ?? [];
    const cgroups = unlessDenied(() => text('cgroup', parseCgroupShared)) ?? [];
    const { ids, denied } = readNsLinks(procRoot, pid);
    return { stat, status, cmdline, cgroups, ns: ids, nsDenied: denied };
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

/** passwd(5) lines "name:x:uid:gid:gecos:home:shell" -> uid -> name; first entry wins, as
 *  for getpwuid(3). Comments, blanks and NIS "+" lines are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    const name = f[0] ?? '';
    const uid = f[2] ?? '';
    if (name === '' || name.startsWith('#') || name.startsWith('+') || !/^\d+$/.test(uid)) continue;
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

/** uid -> user name. A missing or unreadable passwd file (minimal containers) gives an
 *  empty map: names then fall back to numbers through userName(). */
export function readUserNames(passwdPath = '/etc/passwd'): Map<number, string> {
  try {
    return parsePasswd(readFileSync(passwdPath, 'utf8'));
  } catch (err) {
    if (isVanished(err) || isDenied(err)) return new Map();
    throw err;
  }
}

/** The name for a uid, or the uid itself as a string, like ps(1) does. */
export function userName(names: ReadonlyMap<number, string>, uid: number): string {
  return names.get(uid) ?? String(uid);
}
