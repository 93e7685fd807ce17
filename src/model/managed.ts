// nstop's own containers, from their state files, joined to the rows the cgroups gave:
// a live row gets its state (created time, status); a stopped container has no processes
// or cgroup left, so it gets a row of its own with the exit status and final counters.
import type { ContainerRow, ManagedInfo } from './types.js';

const idOf = (name: string): string => `nstop:${name}`;

function stoppedRow(m: ManagedInfo): ContainerRow {
  const f = m.final ?? {};
  const c = (value: number | undefined) => (value === undefined ? {} : { value });
  return {
    id: idOf(m.name),
    name: m.name,
    runtime: 'nstop',
    ownCgroup: false,
    pids: [],
    nprocs: 0,
    ns: {},
    isolated: [],
    command: m.command.join(' '),
    counters: { oom: c(f.oom), oomKill: c(f.oomKill), memoryMaxHits: c(f.memoryMaxHits), memoryHighHits: {}, pidsMax: c(f.pidsMaxHits), throttled: {} },
    history: { cpuPct: [], memoryBytes: [] },
    status: 'stopped',
    managed: m,
  };
}

export function mergeManaged(rows: readonly ContainerRow[], managed: readonly ManagedInfo[]): ContainerRow[] {
  const byName = new Map(managed.map((m) => [m.name, m]));
  const seen = new Set<string>();
  const out = rows.map((r) => {
    const m = r.runtime === 'nstop' ? byName.get(r.name) : undefined;
    if (!m) return r;
    seen.add(m.name);
    // a live group whose state says stopped is being reaped right now: trust the state
    return { ...r, managed: m, status: m.status === 'stopped' ? 'stopped' : m.status === 'created' ? 'created' : r.status };
  });
  for (const m of managed) if (!seen.has(m.name)) out.push(m.status === 'stopped' ? stoppedRow(m) : { ...stoppedRow(m), status: m.status });
  return out;
}
