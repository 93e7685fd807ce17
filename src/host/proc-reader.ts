// What the sampler reads per pid: everything on first sight (identity), stat per tick.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDenied, isVanished } from './errors.js';
import { parseCgroupFile } from './procfs/cgroup.js';
import { parseCmdline } from './procfs/list-pids.js';
import { readNsLinks } from './procfs/ns.js';
import { readSmallFile, readText } from './procfs/read-file.js';
import { parseStat } from './procfs/stat.js';
import { parseStatus } from './procfs/status.js';
import type { CgroupMembership, NsIds, NsType, ProcStat, ProcStatus } from './types.js';

export type ProcessIdentity = {
  stat: ProcStat;
  status?: ProcStatus;
  cmdline: string[];
  cgroups: CgroupMembership[];
  ns: NsIds;
  nsDenied: NsType[];
};

/** Read a part that non-root may be refused: EACCES -> undefined, vanish/others throw. */
function optional<T>(read: () => T): T | undefined {
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
    return parseStat(readText(path), path);
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

export function readProcessIdentity(procRoot: string, pid: number): ProcessIdentity | undefined {
  const dir = join(procRoot, String(pid));
  try {
    const stat = parseStat(readText(join(dir, 'stat')), join(dir, 'stat'));
    const status = optional(() => parseStatus(readText(join(dir, 'status')), join(dir, 'status')));
    const cmdline = optional(() => parseCmdline(readSmallFile(join(dir, 'cmdline')))) ?? [];
    const cgroups = optional(() => parseCgroupFile(readText(join(dir, 'cgroup')), join(dir, 'cgroup'))) ?? [];
    const { ids, denied } = readNsLinks(procRoot, pid);
    return { stat, status, cmdline, cgroups, ns: ids, nsDenied: denied };
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

/** uid -> user name from a passwd file; unreadable file = numeric names. */
export function readUserNames(passwdPath = '/etc/passwd'): Map<number, string> {
  const names = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync(passwdPath, 'utf8');
  } catch {
    return names;
  }
  // "root:x:0:0:root:/root:/bin/bash"
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!) && !names.has(Number(f[2]))) names.set(Number(f[2]), f[0]!);
  }
  return names;
}
