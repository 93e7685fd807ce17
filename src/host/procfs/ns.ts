// /proc/PID/ns/<kind> links. A real one: readlink /proc/self/ns/pid -> "pid:[4026531836]".
// Reading them needs ptrace access to the pid: EACCES for other users' processes, and on
// this machine for /proc/1/ns/* even as root. A zombie keeps only its pid and user links
// (the rest are ENOENT), and kernels before 5.6 have no "time" link.
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, isDenied, ParseError } from '../errors.js';
import { NS_TYPES, type NsIds, type NsType } from '../vocabulary.js';

export function parseNsLink(target: string, path = 'ns'): { type: string; inode: number } {
  const m = /^([a-z_]+):\[(\d+)\]$/.exec(target);
  if (!m) throw new ParseError(path, 0, `not a namespace link: "${target}"`);
  return { type: m[1]!, inode: Number(m[2]) };
}

export type NsLinks = { ids: NsIds; denied: NsType[] };

/** Throws the vanish error (ENOENT/ESRCH) when the pid is gone, so callers can skip it.
 *  `kinds`: only those links (a first sight's cheap pass reads just `pid`); `known`: a
 *  link's target already read (first-look.ts), undefined to read it here.
 *  A fresh object each call: the ProcReader (proc-reader.ts) shares equal ones. */
export function readNsLinks(procRoot: string, pid: number, kinds: readonly NsType[] = NS_TYPES, known?: (kind: NsType) => string | undefined): NsLinks {
  const dir = join(procRoot, String(pid), 'ns');
  const ids: NsIds = {};
  const denied: NsType[] = [];
  let missing: unknown;
  for (const kind of kinds) {
    const path = join(dir, kind);
    let target = known?.(kind);
    if (target === undefined) {
      try {
        target = readlinkSync(path);
      } catch (err) {
        if (isDenied(err)) denied.push(kind);
        else if (errorCode(err) === 'ENOENT') missing ??= err;
        else throw err; // ESRCH (vanished) or something unexpected: the caller decides
        continue;
      }
    }
    const link = parseNsLink(target, path);
    if (link.type !== kind) throw new ParseError(path, 0, `link of kind "${kind}" reads "${target}"`);
    ids[kind] = link.inode;
  }
  // A missing kind is normal (old kernel, zombie) unless the whole pid went away: all
  // kinds missing, or the ns dir gone by now (the pid exited part-way through the loop).
  const nothing = Object.keys(ids).length === 0 && denied.length === 0;
  if (missing !== undefined && (nothing || !existsSync(dir))) throw missing;
  return { ids, denied };
}
