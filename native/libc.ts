// The one place nstop loads libc through koffi. Every wrapper reads errno right after
// its call (a later JS call may clobber it) and throws OsError {code, errno, syscall}.
import { createRequire } from 'node:module';
import os from 'node:os';
import { OsError } from '../src/host/errors.js';

// koffi is CommonJS with a native part; loaded on first use (~20 ms): read-only commands
// pay it once, for sysconf's page size and clock ticks (sysconf.ts), and nothing more.
const require = createRequire(import.meta.url);
type Koffi = typeof import('koffi');
let koffi: Koffi | undefined;
let lib: ReturnType<Koffi['load']> | undefined;

export function libc(): { koffi: Koffi; lib: ReturnType<Koffi['load']> } {
  koffi ??= require('koffi') as Koffi;
  lib ??= koffi.load('libc.so.6');
  return { koffi, lib };
}

const CODES = new Map<number, string>(Object.entries(os.constants.errno).map(([name, n]) => [n, name]));

export function osError(syscallName: string, errno: number): OsError {
  const code = CODES.get(errno) ?? `E${errno}`;
  return new OsError(code, errno, syscallName, `${syscallName}: ${code}`);
}

/** x86-64 syscall numbers used through syscall(2) (glibc has no wrapper for them). */
export const SYS = { pidfd_open: 434, pidfd_send_signal: 424 } as const;
