// The model the UI and the CLI consume: immutable snapshots built from host samples.
// Pure data: no React, no formatting. undefined = not known (rendered "n/a").
import type { CgroupMode, CgroupRef, CgroupStats } from '../host/cgroup/types.js';
import type { LoadAvg, PsiSet } from '../host/types.js';
import type { ContainerStatus, NetModeKind, NsIds, NsType, StateStatus } from '../host/vocabulary.js';

export type Runtime =
  | 'nstop'
  | 'docker'
  | 'podman'
  | 'containerd'
  | 'kubernetes'
  | 'cri-o'
  | 'lxc'
  | 'nspawn'
  | 'runc'
  | 'ad-hoc';

export type ProcessRow = {
  pid: number;
  starttime: number;
  ppid: number;
  /** pid in each pid namespace, host first; last = pid inside its own namespace. */
  nspid: number[];
  comm: string;
  cmdline: string[];
  uid?: number;
  user: string;
  state?: string;
  /** % of one CPU over the last interval; undefined on first sight. */
  cpuPct?: number;
  rssBytes?: number;
  threads?: number;
  ns: NsIds;
  /** namespace kinds in which this process differs from the host. */
  isolated: NsType[];
  containerId?: string;
  kernelThread: boolean;
};

/** Counter with its change since the previous sample (delta undefined on first sample/reset);
 *  changedAt: when it last went up (ms since the epoch), seen live or by the event watcher. */
export type Counter = { value?: number; delta?: number; changedAt?: number };

/** Network figures of a container (src/model/net.ts makes them from the sampler's readings). */
export type NetIface = {
  name: string;
  /** "10.77.0.2/24", "fd00::2/64" (IPv4 from fib_trie + route, IPv6 from if_inet6) */
  addresses: string[];
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  /** bytes per second since the last reading; undefined on the first and after a reset */
  rxRate?: number;
  txRate?: number;
};

export type ContainerNet = {
  /** inode of its network namespace */
  ns: number;
  /** false: it uses the host's network (nothing of its own to show) */
  own: boolean;
  /** the other containers in the same namespace (a pod), by name */
  sharedWith: string[];
  interfaces: NetIface[];
  /** over its interfaces except lo (traffic that never leaves it) */
  rxBytes?: number;
  txBytes?: number;
  rxRate?: number;
  txRate?: number;
  /** recent rx + tx bytes/s, oldest first */
  history: number[];
};

export type ContainerRow = {
  /** stable key: "<runtime>:<id>", e.g. "docker:3f2a…", "ad-hoc:pidns:4026532451". */
  id: string;
  name: string;
  runtime: Runtime;
  /** the cgroup that defines or holds it (v2 path, or v1 memory path), for display. */
  cgroupPath?: string;
  /** false when the cgroup is shared with processes outside the container (or is a root):
   *  then cgroup figures are not the container's and are left undefined. */
  ownCgroup: boolean;
  /** the hierarchies that are its own (what `nstop set` may write for another runtime) */
  cgroupRef?: CgroupRef;
  /** host pid of the init of its pid namespace, or its lowest pid. */
  initPid?: number;
  pids: number[];
  nprocs: number;
  /** namespaces of its init process. */
  ns: NsIds;
  isolated: NsType[];
  command: string;
  stats?: CgroupStats;
  /** limits in stats that are an ancestor group's (tighter than the container's own):
   *  that group's path per kind (model/effective-limits.ts) */
  limitFrom?: { memory?: string; pids?: string; cpu?: string };
  /** % of one CPU (100 = one full core) from cgroup usage deltas. */
  cpuPct?: number;
  /** set when cpuPct is an earlier tick's: a container without a CPU counter of its own
   *  whose processes are read less often while its row is off screen (ms since then). */
  cpuAgeMs?: number;
  counters: {
    oom: Counter;
    oomKill: Counter;
    memoryMaxHits: Counter;
    memoryHighHits: Counter;
    pidsMax: Counter;
    throttled: Counter;
  };
  /** recent values, oldest first, for sparklines. */
  history: { cpuPct: number[]; memoryBytes: number[] };
  /** runc list's STATUS: paused when frozen; nstop's own containers may be created/stopped. */
  status: ContainerStatus;
  /** nstop containers: what their state file says (created time, exit, final counters). */
  managed?: ManagedInfo;
  /** what another runtime's own record says (src/model/runtime-names.ts) */
  image?: string;
  /** Kubernetes: the pod and its namespace (CRI annotations, cri-o's metadata) */
  pod?: string;
  podNamespace?: string;
  /** a stopped container of another runtime: the exit it recorded (runc records none) */
  recorded?: { exitCode?: number; finishedAt?: number };
  /** its network namespace's interfaces and traffic (src/model/net.ts) */
  net?: ContainerNet;
  /** the machine it runs on, where a source shows more than one (src/fleet/: Prometheus's
   *  target); absent: this host */
  host?: string;
};

/** The state nstop keeps for containers it launched (src/act/state.ts), as the model sees it. */
export type ManagedInfo = {
  name: string;
  status: StateStatus;
  createdAt: number;
  command: string[];
  detached: boolean;
  pid?: number;
  exitCode?: number | null;
  signal?: number | null;
  finishedAt?: number;
  /** memoryPeak / memoryMax: the most it held and its limit then (absent: none or not known) */
  final?: { oomKill?: number; oom?: number; memoryMaxHits?: number; pidsMaxHits?: number; memoryPeak?: number; memoryMax?: number; cpuUsageUsec?: number };
  /** its confinement: privileged (none at all), or the capabilities it keeps; absent for
   *  containers launched before nstop confined them */
  confine?: { privileged: boolean; caps: string[] };
  /** how it was launched: none, bridge (with its address), host, container (whose) */
  net?: { mode: NetModeKind; container?: string; bridge?: string; address?: string };
};

