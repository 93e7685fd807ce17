// OpenMetrics names of the recorded columns: cAdvisor's, so dashboards and alerts written
// for docker hosts work on a backfill (and `nstop serve` uses the same). One table, so
// the two can be unified; `counter` ones get `_total` and are cumulative.
export type MetricName = { column: string; name: string; type: 'gauge' | 'counter'; help: string; unit?: 'seconds' | 'bytes'; scale?: number };

export const METRICS: readonly MetricName[] = [
  { column: 'memory', name: 'container_memory_usage_bytes', type: 'gauge', help: 'Current memory usage in bytes' },
  { column: 'workingSet', name: 'container_memory_working_set_bytes', type: 'gauge', help: 'Current working set in bytes' },
  { column: 'memoryMax', name: 'container_spec_memory_limit_bytes', type: 'gauge', help: 'Memory limit for the container' },
  { column: 'swap', name: 'container_memory_swap', type: 'gauge', help: 'Container swap usage in bytes' },
  { column: 'cpuUsageUsec', name: 'container_cpu_usage_seconds', type: 'counter', help: 'Cumulative cpu time consumed in seconds', scale: 1e-6 },
  { column: 'nrPeriods', name: 'container_cpu_cfs_periods', type: 'counter', help: 'Number of elapsed enforcement period intervals' },
  { column: 'nrThrottled', name: 'container_cpu_cfs_throttled_periods', type: 'counter', help: 'Number of throttled period intervals' },
  { column: 'throttledUsec', name: 'container_cpu_cfs_throttled_seconds', type: 'counter', help: 'Total time duration the container has been throttled', scale: 1e-6 },
  { column: 'pids', name: 'container_threads', type: 'gauge', help: 'Number of threads running inside the container' },
  { column: 'pidsMax', name: 'container_threads_max', type: 'gauge', help: 'Maximum number of threads allowed inside the container' },
  { column: 'nprocs', name: 'container_processes', type: 'gauge', help: 'Number of processes running inside the container' },
  { column: 'rxBytes', name: 'container_network_receive_bytes', type: 'counter', help: 'Cumulative count of bytes received' },
  { column: 'txBytes', name: 'container_network_transmit_bytes', type: 'counter', help: 'Cumulative count of bytes transmitted' },
  { column: 'oomKill', name: 'container_oom_events', type: 'counter', help: 'Count of out of memory events observed for the container' },
  { column: 'psiCpuSomeUsec', name: 'container_pressure_cpu_waiting_seconds', type: 'counter', help: 'Total time duration tasks in the container have waited due to CPU congestion', scale: 1e-6 },
  { column: 'psiMemorySomeUsec', name: 'container_pressure_memory_waiting_seconds', type: 'counter', help: 'Total time duration tasks in the container have waited due to memory congestion', scale: 1e-6 },
  { column: 'psiIoSomeUsec', name: 'container_pressure_io_waiting_seconds', type: 'counter', help: 'Total time duration tasks in the container have waited due to IO congestion', scale: 1e-6 },
];
