// Address leases of a bridge: <netDir>/leases/<bridge>/<a.b.c.d>, one file per address
// in use, created with O_EXCL (wx) and holding {"container":NAME,"veth":NAME}. The file
// is the allocation: two nstop processes can never both create it. Callers also hold the
// net lock (lock.ts), so "is the bridge still used" and "take an address" are atomic.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActError } from '../errors.js';
import { errorCode } from '../../host/errors.js';
import { formatSubnet, hostRange } from './subnet.js';
import type { Subnet } from '../../host/vocabulary.js';
import { formatIpv4, parseIpv4 } from '../../host/net/ipv4.js';

export type Lease = { address: number; container: string; veth?: string };

const leaseDir = (netDir: string, bridge: string): string => join(netDir, 'leases', bridge);

export function leasesOf(netDir: string, bridge: string): Lease[] {
  let files: string[];
  try {
    files = readdirSync(leaseDir(netDir, bridge));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  return files.flatMap((f) => {
    const address = parseIpv4(f);
    if (address === undefined) return []; // a temp file or stray name: not a lease
    try {
      const body = JSON.parse(readFileSync(join(leaseDir(netDir, bridge), f), 'utf8')) as { container?: unknown; veth?: unknown };
      return [{ address, container: String(body.container ?? ''), ...(typeof body.veth === 'string' ? { veth: body.veth } : {}) }];
    } catch {
      // half-written by a process that died before the lock was released: no owner
      return [{ address, container: '' }];
    }
  });
}

/** The lowest free address after the gateway. `stale`: leases whose container is gone
 *  (no state, or stopped: a reap that never ran); they are freed first and returned, so
 *  the caller can delete their links. */
export function takeAddress(netDir: string, bridge: string, subnet: Subnet, owner: { container: string; veth: string }, stale: (l: Lease) => boolean): { address: number; reclaimed: Lease[] } {
  const dir = leaseDir(netDir, bridge);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const reclaimed: Lease[] = [];
  const used = new Set<number>();
  for (const l of leasesOf(netDir, bridge)) {
    if (stale(l)) {
      rmSync(join(dir, formatIpv4(l.address)), { force: true });
      reclaimed.push(l);
    } else used.add(l.address);
  }
  const { first, last } = hostRange(subnet);
  for (let a = first; a <= last; a++) {
    if (used.has(a)) continue;
    try {
      writeFileSync(join(dir, formatIpv4(a)), JSON.stringify(owner) + '\n', { flag: 'wx', mode: 0o600 });
      return { address: a, reclaimed };
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  }
  throw new ActError(`no free address in ${formatSubnet(subnet)} (${used.size} in use): nstop rm stopped containers, or choose a bigger --subnet`);
}

/** Remove every lease the container holds on this bridge; returns them. */
export function dropLeases(netDir: string, bridge: string, container: string): Lease[] {
  const mine = leasesOf(netDir, bridge).filter((l) => l.container === container);
  for (const l of mine) rmSync(join(leaseDir(netDir, bridge), formatIpv4(l.address)), { force: true });
  return mine;
}

/** The lease directory goes with the bridge. */
export function removeLeaseDir(netDir: string, bridge: string): void {
  rmSync(leaseDir(netDir, bridge), { recursive: true, force: true });
}
