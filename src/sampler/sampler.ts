// The poll loop: one sample per interval, published as an immutable Snapshot. It never
// throws into its subscribers: a failed read becomes a warning on the next snapshot.
import { createCgroupDriver } from '../host/cgroup/index.js';
import type { CgroupDriver, CgroupStats } from '../host/cgroup/types.js';
import { errorCode, isVanished } from '../host/errors.js';
import { readLiveHostFacts, staticFactsFromOs, type StaticHostFacts } from '../host/host-facts.js';
import { readUserNames, userName as nameOf } from '../host/proc-reader.js';
import { groupContainers } from '../model/group.js';
import { buildSnapshot, emptyMemory, type ModelMemory } from '../model/snapshot.js';
import { mergeManaged } from '../model/managed.js';
import type { ManagedInfo, SampleDemand, Snapshot, SnapshotSource } from '../model/types.js';
import { createProcessTable } from './process-table.js';

export type SamplerOptions = {
  procRoot: string;
  cgroupRoot: string;
  intervalMs: number;
  passwdPath?: string;
  /** static host facts; the dashboard passes systeminformation's, the CLI the os module's. */
  hostFacts?: StaticHostFacts | Promise<StaticHostFacts>;
  readOnly?: boolean;
  now?: () => number;
  /** nstop's own containers (state files), read each tick; may reap ones that ended. */
  managed?: () => Promise<ManagedInfo[]>;
};

export type Sampler = SnapshotSource & {
  /** take one sample now (also used by the CLI, twice for rates). */
  sample(): Promise<Snapshot>;
  start(): void;
  stop(): void;
  driver: CgroupDriver;
};

export function createSampler(opts: SamplerOptions): Sampler {
  const now = opts.now ?? Date.now;
  const driver = createCgroupDriver(opts.cgroupRoot);
  const users = readUserNames(opts.passwdPath);
  const userName = (uid: number | undefined): string => (uid === undefined ? '?' : nameOf(users, uid));
  const readOnly = opts.readOnly ?? (typeof process.getuid === 'function' && process.getuid() !== 0);
  let facts: StaticHostFacts = staticFactsFromOs();
  void Promise.resolve(opts.hostFacts ?? facts).then((f) => (facts = f), () => undefined);

  const problems = new Map<string, string>();
  const note = (key: string, text: string): void => void problems.set(key, text);
  const table = createProcessTable({
    procRoot: opts.procRoot,
    onError: (pid, err) => note(`proc:${errorCode(err) ?? 'error'}`, `reading /proc/${pid}: ${(err as Error).message}`),
  });

  let memory: ModelMemory = emptyMemory();
  let latest: Snapshot | undefined;
  let demand: SampleDemand = { processStats: 'none' };
  /** members of containers whose CPU must be summed from their processes (last tick's). */
  let cpuFromProcs = new Set<number>();
  const listeners = new Set<(s: Snapshot) => void>();
  let timer: NodeJS.Timeout | undefined;
  let active = false;
  let running: Promise<Snapshot> | undefined;

  async function sampleNow(): Promise<Snapshot> {
    problems.clear();
    const d = demand.processStats;
    const want = d === 'all' ? 'all' : new Set([...(d === 'none' ? [] : d), ...cpuFromProcs]);
    const procs = await table.refresh(want);
    const groups = groupContainers(procs);
    const stats = new Map<string, CgroupStats>();
    for (const g of groups) {
      if (!g.ref) continue;
      try {
        stats.set(g.id, driver.readStats(g.ref));
      } catch (err) {
        if (!isVanished(err)) note(`cg:${g.id}`, `cgroup of ${g.name}: ${(err as Error).message}`);
      }
    }
    cpuFromProcs = new Set(groups.filter((g) => stats.get(g.id)?.cpu.usageUsec === undefined).flatMap((g) => g.members.map((p) => p.pid)));
    let live: ReturnType<typeof readLiveHostFacts> = { psi: {} };
    try {
      live = readLiveHostFacts(opts.procRoot);
    } catch (err) {
      note('host', `host facts: ${(err as Error).message}`);
    }
    const denied = procs.filter((p) => p.nsDenied.length > 0).map((p) => p.pid);
    if (denied.length > 0) {
      note('nsdenied', `namespace links unreadable (EACCES) for ${denied.length} process(es): ${denied.slice(0, 5).join(', ')}${denied.length > 5 ? '…' : ''}`);
    }
    const built = buildSnapshot(
      {
        time: now(),
        procs,
        groups,
        stats,
        host: { ...facts, cgroupMode: driver.layout.mode, ...live },
        warnings: [...problems.values()],
        readOnly,
        userName,
      },
      memory,
    );
    memory = built.memory;
    latest = built.snapshot;
    if (opts.managed) {
      try {
        latest = { ...latest, containers: mergeManaged(latest.containers, await opts.managed()) };
      } catch (err) {
        latest = { ...latest, warnings: [...latest.warnings, `nstop state: ${(err as Error).message}`] };
      }
    }
    for (const l of listeners) {
      try {
        l(latest);
      } catch {
        // a listener's failure must not stop sampling
      }
    }
    return latest;
  }

  function sample(): Promise<Snapshot> {
    // One sample at a time: a slow tick is never overlapped by the next.
    running ??= sampleNow().finally(() => (running = undefined));
    return running;
  }

  function loop(): void {
    const started = now();
    sample()
      .catch((err: unknown) => note('sample', `sample failed: ${(err as Error).message}`))
      .finally(() => {
        if (!active) return;
        timer = setTimeout(loop, Math.max(0, opts.intervalMs - (now() - started)));
      });
  }

  return {
    driver,
    current: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setDemand(d) {
      demand = d;
    },
    sample,
    start() {
      if (active) return;
      active = true;
      loop();
    },
    stop() {
      active = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