export type NamespaceRow = {
  ns: number;
  type: NsType;
  nprocs: number;
  /** lowest pid in the namespace (what lsns shows). */
  pid: number;
  user: string;
  command: string;
  /** ids of containers with at least one process in this namespace. */
  containers: string[];
  /** true when it is the host's namespace of that kind. */
  host: boolean;
};

/** Counter events (a limit was hit) and lifecycle events of a container. */
export type LimitEventKind =
  | 'oom'
  | 'oom_kill'
  | 'memory_max'
  | 'memory_high'
  | 'pids_max'
  | 'throttled'
  | 'frozen'
  | 'thawed'
  | 'start'
  | 'exit';

export type LimitEvent = {
  /** ms since the epoch */
  time: number;
  containerId: string;
  container: string;
  kind: LimitEventKind;
  /** counter value after the event */
  value?: number;
  delta?: number;
  /** exit: "exit 0", "signal 9"; what else a person needs to read the line */
  detail?: string;
};

export type HostInfo = {
  hostname: string;
  kernel: string;
  cgroupMode: CgroupMode;
  cpus: number;
  memTotalBytes?: number;
  memAvailableBytes?: number;
  swapTotalBytes?: number;
  swapFreeBytes?: number;
  /** /proc/stat's busy/total ticks: all CPUs, then each (the header's meters) */
  cpuTicks?: readonly { busy: number; total: number }[];
  load?: LoadAvg;
  psi: PsiSet;
  uptimeSec?: number;
};

export type Snapshot = {
  seq: number;
  /** ms since the epoch when the sample was taken */
  time: number;
  /** measured interval to the previous sample, ms (undefined on the first) */
  intervalMs?: number;
  host: HostInfo;
  containers: ContainerRow[];
  namespaces: NamespaceRow[];
  processes: ProcessRow[];
  /** the last events, oldest first (the sampler's ledger: src/model/ledger.ts) */
  events: readonly LimitEvent[];
  warnings: string[];
  /** not root: writes are disabled and some files could not be read. */
  readOnly: boolean;
};

/** What the sampler offers the UI (and tests fake): the latest snapshot and a feed. */
export type SnapshotSource = {
  current(): Snapshot | undefined;
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** What to read from now on: derived from what is on screen (src/ui/demand.ts) or set
   *  once by a CLI command. The only way a consumer steers the sampler's reads. */
  setDemand(demand: SampleDemand): void;
  /** nstop just changed a group (limits, freezer): read the rows on screen in full on
   *  the next tick, idle or not. */
  changed?(): void;
  /** the refresh interval from now on, ms (the dashboard's + and -) */
  setInterval?(ms: number): void;
  /** a source that cannot be acted on (Prometheus, a recording): the header's label and
   *  the one line every action key says instead of acting */
  readOnly?: { label: string; why: string };
  /** said when + or - would change the refresh of a source that does not refresh (a
   *  replay); the interval is then left as it was */
  noRefresh?: string;
  /** views this source has no rows for (or none yet), with what to say in their place;
   *  read at every frame, so a source may change it */
  unavailable?: { containers?: string; processes?: string; namespaces?: string };
};

export type SampleDemand = {
  /** read stat/statm of processes each tick (cpu %, rss) for these pids, or 'all'. */
  processStats: 'none' | 'all' | number[];
  /** containers whose cgroup files are read as on screen and whose event files are
   *  watched between ticks (inotify, eventfd, fast polling): the rows on screen, or 'all'
   *  (nstop events). Default: every row read in full, none watched. */
  watch?: 'all' | readonly string[];
  /** containers whose network namespace is read every tick (others every 5th tick), or
   *  'all'. Default: as `watch`. */
  net?: 'all' | readonly string[];
  /** the tables rebuilt whenever processes come and go (default: both). One not on screen
   *  is kept up to a few ticks old instead: on a busy host, rebuilding 10k process rows
   *  and the namespace list every tick is most of a Containers-view refresh. */
  fresh?: { processes: boolean; namespaces: boolean };
  /** sum a container's CPU from its processes' stat where it has no CPU-time counter of
   *  its own (default true: as `watch` says, rows on screen every tick). 'background':
   *  every such row at the off-screen budget (sampler/member-cpu.ts: ~1000 processes a
   *  tick), as `nstop record` asks. false: never; `nstop serve` says so (its CPU series
   *  are the cgroup's counters only): on a host of such containers the stat reads were
   *  most of a scrape. */
  memberCpu?: boolean | 'background';
  /** a watched group whose CPU time stood still (and no PSI stall, no event) is read in
   *  full once per this many ticks (default 3, the dashboard's rows on screen); `nstop
   *  record` asks for about a minute's worth: an idle group's figures do not move. */
  idleFullEvery?: number;
  /** false: rows only for the processes `processStats` read figures of (none: the
   *  snapshot's `processes` is empty): `nstop record` keeps only those, and the table of
   *  the host's 10,000 bare rows was memory held for nothing. Default: every process. */
  processRows?: false;
  /** whether PSI averages (avg10) are shown (default true): a group on screen whose
   *  average is above zero is read in full each tick while it decays, CPU time moved or
   *  not. false: `nstop serve`, which exports the PSI totals only (a decaying average is
   *  not a moving total); after a load's start that rule read every group in full on
   *  every scrape for a minute and more. */
  psiAverages?: boolean;
};
