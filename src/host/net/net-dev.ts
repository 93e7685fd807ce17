// /proc/PID/net/dev: byte and packet counters of every interface in that process's
// network namespace, readable from the host (root, or the owner). Per namespace, not per
// process: the sampler reads one process per distinct namespace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../errors.js';

export type NetDevEntry = { name: string; rxBytes: number; rxPackets: number; txBytes: number; txPackets: number };

/** Two header lines, then one line per interface, e.g. (kernel 6.18):
 *  `    va:     516       6    0    0    0     0          0         0      682       7    0    0    0     0       0          0`
 *  name: then 8 receive fields (bytes packets errs drop fifo frame compressed multicast)
 *  and 8 transmit fields (bytes packets errs drop fifo colls carrier compressed). */
export function parseNetDev(text: string, path = '/proc/net/dev'): NetDevEntry[] {
  const out: NetDevEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (i < 2 || line.trim() === '') return;
    const colon = line.indexOf(':');
    if (colon < 0) throw new ParseError(path, i + 1, `no "name:" in ${JSON.stringify(line)}`);
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (f.length < 16 || f.some((n) => !Number.isFinite(n))) throw new ParseError(path, i + 1, `expected 16 counters in ${JSON.stringify(line)}`);
    out.push({ name: line.slice(0, colon).trim(), rxBytes: f[0]!, rxPackets: f[1]!, txBytes: f[8]!, txPackets: f[9]! });
  });
  return out;
}

export function readNetDev(procRoot: string, pid: number): NetDevEntry[] {
  const path = join(procRoot, String(pid), 'net', 'dev');
  return parseNetDev(readFileSync(path, 'utf8'), path);
}
