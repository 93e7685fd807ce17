// Signals: one process through a pidfd (no pid-reuse race); a whole group through
// cgroup.kill where the kernel has it, else freeze -> signal each -> thaw, so nothing
// forks away between listing the pids and signalling them.
import { signalNumber, signalPid } from '../../native/pidfd.js';
import type { CgroupDriver, CgroupRef } from '../host/cgroup/types.js';
import { errorCode } from '../host/errors.js';
import { ActError } from './errors.js';

export const SIGKILL = 9;

export function parseSignal(text: string): number {
  const n = /^\d+$/.test(text) ? signalNumber(Number(text)) : signalNumber(text);
  if (n === undefined || n === 0 || n > 64) throw new ActError(`unknown signal "${text}" (a name like TERM, KILL, HUP or a number 1-64)`);
  return n;
}

/** false when the process was already gone (ESRCH). */
export function signalProcess(pid: number, signal: number): boolean {
  try {
    signalPid(pid, signal);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ESRCH') return false;
    throw err;
  }
}

export async function signalGroup(driver: CgroupDriver, ref: CgroupRef, signal: number): Promise<number> {
  if (signal === SIGKILL && driver.killAll(ref)) return driver.procs(ref).length;
  let frozen = false;
  try {
    await driver.setFrozen(ref, true);
    frozen = true;
  } catch {
    // no freezer for this group: signal without it
  }
  let n = 0;
  try {
    for (const pid of driver.procs(ref)) if (signalProcess(pid, signal)) n++;
  } finally {
    if (frozen) await driver.setFrozen(ref, false);
  }
  return n;
}

/** Poll until the group has no process (after SIGKILL this takes milliseconds). */
export async function waitEmpty(driver: CgroupDriver, ref: CgroupRef, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (driver.procs(ref).length > 0) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
