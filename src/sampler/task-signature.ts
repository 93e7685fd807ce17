// What /proc says of the whole task set, read once a tick by the process table: whether a
// task may have come or gone since the last tick, and how long the host has been up.
import { join } from 'node:path';
import type { ProcReader } from '../host/proc-reader.js';
import { readLoadavg } from '../host/procfs/loadavg.js';
import { readTextFile } from '../host/procfs/read-file.js';
import { parseUptime } from '../host/procfs/uptime.js';

/** /proc/loadavg's nr_threads (all tasks) and last_pid, or undefined (a fixture tree
 *  without one). */
export function taskCounts(procRoot: string): { tasks: number; lastPid: number } | undefined {
  const l = readLoadavg(procRoot);
  return l && { tasks: l.total, lastPid: l.lastPid };
}

/** Clock ticks since boot (starttime's unit), or undefined without /proc/uptime. */
export function uptimeTicks(reader: ProcReader): number | undefined {
  try {
    return parseUptime(readTextFile(join(reader.procRoot, 'uptime'))) * reader.clockTicks;
  } catch {
    return undefined;
  }
}
