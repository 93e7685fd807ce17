// The one interface both cgroup drivers implement (v1.ts, v2.ts; hybrid composes them).
// Callers never branch on the version: they ask the driver.
import type { CgroupMembership, PsiSet } from '../types.js';

export type CgroupMode = 'v1' | 'v2' | 'hybrid';

/** Where the hierarchies are, decided once by detect.ts. Paths are absolute on the host
 *  (or under an injected fixture root). */
export type CgroupLayout = {
  mode: CgroupMode;
  root: string;
  /** v1: controller name -> mount dir, e.g. memory -> /sys/fs/cgroup/memory.
   *  Co-mounted controllers (cpu,cpuacct) map each name to the same dir. */
  v1: Record<string, string>;
  /** v2 (pure) or the unified mount of a hybrid host. */
  unified?: string;
  /** Controllers enabled at the v2 root (cgroup.controllers). */
  v2Controllers: string[];
};

/** Which cgroup a container (or a process) is in, per hierarchy: what /proc/PID/cgroup says. */
export type CgroupRef = {
  /** v2 path ("0::" line), relative to the unified root, starting with "/". */
  unified?: string;
  /** v1 controller -> path relative to that controller's mount. */
  v1: Record<string, string>;
};

export type MemoryStats = {
  /** bytes in use as the kernel counts it against the limit (memory.current / usage_in_bytes). */
  current?: number;
  /** working set = current - inactive_file (what kubectl/docker show). */
  workingSet?: number;
  /** hard limit; Infinity = none. */
  max?: number;
  /** v2 memory.high; Infinity = none. */
  high?: number;
  swapCurrent?: number;
  /** swap limit (v2 memory.swap.max; v1 memsw.limit - limit); Infinity = none. */
  swapMax?: number;
  /** counters from memory.events (v2) or memory.oom_control / failcnt (v1). */
  oom?: number;
  oomKill?: number;
  /** times usage hit the limit: v2 memory.events max, v1 memory.failcnt. */
  maxHits?: number;
  highHits?: number;
  /** set while the group is under an OOM (v1 under_oom). */
  underOom?: boolean;
};

export type PidsStats = {
  /** tasks (threads included: the kernel counts threads in pids.current). */
  current?: number;
  max?: number;
  /** pids.events max: forks refused by pids.max. */
  maxHits?: number;
};

export type CpuStats = {
  /** total CPU time used, µs (v2 cpu.stat usage_usec; v1 cpuacct.usage / 1000). */
  usageUsec?: number;
  userUsec?: number;
  systemUsec?: number;
  nrPeriods?: number;
  nrThrottled?: number;
  throttledUsec?: number;
  /** quota as CPUs (cpu.max / cfs_quota/period); Infinity = none. */
  limitCpus?: number;
  /** v2 weight scale 1..10000 (v1 shares are converted). */
  weight?: number;
};

export type CgroupStats = {
  memory: MemoryStats;
  pids: PidsStats;
  cpu: CpuStats;
  psi: PsiSet;
  frozen?: boolean;
  populated?: boolean;
  /** How memory.current was derived, shown to users (e.g. "memory.current (v2)"). */
  memoryFormula: string;
};

/** What tells nstop that a group's counters moved between two ticks (absolute paths of
 *  files that exist now); sampler/event-watch.ts turns these into watches. */
export type EventSources = {
  /** the kernel notifies changes (inotify IN_MODIFY): v2 memory.events, pids.events,
   *  cgroup.events */
  notify: string[];
  /** v1 memory.oom_control files: an eventfd registered through cgroup.event_control
   *  fires on each OOM of the group */
  oomControl: string[];
  /** counters without any notification, read on a short timer: v1 pids.events,
   *  memory.failcnt */
  poll: string[];
};

export type CgroupDriver = CgroupWriter & {
  readonly layout: CgroupLayout;
  /** Read counters and limits of one group. Throws only on vanished (ENOENT) groups. */
  readStats(ref: CgroupRef): CgroupStats;
  /** Only what moves every second and sorts the list: memory in use, CPU used, tasks,
   *  frozen/populated (4-5 files instead of ~20). The sampler lays it over the group's
   *  last full read (stats.ts withHot) for rows off screen. Throws like readStats. */
  readHot(ref: CgroupRef): CgroupStats;
  /** CPU time used (µs) from one file: while it stands still nothing in the group ran,
   *  so its other figures have not moved either. undefined when no hierarchy counts CPU
   *  time for this group. Throws like readStats. */
  readUsage(ref: CgroupRef): number | undefined;
  /** Only the group's PSI (cgroup2's X.pressure; {} on v1): an idle group's averages
   *  decay with no task running, and nothing else of it moves meanwhile. Throws like
   *  readStats. `kinds`: only these of cpu, memory, io (default all). */
  readPsi(ref: CgroupRef, kinds?: readonly (keyof PsiSet)[]): PsiSet;
  /** The most memory the group ever held, bytes (v1 memory.max_usage_in_bytes, v2
   *  memory.peak, 5.19+): read once, just before an ended container's group goes, so its
   *  row can say how close it came. undefined where the kernel has no such file. */
  readPeak(ref: CgroupRef): number | undefined;
  /** Build a ref from a process's /proc/PID/cgroup lines. */
  refFromMembership(lines: CgroupMembership[]): CgroupRef;
  eventSources(ref: CgroupRef): EventSources;
  /** Host-wide PSI (/proc/pressure/*), read by the caller with the proc root. */
  /** A file of one of its groups (an event file), through the driver's kept fds. Errors as readFileSync's. */
  readFile(path: string): string;
  /** Close the driver's kept fds and drop its caches; it may still be used (they start over). */
  close(): void;
};

/** A limit change (set or launch). Infinity = no limit ("max"); absent = leave as is.
 *  memory/swap bytes, pids count, cpus (0.5 = half a CPU), cpuWeight 1..10000 (v2 scale). */
export type LimitChange = {
  memory?: number;
  swap?: number;
  pids?: number;
  cpus?: number;
  cpuWeight?: number;
};

/** The write side: create, limit, freeze, kill and remove groups nstop owns. */
export type CgroupWriter = {
  /** mkdir the group in every hierarchy nstop uses ("/nstop/t1"); EEXIST when it exists. */
  create(path: string): CgroupRef;
  /** rmdir every directory of the group (gone already is fine; EBUSY while populated). */
  remove(ref: CgroupRef): void;
  setLimits(ref: CgroupRef, change: LimitChange): void;
  /** The device allow-list where a v1 devices hierarchy exists (a no-op on pure v2,
   *  where the launch helper attaches a device program to the group instead). */
  restrictDevices(ref: CgroupRef): void;
  /** Resolves once the kernel reports the group frozen (thawed). */
  setFrozen(ref: CgroupRef, frozen: boolean): Promise<void>;
  /** SIGKILL everything through cgroup.kill; false when no hierarchy has it. */
  killAll(ref: CgroupRef): boolean;
  /** Every pid in any of the group's hierarchies. */
  procs(ref: CgroupRef): number[];
  /** cgroup.procs files a new process writes itself into. */
  procsFiles(ref: CgroupRef): string[];
};
