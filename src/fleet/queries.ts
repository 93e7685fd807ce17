// What the dashboard asks Prometheus each refresh, as data: two instant queries.
// - VALUES: the latest sample of every series `nstop serve` (or cAdvisor) exports that a
//   row shows as it is, selected by name in one vector;
// - RATES: per-second rates, each tagged with a label saying which rate it is, joined
//   with `or` into one vector (rate() drops __name__, so without the tag the CPU rate and
//   the three pressure rates of one container would have the same labels).
// irate over 1 m: the rate between the last two scrapes (as fresh as a top should be,
// whatever the scrape interval up to 30 s), not an average over the minute.

/** Series read as they are: name -> what it fills (fleet-snapshot.ts). */
export const VALUE_METRICS = [
  'up',
  'container_memory_usage_bytes',
  'container_memory_working_set_bytes',
  'container_memory_swap',
  'container_spec_memory_limit_bytes',
  'container_spec_memory_swap_limit_bytes',
  'container_threads',
  'container_threads_max',
  'container_spec_cpu_quota',
  'container_spec_cpu_period',
  'container_cpu_usage_seconds_total',
  'container_cpu_cfs_throttled_periods_total',
  'container_oom_events_total',
  'nstop_memory_oom_kill_events_total',
  'nstop_pids_max_events_total',
  'nstop_container_info',
  // written for live containers only: a row without it is one that ended (nstop serve
  // keeps an ended container's counters a while)
  'container_last_seen',
  'nstop_namespace_processes',
] as const;

export type ValueMetric = (typeof VALUE_METRICS)[number];

export const VALUES_QUERY = `{__name__=~"${VALUE_METRICS.join('|')}"}`;

/** The label RATES_QUERY tags each rate with. */
export const RATE_LABEL = 'nstop_rate';
export type RateKind = 'cpu' | 'psi_cpu' | 'psi_memory' | 'psi_io';

const RATES: Readonly<Record<RateKind, string>> = {
  // cAdvisor writes per-CPU series too where it has them; cpu="total" is the sum
  cpu: 'container_cpu_usage_seconds_total{cpu="total"}',
  psi_cpu: 'container_pressure_cpu_waiting_seconds_total',
  psi_memory: 'container_pressure_memory_waiting_seconds_total',
  psi_io: 'container_pressure_io_waiting_seconds_total',
};

export const RATE_WINDOW = '1m';

export const RATES_QUERY = Object.entries(RATES)
  .map(([kind, series]) => `label_replace(irate(${series}[${RATE_WINDOW}]), "${RATE_LABEL}", "${kind}", "", "")`)
  .join(' or ');
