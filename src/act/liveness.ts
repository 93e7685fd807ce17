// Is the process a state file names still that process? pid + start time, so a reused
// pid (or a state that survived a reboot in a persistent /run) is never mistaken.
import { readProcessStat } from '../host/proc-reader.js';

export function startTimeOf(pid: number, procRoot = '/proc'): number | undefined {
  return readProcessStat(procRoot, pid)?.starttime;
}

export function isAlive(pid: number | undefined, startTime: number | undefined, procRoot = '/proc'): boolean {
  if (pid === undefined || startTime === undefined) return false;
  const st = readProcessStat(procRoot, pid);
  return st !== undefined && st.starttime === startTime && st.state !== 'Z';
}
