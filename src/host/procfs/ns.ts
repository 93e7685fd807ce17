// /proc/PID/ns/<kind> links. A real one: readlink /proc/self/ns/pid -> "pid:[4026531836]".
// /proc/1/ns/* is EACCES even for root on this machine: such kinds are reported as denied.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, isDenied, ParseError } from '../errors.js';
import { NS_TYPES, type NsIds, type NsType } from '../types.js';

export function parseNsLink(target: string, path = 'ns'): { type: string; inode: number } {
  const m = /^(\w+):\[(\d+)\]$/.exec(target);
  if (!m) throw new ParseError(path, 0, `not a namespace link: "${target}"`);
  return { type: m[1]!, inode: Number(m[2]) };
}

export function readNsLinks(procRoot: string, pid: number): { ids: NsIds; denied: NsType[] } {
  const ids: NsIds = {};
  const denied: NsType[] = [];
  let missing = 0;
  let lastMissing: unknown;
  for (const type of NS_TYPES) {
    const path = join(procRoot, String(pid), 'ns', type);
    try {
      ids[type] = parseNsLink(readlinkSync(path), path).inode;
    } catch (err) {
      if (isDenied(err)) denied.push(type);
      else if (errorCode(err) === 'ENOENT') {
        missing++; // a kind this kernel lacks, or the pid is gone
        lastMissing = err;
      } else throw err;
    }
  }
  // every kind missing: the process vanished; let the caller skip it
  if (missing === NS_TYPES.length) throw lastMissing;
  return { ids, denied };
}
