// What /metrics says about each container, as data: cAdvisor's names, types and help
// texts (google/cadvisor metrics/prometheus.go), so dashboards built on cAdvisor read
// nstop unchanged, then what cAdvisor lacks under nstop_. Every value comes from the
// container's cgroup files (never a sum over processes); a figure nstop cannot read is
// left out, not written as 0.
import type { Pressure } from '../host/types.js';
import type { ContainerRow } from '../model/types.js';

export type MetricKind = 'gauge' | 'counter';

/** One sample: extra label values (beside the container's labels) and its value. */
export type Sample = { labels?: Record<string, string>; value: number };

export type MetricDef = {
  name: string;
  help: string;
  kind: MetricKind;
  /** labels of its own beside id, name, image, container, pod, namespace */
  extra?: readonly string[];
  /** needs a cgroup of the container's own: left out for stopped and shared ones */
  cgroup?: boolean;
  samples(c: ContainerRow, t: SampleContext): readonly Sample[] | number | undefined;
};

export type SampleContext = {
  /** seconds since the epoch of this sample */
  nowSec: number;
  /** a container's start, seconds since the epoch, when known */
  startSec(c: ContainerRow): number | undefined;
  /** processes in the container's own namespace of each kind */
  nsProcesses(c: ContainerRow): readonly Sample[];
};

/** cAdvisor writes "no limit" as 0 for threads_max; nstop does the same for every spec_*
 *  limit, so `limit > 0` selects the limited ones. */
const limit = (v: number | undefined): number | undefined => (v === undefined ? undefined : Number.isFinite(v) ? v : 0);
const secs = (usec: number | undefined): number | undefined => (usec === undefined ? undefined : usec / 1e6);
/** v1 and v2 CFS both use 100 ms unless set otherwise; nstop reads quota as CPUs */
const CFS_PERIOD_USEC = 100_000;
const limited = (c: ContainerRow): boolean => c.stats?.cpu.limitCpus !== undefined && Number.isFinite(c.stats.cpu.limitCpus);

const CONGESTION = { cpu: 'CPU', memory: 'memory', io: 'IO' } as const;

/** PSI totals (µs) as cAdvisor names them: some = waiting, full = stalled. */
function pressure(kind: 'cpu' | 'memory' | 'io', line: 'some' | 'full'): MetricDef {
  const what = line === 'some' ? 'tasks in the container have waited' : 'no tasks in the container could make progress';
  return {
    name: `container_pressure_${kind}_${line === 'some' ? 'waiting' : 'stalled'}_seconds_total`,
    help: `Total time duration ${what} due to ${CONGESTION[kind]} congestion.`,
    kind: 'counter',
    cgroup: true,
    samples: (c) => {
      const p: Pressure | undefined = c.stats?.psi[kind];
      const l = line === 'some' ? p?.some : p?.full;
      return l === undefined ? undefined : l.total / 1e6;
    },
  };
}

