// The process table's options and its callers' view of quiet cgroups (process-table.ts).
import type { ProcReader } from '../host/proc-reader.js';
import type { AheadReads } from '../host/procfs/first-look.js';
import type { PidEventSource } from '../host/procfs/proc-events.js';
import type { ProcInput } from '../model/input.js';

/** Whether no task of this cgroup membership ran since the last tick. */
export type QuietCgroups = (cgroups: ProcInput['cgroups']) => boolean;

export type TableOptions = {
  procRoot: string;
  onError: (pid: number, err: unknown) => void;
  /** default: a reader of procRoot with the host's page size and clock ticks (sysconf) */
  reader?: ProcReader;
  /** a tick that meets at least this many unseen pids (a start on a big host) reads
   *  their identities cheaply (proc-reader: 4 reads of 12 for a container's non-init
   *  processes) and completes them over the next ticks. Absent: never (one-shot CLI
   *  samples want every identity complete at once). */
  deferIdentity?: number;
  /** the first tick's look ahead (first-look.ts): its reads stand in for /proc's */
  ahead?: () => Promise<AheadReads | undefined>;
  /** the kernel's process events, to keep the pid list by (host/procfs/proc-events.ts);
   *  only for the host's own /proc. Absent: /proc is listed when tasks came or went. */
  pidEvents?: PidEventSource;
};
