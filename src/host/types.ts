// Shapes produced by the READ side (src/host). Plain data, no formatting.
// Byte counts are bytes, times are microseconds unless the name says otherwise,
// "no limit" is Infinity, "the kernel does not have it / could not read" is undefined.

/** Fields of /proc/PID/stat that nstop uses (see parseStat). Times in clock ticks. */
export type ProcStat = {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  utime: number;
  stime: number;
  numThreads: number;
  /** Start time since boot, clock ticks: (pid, starttime) identifies a process across pid reuse. */
  starttime: number;
  vsizeBytes: number;
  rssPages: number;
};

/** /proc/PID/statm, pages. */
export type ProcStatm = { size: number; resident: number; shared: number };

/** Fields of /proc/PID/status that nstop uses. */
export type ProcStatus = {
  name: string;
  /** real, effective, saved, fs */
  uids: number[];
  gids: number[];
  /** pid as seen from each pid namespace, outermost (this /proc's) first. */
  nspid: number[];
  threads?: number;
  vmRssBytes?: number;
};

/** One line of /proc/PID/cgroup: "4:memory:/docker/abc" or "0::/user.slice". */
export type CgroupMembership = {
  hierarchyId: number;
  /** [] for the v2 line; ['name=systemd'] for named v1 hierarchies. */
  controllers: string[];
  path: string;
};

/** One PSI line pair: /proc/pressure/X or cgroup X.pressure. Percentages; total in µs. */
export type PressureLine = { avg10: number; avg60: number; avg300: number; total: number };
export type Pressure = { some: PressureLine; full?: PressureLine };
export type PsiSet = { cpu?: Pressure; memory?: Pressure; io?: Pressure };

/** total = the kernel's nr_threads; lastPid = the pid most recently handed out in the
 *  reader's pid namespace. Both unchanged between two reads: no task was born or reaped. */
export type LoadAvg = { one: number; five: number; fifteen: number; running: number; total: number; lastPid: number };
