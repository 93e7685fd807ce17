// Prometheus's answers (queries.ts) -> a Snapshot of the Containers view: one row per
// (target, cgroup id) with a `name` label, its HOST the target's (host-label.ts). Pure:
// the previous snapshot gives the counters' deltas (a moved counter lights its row and
// becomes an event line) and the sparklines' history. What Prometheus does not carry
// (processes, namespaces, the hosts' kernels) is left empty, never made up.
import type { PsiSet } from '../host/types.js';
import type { ContainerStatus, NsType } from '../host/vocabulary.js';
import { NS_TYPES } from '../host/vocabulary.js';
import { pushHistory } from '../model/history.js';
import type { ContainerRow, Counter, LimitEvent, Runtime, Snapshot } from '../model/types.js';
import { hostOf, shortHosts } from './host-label.js';
import type { PromSample } from './prom-api.js';
import { RATE_LABEL, type RateKind, type ValueMetric } from './queries.js';

export type FleetAnswer = { values: readonly PromSample[]; rates: readonly PromSample[] };

const RUNTIMES: ReadonlySet<string> = new Set<Runtime>(['nstop', 'docker', 'podman', 'containerd', 'kubernetes', 'cri-o', 'lxc', 'nspawn', 'runc', 'ad-hoc']);
const STATUSES: ReadonlySet<string> = new Set<ContainerStatus>(['running', 'paused', 'created', 'stopped']);
const EVENTS_KEPT = 200;

type Acc = { target: string; id: string; labels: Record<string, string>; v: Partial<Record<ValueMetric, number>>; nsProcs?: number; info?: Record<string, string>; rates: Partial<Record<RateKind, number>> };

/** cAdvisor's "no limit" is 0 (nstop serve writes the same) */
const limitOf = (v: number | undefined): number | undefined => (v === undefined ? undefined : v > 0 ? v : Infinity);

function counter(value: number | undefined, prev: Counter | undefined, now: number): Counter {
  if (value === undefined) return {};
  const delta = prev?.value === undefined || value < prev.value ? undefined : value - prev.value;
  const changedAt = delta !== undefined && delta > 0 ? now : prev?.changedAt;
  return { value, ...(delta !== undefined ? { delta } : {}), ...(changedAt !== undefined ? { changedAt } : {}) };
}

const psi = (rate: number | undefined) => (rate === undefined ? undefined : { some: { avg10: rate * 100, avg60: rate * 100, avg300: rate * 100, total: 0 } });

