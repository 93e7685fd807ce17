// /proc/PID/stat files kept open between ticks and read with pread from offset 0: one
// system call per read instead of open, read, read (EOF) and close. The Processes view
// reads every process's stat each tick, and on a host whose containers have no CPU-time
// counter of their own (so no cgroup can say "nothing here ran") that is every process,
// every tick. procfs regenerates the text on each read at offset 0 (seq_file), and an fd
// stays bound to the process it was opened for: once that process is gone (and its pid
// maybe reused) the read fails with ESRCH, the fd is closed and the path opened again, so
// a reused pid reads the new process (the caller tells them apart by starttime).
// Bounds: 50 % of the open-file limit (cgroup files 30 %; all kept files of the process
// together 80 %: host/kept-fds.ts); pids beyond that are read by path as before; an fd
// unread for IDLE_TICKS ticks (the view left the screen) is closed, as each one holds a
// page of kernel memory.
import { statfsSync } from 'node:fs';
import { KeptFds, keptFdShare } from '../kept-fds.js';

const PROC_SUPER_MAGIC = 0x9fa0;
/** Files unread for this many ticks are closed. */
export const IDLE_TICKS = 30;

export function isProcMount(dir: string): boolean {
  try {
    return Number(statfsSync(dir).type) === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

export class StatFiles {
  private readonly fds: KeptFds<number>;

  /** `keep`: whether procRoot is a real procfs (a fixture tree's file can be replaced
   *  under an open fd); `clock`: the tick, for closing idle files. Once `max` are kept
   *  the rest are read by path: every pid is read in turn each tick, so evicting the
   *  oldest would close the next one to be read. */
  constructor(private readonly procRoot: string, keep: boolean, clock: () => number, max = keptFdShare('stat')) {
    this.fds = new KeptFds(keep ? max : 0, clock, IDLE_TICKS, 'path');
  }

  get count(): number {
    return this.fds.count;
  }

  /** The stat line of `pid` as text; errors as readFileSync's (ENOENT, ESRCH: gone). */
  read(pid: number): string {
    return this.fds.read(pid, `${this.procRoot}/${pid}/stat`, true);
  }

  close(): void {
    this.fds.close();
  }
}
