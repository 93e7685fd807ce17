// The Containers view with a pod's containers under it (t in that view, "pods" in F2
// setup): Kubernetes/CRI containers carry their pod and namespace (the CRI annotations,
// cri-o's metadata: model/runtime-names.ts); each pod becomes one row, its figures the
// sums of its containers', with the containers below it in the process tree's branches.
// Containers without a pod stay rows of their own. Pure.
import type { CgroupStats } from '../host/cgroup/types.js';
import type { ContainerRow } from '../model/types.js';
import type { ContainerLine } from './columns/container-columns.js';
import type { Glyphs } from './glyphs.js';

/** A pod row's id: "pod:<namespace>/<pod>" (no container has such an id). */
export const podId = (c: Pick<ContainerRow, 'pod' | 'podNamespace'>): string => `pod:${c.podNamespace ?? ''}/${c.pod}`;
export const isPodRow = (c: ContainerLine): boolean => c.podOf !== undefined;

const sum = (xs: readonly (number | undefined)[]): number | undefined => {
  let t: number | undefined;
  for (const x of xs) if (x !== undefined) t = (t ?? 0) + x;
  return t;
};

/** A pod's own row: what its containers use together. Its limit: the pod slice's where
 *  every container's comes from the same group (model/effective-limits.ts), else the sum
 *  of theirs (what the kubelet sets on the slice; none when one has none). */
function podRow(members: readonly ContainerRow[]): ContainerLine {
  const first = members[0]!;
  const stats = members.map((m) => m.stats);
  const shared = (kind: 'memory' | 'pids' | 'cpu', v: (s: CgroupStats) => number | undefined): number | undefined => {
    const from = first.limitFrom?.[kind];
    if (from !== undefined && members.every((m) => m.limitFrom?.[kind] === from)) return v(first.stats!);
    const each = stats.map((s) => (s ? v(s) : undefined));
    return each.every((x) => x !== undefined) ? sum(each) : undefined;
  };
  const any = stats.some((s) => s !== undefined);
  return {
    id: podId(first),
    name: first.podNamespace ? `${first.podNamespace}/${first.pod}` : first.pod!,
    runtime: first.runtime,
    ownCgroup: false,
    pids: members.flatMap((m) => m.pids),
    nprocs: members.reduce((a, m) => a + m.nprocs, 0),
    ns: first.ns,
    isolated: first.isolated,
    command: `pod: ${members.length} container${members.length === 1 ? '' : 's'}`,
    ...(any
      ? {
          stats: {
            memory: { current: sum(stats.map((s) => s?.memory.current)), workingSet: sum(stats.map((s) => s?.memory.workingSet)), max: shared('memory', (s) => s.memory.max) },
            pids: { current: sum(stats.map((s) => s?.pids.current)), max: shared('pids', (s) => s.pids.max) },
            cpu: { limitCpus: shared('cpu', (s) => s.cpu.limitCpus) },
            psi: {},
            memoryFormula: 'the sum of its containers\'',
          },
        }
      : {}),
    cpuPct: sum(members.map((m) => m.cpuPct)),
    counters: podCounters(members),
    history: { cpuPct: [], memoryBytes: [] },
    status: members.some((m) => m.status === 'running') ? 'running' : first.status,
    pod: first.pod,
    ...(first.podNamespace !== undefined ? { podNamespace: first.podNamespace } : {}),
    podOf: members.map((m) => m.id),
  };
}

/** Its containers' limit counters added up; lit up when any of theirs moved last. */
function podCounters(members: readonly ContainerRow[]): ContainerRow['counters'] {
  const out = { ...members[0]!.counters };
  for (const k of Object.keys(out) as (keyof ContainerRow['counters'])[]) {
    const each = members.map((m) => m.counters[k]);
    const changed = each.map((c) => c.changedAt).filter((t): t is number => t !== undefined);
    out[k] = {
      ...(sum(each.map((c) => c.value)) !== undefined ? { value: sum(each.map((c) => c.value))! } : {}),
      ...(sum(each.map((c) => c.delta)) !== undefined ? { delta: sum(each.map((c) => c.delta))! } : {}),
      ...(changed.length > 0 ? { changedAt: Math.max(...changed) } : {}),
    };
  }
  return out;
}

/** Rows in pod order: pods and pod-less containers sorted by `order`, each pod's
 *  containers (sorted the same) right below it with branch prefixes. */
export function podLines(rows: readonly ContainerRow[], g: Glyphs, order: (rows: ContainerLine[]) => ContainerLine[]): ContainerLine[] {
  const pods = new Map<string, ContainerRow[]>();
  const roots: ContainerLine[] = [];
  for (const c of rows) {
    if (c.pod === undefined) {
      roots.push(c);
      continue;
    }
    const k = podId(c);
    const list = pods.get(k);
    if (list) list.push(c);
    else pods.set(k, [c]);
  }
  const members = new Map<string, ContainerRow[]>();
  for (const list of pods.values()) {
    const p = podRow(list);
    members.set(p.id, list);
    roots.push(p);
  }
  const out: ContainerLine[] = [];
  for (const r of order(roots)) {
    out.push(r);
    const kids = members.get(r.id);
    if (!kids || r.podOf === undefined) continue;
    const sorted = order(kids);
    sorted.forEach((c, i) => out.push({ ...c, prefix: i === sorted.length - 1 ? g.elbow : g.tee }));
  }
  return out;
}