export function fleetSnapshot(a: FleetAnswer, prev: Snapshot | undefined, now: number, source: string, warnings: string[]): Snapshot {
  const rows = new Map<string, Acc>();
  const up = new Map<string, number>();
  // one row per (target, cgroup, name): ad-hoc containers of nstop that share a cgroup
  // have one id label. Rates only join rows the values made: a rate outlives its
  // series by the rate window, the container does not.
  const acc = (l: Record<string, string>, make: boolean): Acc | undefined => {
    const id = l['id'];
    if (id === undefined) return undefined;
    const target = hostOf(l);
    const key = `${target}\u0000${id}\u0000${l['name'] ?? ''}`;
    let r = rows.get(key);
    if (!r && !make) return undefined;
    if (!r) rows.set(key, (r = { target, id, labels: {}, v: {}, rates: {} }));
    // the container's own labels, whichever series carries them (gone series lack some)
    for (const k of ['name', 'image', 'pod', 'namespace']) if (l[k] !== undefined) r.labels[k] = l[k]!;
    return r;
  };
  for (const s of a.values) {
    const name = s.labels['__name__'] as ValueMetric | undefined;
    if (name === 'up') {
      up.set(hostOf(s.labels), s.value);
      continue;
    }
    const r = name && acc(s.labels, true);
    if (!r) continue;
    if (name === 'nstop_container_info') r.info = s.labels;
    else if (name === 'nstop_namespace_processes') {
      if (s.labels['type'] === 'pid') r.nsProcs = s.value;
    } else if (name === 'container_cpu_usage_seconds_total') {
      if (s.labels['cpu'] === undefined || s.labels['cpu'] === 'total') r.v[name] = s.value;
    } else r.v[name] = s.value;
  }
  for (const s of a.rates) {
    const r = acc(s.labels, false);
    const kind = s.labels[RATE_LABEL] as RateKind | undefined;
    if (r && kind) r.rates[kind] = s.value;
  }
  const hosts = shortHosts([...up.keys(), ...[...rows.values()].map((r) => r.target)]);
  const before = new Map<string, ContainerRow>();
  for (const c of prev?.containers ?? []) before.set(c.id, c);
  const containers: ContainerRow[] = [];
  const events: LimitEvent[] = [...(prev?.events ?? [])];
  for (const r of rows.values()) {
    const name = r.labels['name'];
    // cAdvisor's other cgroups (slices, the root) have no name: not containers
    if (name === undefined) continue;
    const host = hosts.get(r.target) ?? r.target;
    const id = `${host}:${r.id}:${name}`;
    const old = before.get(id);
    const v = r.v;
    const quota = v.container_spec_cpu_quota;
    const period = v.container_spec_cpu_period;
    const cpuPct = r.rates.cpu === undefined ? undefined : r.rates.cpu * 100;
    const info = r.info;
    const runtime = info?.['runtime'] !== undefined && RUNTIMES.has(info['runtime']) ? (info['runtime'] as Runtime) : 'ad-hoc';
    const status = info?.['status'] !== undefined && STATUSES.has(info['status']) ? (info['status'] as ContainerStatus) : v.container_last_seen !== undefined ? 'running' : 'stopped';
    const isolated = (info?.['isolated'] ?? '').split(',').filter((t): t is NsType => (NS_TYPES as readonly string[]).includes(t));
    const psiSet: PsiSet = {};
    if (r.rates.psi_cpu !== undefined) psiSet.cpu = psi(r.rates.psi_cpu)!;
    if (r.rates.psi_memory !== undefined) psiSet.memory = psi(r.rates.psi_memory)!;
    if (r.rates.psi_io !== undefined) psiSet.io = psi(r.rates.psi_io)!;
    const oomKill = counter(v.nstop_memory_oom_kill_events_total ?? v.container_oom_events_total, old?.counters.oomKill, now);
    const pidsMax = counter(v.nstop_pids_max_events_total, old?.counters.pidsMax, now);
    const row: ContainerRow = {
      id, name, runtime, host, cgroupPath: r.id,
      ownCgroup: info?.['own_cgroup'] !== 'false',
      pids: [], nprocs: r.nsProcs ?? 0, ns: {}, isolated, command: '',
      stats: {
        memory: { current: v.container_memory_usage_bytes, workingSet: v.container_memory_working_set_bytes, max: limitOf(v.container_spec_memory_limit_bytes), swapCurrent: v.container_memory_swap, swapMax: limitOf(v.container_spec_memory_swap_limit_bytes) },
        pids: { current: v.container_threads, max: limitOf(v.container_threads_max) },
        cpu: { usageUsec: v.container_cpu_usage_seconds_total === undefined ? undefined : v.container_cpu_usage_seconds_total * 1e6, limitCpus: quota !== undefined && period ? quota / period : Infinity, nrThrottled: v.container_cpu_cfs_throttled_periods_total },
        psi: psiSet,
        memoryFormula: 'container_memory_usage_bytes (Prometheus)',
      },
      ...(cpuPct !== undefined ? { cpuPct } : {}),
      counters: { oom: {}, oomKill, memoryMaxHits: {}, memoryHighHits: {}, pidsMax, throttled: counter(v.container_cpu_cfs_throttled_periods_total, old?.counters.throttled, now) },
      history: { cpuPct: pushHistory(old?.history.cpuPct, cpuPct), memoryBytes: pushHistory(old?.history.memoryBytes, v.container_memory_usage_bytes) },
      status,
      ...(r.labels['image'] !== undefined ? { image: r.labels['image'] } : {}),
      ...(r.labels['pod'] !== undefined ? { pod: r.labels['pod'] } : {}),
      ...(r.labels['namespace'] !== undefined ? { podNamespace: r.labels['namespace'] } : {}),
    };
    containers.push(row);
    if (oomKill.delta) events.push({ time: now, containerId: id, container: name, kind: 'oom_kill', value: oomKill.value!, delta: oomKill.delta, detail: `on ${host}` });
    if (pidsMax.delta) events.push({ time: now, containerId: id, container: name, kind: 'pids_max', value: pidsMax.value!, delta: pidsMax.delta, detail: `on ${host}` });
  }
  const down = [...up].filter(([, v]) => v === 0).map(([t]) => hosts.get(t) ?? t);
  // a failed scrape (a target down, or late on a loaded host) ends its series at once:
  // its rows stay as last seen, said in the header, rather than blink out
  const downSet = new Set(down);
  const shown = new Set(containers.map((c) => c.id));
  for (const c of prev?.containers ?? []) if (c.host !== undefined && downSet.has(c.host) && !shown.has(c.id)) containers.push(c);
  const said = down.length > 0 ? [...warnings, `${down.length} of ${up.size} targets down (up == 0), their rows as last seen: ${down.join(', ')}`] : warnings;
  return {
    seq: (prev?.seq ?? 0) + 1,
    time: now,
    ...(prev ? { intervalMs: now - prev.time } : {}),
    host: { hostname: `${up.size - down.length}/${up.size} targets of Prometheus ${source}`, kernel: '', cgroupMode: 'v2', cpus: 0, psi: {} },
    containers,
    namespaces: [],
    processes: [],
    events: events.slice(-EVENTS_KEPT),
    warnings: said,
    readOnly: true,
  };
}
