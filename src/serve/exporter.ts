// The snapshot as Prometheus metrics, through prom-client: a registry for the text format
// and one for OpenMetrics (prom-client keeps the content type per registry), holding the
// same values. Each scrape sets every series anew from the snapshot (counters are the
// kernel's own running totals, written as they are).
//
// A counter never loses an event between two scrapes: the kernel keeps counting in the
// group's files, and the event watcher (sampler) sees a hit the moment it happens. A
// container that ends and is removed between two scrapes keeps its last counter series
// for RETAIN_MS, raised by the events the watcher saw after that scrape, so rate() and
// increase() still see its last OOM kill.
import { Gauge, Registry, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import type { ContainerRow, LimitEvent, Snapshot } from '../model/types.js';
import { METRICS, type MetricDef, type Sample, type SampleContext } from './metric-defs.js';

export const CONTAINER_LABELS = ['id', 'name', 'image', 'container', 'pod', 'namespace'] as const;
/** how long a container that vanished keeps its counter series */
export const RETAIN_MS = 5 * 60_000;

/** event kind -> the counter metric it raises (its value is the counter after the event) */
const EVENT_METRIC: Partial<Record<LimitEvent['kind'], string>> = {
  oom_kill: 'nstop_memory_oom_kill_events_total',
  pids_max: 'nstop_pids_max_events_total',
};

type Gone = { labels: Record<string, string>; counters: Map<string, number>; until: number };

export type Exporter = {
  /** fill every series from this snapshot */
  update(s: Snapshot, ctx: SampleContext): void;
  /** an event between scrapes (the sampler's ledger) */
  event(e: LimitEvent): void;
  text(openMetrics: boolean): Promise<string>;
  contentType(openMetrics: boolean): string;
  /** series written by the last update, per container id (for the series budget) */
  seriesPerContainer(): Map<string, number>;
};

/** cAdvisor's labels: id is the cgroup path; Kubernetes' container/pod/namespace only
 *  where known (an empty label is no label to Prometheus). */
export function containerLabels(c: ContainerRow): Record<string, string> {
  const l: Record<string, string> = { id: c.cgroupPath ?? `/${c.id}`, name: c.name };
  if (c.image !== undefined) l['image'] = c.image;
  if (c.runtime === 'kubernetes' || c.pod !== undefined) {
    l['container'] = c.name;
    if (c.pod !== undefined) l['pod'] = c.pod;
    if (c.podNamespace !== undefined) l['namespace'] = c.podNamespace;
  }
  return l;
}

export function createExporter(now: () => number = Date.now): Exporter {
  const text = new Registry<PrometheusContentType>();
  // the typings lack the constructor's content type; setContentType is the typed way
  const open = new Registry<OpenMetricsContentType>();
  open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const metrics = new Map<string, { def: MetricDef; m: Gauge }>();
  for (const def of METRICS) {
    // prom-client's Counter strips _total from the name it writes in the text format
    // (container_cpu_usage_seconds{...}), which no cAdvisor dashboard would find, and can
    // only count up. A counter here is a Gauge typed counter: its value is the kernel's
    // own running total, set as it is.
    const m = new Gauge({ name: def.name, help: def.help, labelNames: [...CONTAINER_LABELS, ...(def.extra ?? [])], registers: [text] });
    if (def.kind === 'counter') (m as unknown as { type: string }).type = 'counter';
    metrics.set(def.name, { def, m });
    // OpenMetrics names the counter family without _total and its samples with it
    // (prom-client appends it): the same values under the family's name
    const family = def.kind === 'counter' ? def.name.replace(/_total$/, '') : def.name;
    open.registerMetric({ name: family, get: async () => ({ ...(await m.get()), name: family }) } as unknown as Gauge);
  }
  /** last update's counter values per container: what a vanished one is kept with */
  let last = new Map<string, Gone>();
  let gone = new Map<string, Gone>();
  let perContainer = new Map<string, number>();

  const put = (m: Gauge, labels: Record<string, string>, value: number): void => {
    if (Number.isFinite(value)) m.set(labels, value);
  };

  return {
    update(s, ctx) {
      for (const { m } of metrics.values()) m.reset();
      const t = now();
      const seen = new Map<string, Gone>();
      perContainer = new Map();
      for (const c of s.containers) {
        // an ended container has no cgroup path any more: its series keep the labels they had
        const base = c.cgroupPath === undefined ? (last.get(c.id)?.labels ?? gone.get(c.id)?.labels ?? containerLabels(c)) : containerLabels(c);
        const kept: Gone = { labels: base, counters: new Map(), until: t + RETAIN_MS };
        let n = 0;
        for (const { def, m } of metrics.values()) {
          if (def.cgroup && (c.status === 'stopped' || !c.ownCgroup)) continue;
          const got = def.samples(c, ctx);
          if (got === undefined) continue;
          const list: readonly Sample[] = typeof got === 'number' ? [{ value: got }] : got;
          for (const x of list) {
            put(m, x.labels ? { ...base, ...x.labels } : base, x.value);
            n++;
            if (def.kind === 'counter' && !x.labels && EVENT_KEYS.has(def.name)) kept.counters.set(def.name, x.value);
          }
        }
        perContainer.set(c.id, n);
        seen.set(c.id, kept);
        gone.delete(c.id);
      }
      for (const [id, g] of last) if (!seen.has(id)) gone.set(id, g);
      for (const [id, g] of gone) {
        if (g.until < t) {
          gone.delete(id);
          continue;
        }
        for (const [name, v] of g.counters) put(metrics.get(name)!.m, g.labels, v);
      }
      last = seen;
    },
    event(e) {
      const name = EVENT_METRIC[e.kind];
      if (name === undefined || e.value === undefined) return;
      // a kill after the last scrape: the next one says it even if the group is gone by then
      const g = last.get(e.containerId) ?? gone.get(e.containerId);
      if (!g) return;
    if ((g.counters.get(name) ?? 0) < e.value) g.counters.set(name, e.value);
    if (e.kind === 'oom_kill' && (g.counters.get('container_oom_events_total') ?? 0) < e.value) g.counters.set('container_oom_events_total', e.value);
    },
    text: (om) => (om ? open : text).metrics(),
    contentType: (om) => (om ? open : text).contentType,
    seriesPerContainer: () => perContainer,
  };
}

const EVENT_KEYS = new Set([...Object.values(EVENT_METRIC), 'container_oom_events_total']);
