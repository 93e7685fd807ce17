// One recorder per directory: an flock on <dir>/lock, held for the recorder's life. The
// kernel drops it when the process dies (SIGKILL included), so no stale lock is left.
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tryLockExclusive } from '../../native/flock.js';
import { UserError } from '../host/errors.js';

export function lockRecordDir(dir: string): { release(): void } {
  const path = join(dir, 'lock');
  let fd: number;
  try {
    fd = openSync(path, 'a+', 0o640);
  } catch (err) {
    throw new UserError(`cannot write to ${dir}: ${(err as NodeJS.ErrnoException).code}`);
  }
  if (!tryLockExclusive(fd)) {
    closeSync(fd);
    let pid = '';
    try {
      pid = readFileSync(path, 'utf8').trim();
    } catch {
      /* only for the message */
    }
    throw new UserError(`another nstop record${/^\d+$/.test(pid) ? ` (pid ${pid})` : ''} is recording into ${dir}`);
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  return { release: () => closeSync(fd) };
}