export const METRICS: readonly MetricDef[] = [
  { name: 'container_memory_usage_bytes', help: 'Current memory usage in bytes, including all memory regardless of when it was accessed', kind: 'gauge', cgroup: true, samples: (c) => c.stats?.memory.current },
  { name: 'container_memory_working_set_bytes', help: 'Current working set in bytes.', kind: 'gauge', cgroup: true, samples: (c) => c.stats?.memory.workingSet },
  { name: 'container_memory_swap', help: 'Container swap usage in bytes.', kind: 'gauge', cgroup: true, samples: (c) => c.stats?.memory.swapCurrent },
  { name: 'container_spec_memory_limit_bytes', help: 'Memory limit for the container.', kind: 'gauge', cgroup: true, samples: (c) => limit(c.stats?.memory.max) },
  { name: 'container_spec_memory_swap_limit_bytes', help: 'Memory swap limit for the container.', kind: 'gauge', cgroup: true, samples: (c) => limit(c.stats?.memory.swapMax) },
  {
    name: 'container_cpu_usage_seconds_total', help: 'Cumulative cpu time consumed in seconds.', kind: 'counter', extra: ['cpu'], cgroup: true,
    // cAdvisor without per-CPU figures: one sample labelled cpu="total"
    samples: (c) => (c.stats?.cpu.usageUsec === undefined ? undefined : [{ labels: { cpu: 'total' }, value: c.stats.cpu.usageUsec / 1e6 }]),
  },
  { name: 'container_cpu_user_seconds_total', help: 'Cumulative user cpu time consumed in seconds.', kind: 'counter', cgroup: true, samples: (c) => secs(c.stats?.cpu.userUsec) },
  { name: 'container_cpu_system_seconds_total', help: 'Cumulative system cpu time consumed in seconds.', kind: 'counter', cgroup: true, samples: (c) => secs(c.stats?.cpu.systemUsec) },
  // cAdvisor writes the CFS series only for a container with a quota
  { name: 'container_cpu_cfs_periods_total', help: 'Number of elapsed enforcement period intervals.', kind: 'counter', cgroup: true, samples: (c) => (limited(c) ? c.stats?.cpu.nrPeriods : undefined) },
  { name: 'container_cpu_cfs_throttled_periods_total', help: 'Number of throttled period intervals.', kind: 'counter', cgroup: true, samples: (c) => (limited(c) ? c.stats?.cpu.nrThrottled : undefined) },
  { name: 'container_cpu_cfs_throttled_seconds_total', help: 'Total time duration the container has been throttled.', kind: 'counter', cgroup: true, samples: (c) => (limited(c) ? secs(c.stats?.cpu.throttledUsec) : undefined) },
  { name: 'container_spec_cpu_quota', help: 'CPU quota of the container.', kind: 'gauge', cgroup: true, samples: (c) => (limited(c) ? Math.round(c.stats!.cpu.limitCpus! * CFS_PERIOD_USEC) : undefined) },
  { name: 'container_spec_cpu_period', help: 'CPU period of the container.', kind: 'gauge', cgroup: true, samples: (c) => (limited(c) ? CFS_PERIOD_USEC : undefined) },
  { name: 'container_threads', help: 'Number of threads running inside the container', kind: 'gauge', cgroup: true, samples: (c) => c.stats?.pids.current },
  { name: 'container_threads_max', help: 'Maximum number of threads allowed inside the container, infinity if value is zero', kind: 'gauge', cgroup: true, samples: (c) => limit(c.stats?.pids.max) },
  pressure('cpu', 'some'),
  pressure('cpu', 'full'),
  pressure('memory', 'some'),
  pressure('memory', 'full'),
  pressure('io', 'some'),
  pressure('io', 'full'),
  // cAdvisor counts the kernel's OOM-kill records (/dev/kmsg): the group's oom_kill
  // counter is that count, without the log (v2 memory.events, v1 memory.oom_control),
  // kept for a container that ended (nstop's final counters)
  { name: 'container_oom_events_total', help: 'Count of out of memory events observed for the container', kind: 'counter', samples: (c) => c.counters.oomKill.value },
  {
    name: 'container_network_receive_bytes_total', help: 'Cumulative count of bytes received', kind: 'counter', extra: ['interface'],
    samples: (c) => netSamples(c, 'rx'),
  },
  {
    name: 'container_network_transmit_bytes_total', help: 'Cumulative count of bytes transmitted', kind: 'counter', extra: ['interface'],
    samples: (c) => netSamples(c, 'tx'),
  },
  { name: 'container_start_time_seconds', help: 'Start time of the container since unix epoch in seconds.', kind: 'gauge', samples: (c, t) => (c.status === 'stopped' ? undefined : t.startSec(c)) },
  { name: 'container_last_seen', help: 'Last time a container was seen by the exporter', kind: 'gauge', samples: (c, t) => (c.status === 'stopped' ? undefined : Math.floor(t.nowSec)) },
  // what cAdvisor has no series for
  // the same count under nstop's name (where cAdvisor's container_oom_events_total stays
  // at 0, queries and alerts written for nstop do not depend on which exporter filled it)
  { name: 'nstop_memory_oom_kill_events_total', help: 'Processes of the container killed by the OOM killer (memory.events oom_kill, memory.oom_control oom_kill).', kind: 'counter', samples: (c) => c.counters.oomKill.value },
  { name: 'nstop_pids_max_events_total', help: 'Forks refused because the container was at pids.max (pids.events max).', kind: 'counter', samples: (c) => c.counters.pidsMax.value },
  {
    name: 'nstop_container_info', help: 'Always 1: the container as nstop sees it (runtime, status, namespaces of its own, whether its cgroup is its own).', kind: 'gauge',
    extra: ['runtime', 'status', 'isolated', 'own_cgroup'],
    samples: (c) => [{ labels: { runtime: c.runtime, status: c.status, isolated: c.isolated.join(','), own_cgroup: String(c.ownCgroup) }, value: 1 }],
  },
  { name: 'nstop_namespace_processes', help: 'Processes in each namespace the container has of its own (its init\'s), by namespace type.', kind: 'gauge', extra: ['type'], samples: (c, t) => t.nsProcesses(c) },
];

/** cAdvisor leaves lo out (its network stats skip loopback devices); a container in the
 *  host's network namespace reports none (they are the host's interfaces). */
function netSamples(c: ContainerRow, dir: 'rx' | 'tx'): Sample[] | undefined {
  if (!c.net?.own || c.status === 'stopped') return undefined;
  const out: Sample[] = [];
  for (const i of c.net.interfaces) if (i.name !== 'lo') out.push({ labels: { interface: i.name }, value: dir === 'rx' ? i.rxBytes : i.txBytes });
  return out;
}
