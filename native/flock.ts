// flock(2) for the network state lock (src/act/net/lock.ts). Node has no file locks; an
// flock dies with its process, so a SIGKILLed `nstop run` never leaves the lock taken
// (an O_EXCL lock file would, and would need a staleness guess).
import { libc, osError } from './libc.js';

const LOCK_EX = 2;
const LOCK_NB = 4;
const EWOULDBLOCK = 11;

let flock: ((fd: number, op: number) => number) | undefined;

/** Take an exclusive lock on the open file without blocking (the event loop keeps
 *  going): true when taken, false when another process holds it. Closing the fd
 *  releases it. */
export function tryLockExclusive(fd: number): boolean {
  const { koffi, lib } = libc();
  flock ??= lib.func('int flock(int fd, int operation)') as unknown as (fd: number, op: number) => number;
  if (flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const errno = koffi.errno();
  if (errno === EWOULDBLOCK) return false;
  throw osError('flock', errno);
}
