// Runtime records (host/runtimes/) joined to the groups the cgroups gave: a docker group
// by its id gets its name and image; a group the cgroup paths could not place (plain
// runc, `ctr run`, an nspawn without a machine scope: "ad-hoc") is recognised by its
// init's pid (and start time, where the record has it). Records with no live group are
// stopped containers, listed with the exit their runtime recorded until it removes them.
import type { RecordKind, RuntimeRecord } from '../host/runtimes/record.js';
import type { ContainerGroup } from './group.js';
import type { ProcInput } from './input.js';
import type { ContainerRow, Runtime } from './types.js';

/** Which records may name a group of each runtime (by id). */
const KINDS_FOR: Partial<Record<Runtime, readonly RecordKind[]>> = {
  docker: ['docker'],
  podman: ['podman'],
  'cri-o': ['podman'],
  containerd: ['containerd'],
  kubernetes: ['containerd', 'podman'],
  lxc: ['lxc'],
  nspawn: ['nspawn'],
};

/** A record's own runtime, as rows show it. */
const RUNTIME_OF: Record<RecordKind, Runtime> = { docker: 'docker', podman: 'podman', containerd: 'containerd', runc: 'runc', nspawn: 'nspawn', lxc: 'lxc' };

/** Kinds in the order one container's several records are believed: docker's runc
 *  state and its containerd task, podman's runc state, are the same container. */
const PRIORITY: readonly RecordKind[] = ['docker', 'podman', 'containerd', 'lxc', 'nspawn', 'runc'];

export type Named = { groups: ContainerGroup[]; stopped: ContainerRow[] };

/** `procs`: every live process, so a record whose init still runs (outside any group:
 *  a runc container with no pid namespace) is not called stopped. */
export function nameGroups(groups: readonly ContainerGroup[], records: readonly RuntimeRecord[], procs: readonly Pick<ProcInput, 'pid' | 'starttime'>[]): Named {
  if (records.length === 0) return { groups: [...groups], stopped: [] };
  const byKindId = new Map<string, RuntimeRecord>();
  const byPid = new Map<number, RuntimeRecord>();
  const rank = (r: RuntimeRecord): number => PRIORITY.indexOf(r.kind);
  for (const r of records) {
    byKindId.set(`${r.kind}:${r.id}`, r);
    if (r.pid !== undefined && (byPid.get(r.pid) === undefined || rank(r) < rank(byPid.get(r.pid)!))) byPid.set(r.pid, r);
  }
  const used = new Set<string>();
  const out: ContainerGroup[] = [];
  for (const g of groups) {
    const bare = g.id.slice(g.id.indexOf(':') + 1);
    let r: RuntimeRecord | undefined;
    for (const k of KINDS_FOR[g.runtime] ?? []) if ((r = byKindId.get(`${k}:${bare}`))) break;
    if (!r && g.runtime === 'ad-hoc' && g.init) {
      const p = byPid.get(g.init.pid);
      if (p && (p.pidStart === undefined || p.pidStart === g.init.starttime)) r = p;
    }
    if (!r) {
      out.push(g);
      continue;
    }
    used.add(`${r.kind}:${r.id}`);
    used.add(r.id);
    out.push(g.runtime === 'ad-hoc' ? { ...g, ...adopt(r) } : { ...g, ...details(r, g.name) });
  }
  return { groups: out, stopped: stoppedRows(records, used, groups, procs) };
}

function details(r: RuntimeRecord, fallback: string): Pick<ContainerGroup, 'name' | 'image' | 'pod' | 'podNamespace'> {
  return { name: r.name ?? fallback, ...(r.image ? { image: r.image } : {}), ...(r.pod ? { pod: r.pod } : {}), ...(r.podNamespace ? { podNamespace: r.podNamespace } : {}) };
}

/** An ad-hoc group recognised by its init: it becomes the runtime's container. */
function adopt(r: RuntimeRecord): Pick<ContainerGroup, 'id' | 'runtime' | 'name' | 'image' | 'pod' | 'podNamespace'> {
  const runtime = r.pod !== undefined ? 'kubernetes' : RUNTIME_OF[r.kind];
  return { id: `${runtime}:${r.id}`, runtime, ...details(r, r.id) };
}

/** Records of containers with no process left, one row per container (a container's
 *  several records — docker's, its runc state — give one row, the most telling). */
function stoppedRows(records: readonly RuntimeRecord[], used: Set<string>, groups: readonly ContainerGroup[], procs: readonly Pick<ProcInput, 'pid' | 'starttime'>[]): ContainerRow[] {
  const live = new Set<string>();
  for (const g of groups) live.add(g.id.slice(g.id.indexOf(':') + 1));
  const wanted = new Map<number, RuntimeRecord[]>();
  for (const r of records) if (r.pid !== undefined && !used.has(r.id)) wanted.set(r.pid, [...(wanted.get(r.pid) ?? []), r]);
  if (wanted.size > 0) {
    for (let i = 0; i < procs.length; i++) {
      const p = procs[i]!;
      for (const r of wanted.get(p.pid) ?? []) if (r.pidStart === undefined || r.pidStart === p.starttime) live.add(r.id);
    }
  }
  const best = new Map<string, RuntimeRecord>();
  for (const r of records) {
    if (used.has(r.id) || live.has(r.id)) continue;
    // a machine file exists only while the machine runs; a pod's sandbox is not a workload
    if (r.kind === 'nspawn' || r.sandbox) continue;
    const had = best.get(r.id);
    if (!had || PRIORITY.indexOf(r.kind) < PRIORITY.indexOf(had.kind)) best.set(r.id, r);
  }
  return [...best.values()].map(stoppedRow);
}

function stoppedRow(r: RuntimeRecord): ContainerRow {
  const runtime = r.pod !== undefined ? 'kubernetes' : RUNTIME_OF[r.kind];
  return {
    id: `${runtime}:${r.id}`,
    name: r.name ?? r.id.slice(0, 12),
    runtime,
    ...(r.image ? { image: r.image } : {}),
    ...(r.pod ? { pod: r.pod } : {}),
    ...(r.podNamespace ? { podNamespace: r.podNamespace } : {}),
    ownCgroup: false,
    pids: [],
    nprocs: 0,
    ns: {},
    isolated: [],
    command: '',
    counters: { oom: {}, oomKill: {}, memoryMaxHits: {}, memoryHighHits: {}, pidsMax: {}, throttled: {} },
    history: { cpuPct: [], memoryBytes: [] },
    status: r.created ? 'created' : 'stopped',
    // "running" in a record with no process left: the runtime has not noticed yet
    recorded: r.running === false ? { ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}), ...(r.finishedAt !== undefined ? { finishedAt: r.finishedAt } : {}) } : {},
  };
}
