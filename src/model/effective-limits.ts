// A container's effective limits: the tightest of its own group's and its ancestors'
// (up to, not including, the root). systemd and Kubernetes often set the limit above
// the group the processes are in: nspawn's MemoryMax= is on machine-NAME.scope while its
// processes sit in .../payload and .../supervisor; a pod's limits are on the pod slice
// above each container's scope. The kernel enforces every ancestor's limit, so the
// smallest one is what the container can use. Pure: the sampler reads the ancestors'
// limit files (sampler/ancestor-limits.ts).
import type { CgroupStats } from '../host/cgroup/types.js';

/** Limits of one group; Infinity = none, undefined = not read (no such controller). */
export type GroupLimits = { memory?: number; pids?: number; cpus?: number };

/** Which ancestor group a tighter limit comes from (its path in that hierarchy). */
export type LimitFrom = { memory?: string; pids?: string; cpu?: string };

export type AncestorLimits = { memory: AncestorLimit[]; pids: AncestorLimit[]; cpus: AncestorLimit[] };
export type AncestorLimit = { path: string; limit: number };

/** The tightest ancestor limit below `own` (own undefined or Infinity: any finite one). */
function tighter(own: number | undefined, ancestors: readonly AncestorLimit[]): AncestorLimit | undefined {
  let best: AncestorLimit | undefined;
  for (const a of ancestors) {
    if (!(a.limit < (best?.limit ?? own ?? Infinity))) continue;
    best = a;
  }
  return best;
}

/** The stats with each limit replaced by a tighter ancestor's, and where those come
 *  from; the same stats object (and no `from`) when the group's own limits are tightest. */
export function withAncestorLimits(stats: CgroupStats, ancestors: AncestorLimits): { stats: CgroupStats; from?: LimitFrom } {
  const m = tighter(stats.memory.max, ancestors.memory);
  const p = tighter(stats.pids.max, ancestors.pids);
  const c = tighter(stats.cpu.limitCpus, ancestors.cpus);
  if (!m && !p && !c) return { stats };
  return {
    stats: {
      ...stats,
      memory: m ? { ...stats.memory, max: m.limit } : stats.memory,
      pids: p ? { ...stats.pids, max: p.limit } : stats.pids,
      cpu: c ? { ...stats.cpu, limitCpus: c.limit } : stats.cpu,
    },
    from: { ...(m ? { memory: m.path } : {}), ...(p ? { pids: p.path } : {}), ...(c ? { cpu: c.path } : {}) },
  };
}

/** The ancestors of a cgroup path, nearest first, without the path itself and the root:
 *  "/machine.slice/machine-a.scope" -> ["/machine.slice"]. */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) out.push(path.slice(0, i));
  return out;
}
