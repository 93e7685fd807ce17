// Signals by pidfd: the pid is pinned when the fd is opened, so a signal can never hit
// a new process that reused the number (kill(2) can). pidfd_open -> ESRCH when gone.
import { closeSync } from 'node:fs';
import os from 'node:os';
import { libc, osError, SYS } from './libc.js';

let syscall: ((...args: unknown[]) => number | bigint) | undefined;
function sys(): (...args: unknown[]) => number | bigint {
  const { lib } = libc();
  syscall ??= lib.func('long syscall(long nr, ...)') as unknown as (...args: unknown[]) => number | bigint;
  return syscall;
}

export function pidfdOpen(pid: number): number {
  const { koffi } = libc();
  const fd = Number(sys()(SYS.pidfd_open, 'int', pid, 'uint', 0));
  if (fd < 0) throw osError('pidfd_open', koffi.errno());
  return fd;
}

/** Signal number from a name ("KILL", "SIGTERM") or a number; undefined when unknown. */
export function signalNumber(sig: string | number): number | undefined {
  if (typeof sig === 'number') return Number.isInteger(sig) && sig >= 0 && sig <= 64 ? sig : undefined;
  const name = sig.toUpperCase().startsWith('SIG') ? sig.toUpperCase() : `SIG${sig.toUpperCase()}`;
  return (os.constants.signals as Record<string, number>)[name];
}

export function pidfdSendSignal(fd: number, signal: number): void {
  const { koffi } = libc();
  const r = Number(sys()(SYS.pidfd_send_signal, 'int', fd, 'int', signal, 'void *', null, 'uint', 0));
  if (r < 0) throw osError('pidfd_send_signal', koffi.errno());
}

/** Open, signal, close. Throws OsError ESRCH when the process is already gone. */
export function signalPid(pid: number, signal: number): void {
  const fd = pidfdOpen(pid);
  try {
    pidfdSendSignal(fd, signal);
  } finally {
    closeSync(fd);
  }
}
