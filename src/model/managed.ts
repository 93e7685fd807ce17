// nstop's own containers, from their state files, joined to the rows the cgroups gave:
// a live row gets its state (created time, status); a stopped container has no processes
// or cgroup left, so it gets a row of its own with the exit status and final counters.
import type { ContainerRow, ManagedInfo } from './types.js';
import type { ContainerStatus } from '../host/vocabulary.js';

export const managedId = (name: string): string => `nstop:${name}`;

/** State files by container name (the runtime table names nstop's groups after them). */
export function managedByName(managed: readonly ManagedInfo[] | undefined): Map<string, ManagedInfo> {
  const byName = new Map<string, ManagedInfo>();
  if (managed) for (let i = 0; i < managed.length; i++) byName.set(managed[i]!.name, managed[i]!);
  return byName;
}

/** A live group's status: what its state file says where it has one (a live group whose
 *  state says stopped is being reaped right now: trust the state), else frozen or not. */
export function liveStatus(m: ManagedInfo | undefined, frozen: boolean | undefined): ContainerStatus {
  if (m?.status === 'stopped') return 'stopped';
  if (m?.status === 'created') return 'created';
  return frozen === true ? 'paused' : 'running';
}

/** The row of a state file without a live group: stopped (exit status, final counters),
 *  or created/running for a moment (a launch not yet in its cgroup, an end not yet reaped).
 *  `oomCount`: the event watcher's (v1 has no oom counter, so the final counters lack it). */
export function rowWithoutGroup(m: ManagedInfo, oomCount?: number): ContainerRow {
  const f = m.final ?? {};
  return {
    id: managedId(m.name),
    name: m.name,
    runtime: 'nstop',
    ownCgroup: false,
    pids: [],
    nprocs: 0,
    ns: {},
    isolated: [],
    command: m.command.join(' '),
    counters: { oom: valueOf(f.oom ?? oomCount), oomKill: valueOf(f.oomKill), memoryMaxHits: valueOf(f.memoryMaxHits), memoryHighHits: {}, pidsMax: valueOf(f.pidsMaxHits), throttled: {} },
    history: { cpuPct: [], memoryBytes: [] },
    status: m.status,
    managed: m,
  };
}

const valueOf = (value: number | undefined) => (value === undefined ? {} : { value });
