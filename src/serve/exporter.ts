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
import { Registry, type Gauge, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import type { ContainerRow, LimitEvent, Snapshot } from '../model/types.js';
import { METRICS, type MetricDef, type SampleContext } from './metric-defs.js';

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

/** One series as prom-client's registry formats it: the labels are all in `sharedLabels`,
 *  whose text prom-client caches per object (a WeakMap), so a container's label text is
 *  made once while its labels stay the same, not once per series and scrape. */
type Value = { labels: Record<string, string>; sharedLabels: Record<string, string>; value: number };

const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** a metric's values this scrape; event: a counter the event watcher raises between scrapes */
type Entry = { def: MetricDef; values: Value[]; event: boolean };

/** A container's label objects, kept while they stay the same (prom-client's cache is by
 *  object): its base labels, base + each set of extra labels, and last scrape's values. */
type LabelSet = { key: string; base: Record<string, string>; extra: Map<string, Record<string, string>>; values: Value[] };

/** What the labels are made of, as one string: compared each scrape instead of the labels. */
const labelKey = (c: ContainerRow): string => `${c.cgroupPath ?? ''}\0${c.id}\0${c.name}\0${c.image ?? ''}\0${c.runtime}\0${c.pod ?? ''}\0${c.podNamespace ?? ''}`;

function labelSetOf(c: ContainerRow, had: LabelSet | undefined, last: Map<string, Gone>, gone: Map<string, Gone>): LabelSet {
  // an ended container has no cgroup path any more: its series keep the labels they had
  if (c.cgroupPath === undefined && had) return had;
  const key = c.cgroupPath === undefined ? '' : labelKey(c);
  if (had && key !== '' && had.key === key) return had;
  const base = c.cgroupPath === undefined ? (last.get(c.id)?.labels ?? gone.get(c.id)?.labels ?? containerLabels(c)) : containerLabels(c);
  return { key, base, extra: new Map(), values: [] };
}

function withExtra(set: LabelSet, extra: Record<string, string>): Record<string, string> {
  let k = '';
  for (const name in extra) k += `${name}\0${extra[name]}\0`;
  let l = set.extra.get(k);
  if (!l) set.extra.set(k, (l = { ...set.base, ...extra }));
  return l;
}

export function createExporter(now: () => number = Date.now): Exporter {
  const text = new Registry<PrometheusContentType>();
  // the typings lack the constructor's content type; setContentType is the typed way
  const open = new Registry<OpenMetricsContentType>();
  open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  // Each metric is a collector of prom-client's shape (name, help, type, get) whose values
  // are set by update(); the registries write both formats. Before, each scrape reset
  // prom-client Gauges and set 5,000 labelled series one by one (a label hash, a check
  // and an object each, then each label escaped again when written): ~30 ms of a scrape
  // at 200 containers on a loaded host. A counter is typed counter with its value the
  // kernel's own running total (prom-client's Counter can only count up, and strips
  // _total from the name it writes in the text format, which no cAdvisor dashboard would
  // find). OpenMetrics names the counter family without _total and its samples with it
  // (prom-client appends it).
  const metrics = new Map<string, Entry>();
  for (const def of METRICS) {
    const entry: Entry = { def, values: [], event: def.kind === 'counter' && EVENT_KEYS.has(def.name) };
    metrics.set(def.name, entry);
    const type = def.kind;
    const family = def.kind === 'counter' ? def.name.replace(/_total$/, '') : def.name;
    text.registerMetric({ name: def.name, help: def.help, type, get: async () => ({ name: def.name, help: def.help, type, values: entry.values, aggregator: 'sum' }) } as unknown as Gauge);
    open.registerMetric({ name: family, help: def.help, type, get: async () => ({ name: family, help: def.help, type, values: entry.values, aggregator: 'sum' }) } as unknown as Gauge);
  }
  /** last update's counter values per container: what a vanished one is kept with */
  let last = new Map<string, Gone>();
  let gone = new Map<string, Gone>();
  let perContainer = new Map<string, number>();
  let labelSets = new Map<string, LabelSet>();
  const entries = [...metrics.values()];

  return {
    update(s, ctx) {
      for (const e of entries) e.values.length = 0;
      const t = now();
      const seen = new Map<string, Gone>();
      const sets = new Map<string, LabelSet>();
      perContainer = new Map();
      for (const c of s.containers) {
        const set = labelSetOf(c, labelSets.get(c.id), last, gone);
        sets.set(c.id, set);
        const base = set.base;
        const kept: Gone = { labels: base, counters: new Map(), until: t + RETAIN_MS };
        // the series are put in the same order every scrape: last scrape's Value objects
        // are set again in place (10,000s of them at 200 containers were most of update's
        // garbage)
        let n = 0;
        const put = (e: Entry, labels: Record<string, string>, value: number): void => {
          if (!Number.isFinite(value)) return;
          let v = set.values[n];
          if (v?.sharedLabels === labels) v.value = value;
          else set.values[n] = v = { labels: NO_LABELS, sharedLabels: labels, value };
          e.values.push(v);
          n++;
        };
        const own = c.status !== 'stopped' && c.ownCgroup;
        for (const e of entries) {
          const def = e.def;
          if (def.cgroup && !own) continue;
          const got = def.samples(c, ctx);
          if (got === undefined) continue;
          if (typeof got === 'number') {
            put(e, base, got);
            if (e.event) kept.counters.set(def.name, got);
            continue;
          }
          for (const x of got) put(e, x.labels ? withExtra(set, x.labels) : base, x.value);
        }
        set.values.length = n;
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
        for (const [name, v] of g.counters) if (Number.isFinite(v)) metrics.get(name)!.values.push({ labels: NO_LABELS, sharedLabels: g.labels, value: v });
      }
      last = seen;
      labelSets = sets;
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
