// The process table's rotation (process-table.ts): a few old pids a tick are checked for a
// change their identity would not show otherwise (setproctitle, a cgroup move by systemd
// or cgclassify, a reused pid) with 3 reads instead of the identity's 12.
import type { ProcReader } from '../host/proc-reader.js';
import type { ProcInput } from '../model/input.js';
import { sameList } from './proc-input.js';

/** Whether `pid` is now another process or program (stat), runs another command line or
 *  sits in another cgroup than `input` says: its identity is read again. */
export function moved(reader: ProcReader, pid: number, input: ProcInput): boolean {
  try {
    const stat = reader.stat(pid);
    if (stat === undefined || stat.starttime !== input.starttime || stat.comm !== input.comm) return true;
    if (!input.kernelThread && !sameList(reader.cmdline(pid) ?? [], input.cmdline)) return true;
    const cgroups = reader.cgroups(pid);
    // refused (non-root): the identity holds [] for it
    return cgroups === undefined ? input.cgroups.length > 0 : cgroups !== input.cgroups;
  } catch {
    return true; // the identity read reports it
  }
}
