// One lock per state dir for the network records (leases, bridges): taking an address,
// making a bridge and removing the last one's bridge never interleave between two nstop
// processes (a launch could otherwise attach to a bridge a reaper is deleting). flock
// (native/flock.ts) is released by the kernel when its holder dies: no stale locks.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { tryLockExclusive } from '../../../native/flock.js';
import { ActError } from '../errors.js';

/** Longer than any launch's network setup holds it (a few ip calls). */
const WAIT_MS = 30_000;

export async function withNetLock<T>(netDir: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(netDir, { recursive: true, mode: 0o700 });
  const fd = openSync(join(netDir, 'lock'), 'a', 0o600);
  try {
    const until = Date.now() + WAIT_MS;
    while (!tryLockExclusive(fd)) {
      if (Date.now() > until) throw new ActError(`${join(netDir, 'lock')} is held by another nstop for ${WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return await fn();
  } finally {
    closeSync(fd);
  }
}
