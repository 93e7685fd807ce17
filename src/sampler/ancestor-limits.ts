// Reads the limits of the groups above each container's (model/effective-limits.ts says
// why) and lays the tightest over the container's own. Only the limit files are read
// (3-4 per ancestor: v2 memory.max "max", pids.max "20", cpu.max "50000 100000"; v1
// memory.limit_in_bytes "9223372036854771712", pids.max, cpu.cfs_quota_us "-1" +
// cpu.cfs_period_us "100000"), once per ancestor however many containers share it,
// and again only every REREAD_TICKS ticks: an ancestor's limit is set by systemd or the
// kubelet, seldom, and a change shows within that. Between rereads a group whose own
// stats object is last tick's (group-stats.ts keeps it while nothing moved) gets last
// tick's answer.
import { join } from 'node:path';
import { cpusFromQuota } from '../host/cgroup/converters.js';
import { parseCpuMax, parseInteger, parseMax, parseV1Limit } from '../host/cgroup/parse.js';
import type { CgroupDriver, CgroupRef, CgroupStats } from '../host/cgroup/types.js';
import { ancestorPaths, withAncestorLimits, type AncestorLimit, type AncestorLimits, type LimitFrom } from '../model/effective-limits.js';

export const REREAD_TICKS = 10;

type Kind = 'memory' | 'pids' | 'cpus';
type Read = { tick: number; limit: number | undefined };
type Link = { path: string; dir: string; kind: Kind; v2: boolean; read: Read };
type Chain = { links: readonly Link[]; used: number };
type Memo = { own: CgroupStats; version: number; stats: CgroupStats; from?: LimitFrom };
/** where one kind's limit lives for a ref, with its chains' key */
type Place = { kind: Kind; mount: string; path: string; v2: boolean; key: string };

export function createAncestorLimits(driver: CgroupDriver) {
  const { layout } = driver;
  let tick = 0;
  /** bumped whenever a reread finds another limit: memos made before it are stale */
  let version = 0;
  /** by kind + ancestor dir: its limit and the tick it was read, shared by every chain */
  let reads = new Map<string, Read>();
  /** by kind + mount + a group's path: its ancestors, made once */
  let chains = new Map<string, Chain>();
  /** by group: last tick's answer, kept while its own stats object and `version` stand */
  let memos = new Map<string, Memo>();

  const file = (dir: string, name: string, parse: (text: string, path: string) => number): number | undefined => {
    const path = join(dir, name);
    try {
      return parse(driver.readFile(path), path);
    } catch {
      return undefined; // no such file (a controller not enabled there), or gone
    }
  };
  /** A group's ancestors for one kind, their limits read again when REREAD_TICKS old. */
  const chainOf = ({ kind, mount, path, v2, key: k }: Place): readonly Link[] => {
    let c = chains.get(k);
    if (!c) {
      const links = ancestorPaths(path).map((a): Link => {
        const dir = join(mount, a);
        const rk = `${kind}\0${dir}`;
        let read = reads.get(rk);
        if (!read) reads.set(rk, (read = { tick: -Infinity, limit: undefined }));
        return { path: a, dir, kind, v2, read };
      });
      chains.set(k, (c = { links, used: tick }));
    }
    c.used = tick;
    for (let i = 0; i < c.links.length; i++) {
      const l = c.links[i]!;
      if (tick - l.read.tick < REREAD_TICKS) continue;
      const limit = readLimit(l.kind, l.dir, l.v2);
      if (limit !== l.read.limit) version++;
      l.read.tick = tick;
      l.read.limit = limit;
    }
    return c.links;
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

  /** A ref's places, made once: every group every tick asks (the recorder runs without
   *  TurboFan, where the tuples, their destructuring and the keys were garbage a sample) */
  const placesMemo = new WeakMap<CgroupRef, { u?: string; m?: string; p?: string; c?: string; places: readonly Place[] }>();
  /** Where each kind's limit lives for this ref: the v2 group on a pure v2 host, the
   *  controller's v1 hierarchy otherwise (a hybrid host's unified tree has none). */
  const placesOf = (ref: CgroupRef): readonly Place[] => {
    const memo = placesMemo.get(ref);
    // the paths it was made of, compared (a ref changed since is made again)
    if (memo && memo.u === ref.unified && memo.m === ref.v1['memory'] && memo.p === ref.v1['pids'] && memo.c === ref.v1['cpu']) return memo.places;
    const all: [Kind, string | undefined, string | undefined, boolean][] =
      layout.mode === 'v2'
        ? (['memory', 'pids', 'cpus'] as const).map((k) => [k, layout.unified, ref.unified, true])
        : [
            ['memory', layout.v1['memory'], ref.v1['memory'], false],
            ['pids', layout.v1['pids'], ref.v1['pids'], false],
            ['cpus', layout.v1['cpu'], ref.v1['cpu'], false],
          ];
    const made: Place[] = [];
    for (const [kind, mount, path, v2] of all) if (mount !== undefined && path !== undefined) made.push({ kind, mount, path, v2, key: `${kind}\0${mount}\0${path}` });
    placesMemo.set(ref, { u: ref.unified, m: ref.v1['memory'], p: ref.v1['pids'], c: ref.v1['cpu'], places: made });
    return made;
  };

  /** The stats with ancestors' tighter limits laid over, and where those come from. */
  return function apply(
    groups: readonly { id: string; ref?: CgroupRef }[],
    stats: ReadonlyMap<string, CgroupStats>,
  ): { stats: Map<string, CgroupStats>; limitFrom: Map<string, LimitFrom> } {
    tick++;
    // groups and ancestors come and go: keep only what a tick asked for lately
    if (tick % 100 === 0) {
      const live = new Map<string, Chain>();
      const liveReads = new Map<string, Read>();
      for (const [k, c] of chains) {
        if (tick - c.used > 20) continue;
        live.set(k, c);
        for (const l of c.links) liveReads.set(`${l.kind}\0${l.dir}`, l.read);
      }
      chains = live;
      reads = liveReads;
    }
    const out = new Map(stats);
    const limitFrom = new Map<string, LimitFrom>();
    const nextMemos = new Map<string, Memo>();
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      const own = stats.get(g.id);
      if (!own || !g.ref) continue;
      const places = placesOf(g.ref);
      const links: (readonly Link[])[] = [];
      for (let j = 0; j < places.length; j++) links.push(chainOf(places[j]!));
      let m = memos.get(g.id);
      if (!m || m.own !== own || m.version !== version) {
        const ancestors: AncestorLimits = { memory: [], pids: [], cpus: [] };
        for (const chain of links) {
          for (const l of chain) {
            if (l.read.limit !== undefined && l.read.limit !== Infinity) ancestors[l.kind].push({ path: l.path, limit: l.read.limit } satisfies AncestorLimit);
          }
        }
        const r = withAncestorLimits(own, ancestors);
        m = { own, version, stats: r.stats, ...(r.from ? { from: r.from } : {}) };
      }
      nextMemos.set(g.id, m);
      if (m.from) {
        out.set(g.id, m.stats);
        limitFrom.set(g.id, m.from);
      }
    }
    memos = nextMemos;
    return { stats: out, limitFrom };
  };
}
