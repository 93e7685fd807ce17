// Reads the limits of the groups above each container's (model/effective-limits.ts says
// why) and lays the tightest over the container's own. Only the limit files are read
// (3-4 per ancestor: v2 memory.max "max", pids.max "20", cpu.max "50000 100000"; v1
// memory.limit_in_bytes "9223372036854771712", pids.max, cpu.cfs_quota_us "-1" +
// cpu.cfs_period_us "100000"), once per ancestor however many containers share it,
// and again only every REREAD_TICKS ticks: an ancestor's limit is set by systemd or the
// kubelet, seldom, and a change shows within that.
import { join } from 'node:path';
import { cpusFromQuota } from '../host/cgroup/converters.js';
import { parseCpuMax, parseInteger, parseMax, parseV1Limit } from '../host/cgroup/parse.js';
import type { CgroupDriver, CgroupRef, CgroupStats } from '../host/cgroup/types.js';
import { ancestorPaths, withAncestorLimits, type AncestorLimit, type AncestorLimits, type LimitFrom } from '../model/effective-limits.js';

export const REREAD_TICKS = 5;

type Kind = 'memory' | 'pids' | 'cpus';
type Read = { tick: number; limit: number | undefined };

export function createAncestorLimits(driver: CgroupDriver) {
  const { layout } = driver;
  let tick = 0;
  let kept = new Map<string, Read>();
  let next = new Map<string, Read>();

  const file = (dir: string, name: string, parse: (text: string, path: string) => number): number | undefined => {
    const path = join(dir, name);
    try {
      return parse(driver.readFile(path), path);
    } catch {
      return undefined; // no such file (a controller not enabled there), or gone
    }
  };
  /** One limit of one ancestor dir, read once per REREAD_TICKS. */
  const limitOf = (kind: Kind, dir: string, v2: boolean): number | undefined => {
    const key = `${kind}\0${dir}`;
    let r = next.get(key);
    if (r) return r.limit;
    r = kept.get(key);
    if (!r || tick - r.tick >= REREAD_TICKS) r = { tick, limit: readLimit(kind, dir, v2) };
    next.set(key, r);
    return r.limit;
  };
  const readLimit = (kind: Kind, dir: string, v2: boolean): number | undefined => {
    if (kind === 'memory') return v2 ? file(dir, 'memory.max', parseMax) : file(dir, 'memory.limit_in_bytes', parseV1Limit);
    if (kind === 'pids') return file(dir, 'pids.max', parseMax);
    if (v2) {
      const path = join(dir, 'cpu.max');
      try {
        const m = parseCpuMax(driver.readFile(path), path);
        return cpusFromQuota(m.quota, m.period);
      } catch {
        return undefined;
      }
    }
    const quota = file(dir, 'cpu.cfs_quota_us', parseInteger);
    const period = file(dir, 'cpu.cfs_period_us', parseInteger);
    return quota === undefined || period === undefined || period <= 0 ? undefined : cpusFromQuota(quota, period);
  };

  /** Where each kind's limit lives for this ref: the v2 group on a pure v2 host, the
   *  controller's v1 hierarchy otherwise (a hybrid host's unified tree has none). */
  const placesOf = (ref: CgroupRef): [Kind, string | undefined, string | undefined, boolean][] =>
    layout.mode === 'v2'
      ? (['memory', 'pids', 'cpus'] as const).map((k) => [k, layout.unified, ref.unified, true])
      : [
          ['memory', layout.v1['memory'], ref.v1['memory'], false],
          ['pids', layout.v1['pids'], ref.v1['pids'], false],
          ['cpus', layout.v1['cpu'], ref.v1['cpu'], false],
        ];

  /** The stats with ancestors' tighter limits laid over, and where those come from. */
  return function apply(
    groups: readonly { id: string; ref?: CgroupRef }[],
    stats: ReadonlyMap<string, CgroupStats>,
  ): { stats: Map<string, CgroupStats>; limitFrom: Map<string, LimitFrom> } {
    tick++;
    next = new Map();
    const out = new Map(stats);
    const limitFrom = new Map<string, LimitFrom>();
    for (const g of groups) {
      const own = stats.get(g.id);
      if (!own || !g.ref) continue;
      const ancestors: AncestorLimits = { memory: [], pids: [], cpus: [] };
      for (const [kind, mount, path, v2] of placesOf(g.ref)) {
        if (mount === undefined || path === undefined) continue;
        for (const a of ancestorPaths(path)) {
          const limit = limitOf(kind, join(mount, a), v2);
          if (limit !== undefined && limit !== Infinity) ancestors[kind].push({ path: a, limit } satisfies AncestorLimit);
        }
      }
      const r = withAncestorLimits(own, ancestors);
      if (r.from) {
        out.set(g.id, r.stats);
        limitFrom.set(g.id, r.from);
      }
    }
    kept = next;
    return { stats: out, limitFrom };
  };
}
