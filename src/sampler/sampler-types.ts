// What the poll loop (sampler.ts) is given and what it gives: its options and the
// Sampler it returns, apart so that callers and the loop's code each read one thing.
import type { CgroupDriver } from '../host/cgroup/types.js';
import type { StaticHostFacts } from '../host/host-facts.js';
import type { AheadReads } from '../host/procfs/first-look.js';
import type { RuntimeRoots } from '../host/runtimes/record.js';
import type { LimitEvent, ManagedInfo, Snapshot, SnapshotSource } from '../model/types.js';

export type SamplerOptions = {
  procRoot: string;
  cgroupRoot: string;
  intervalMs: number;
  passwdPath?: string;
  /** static host facts; the dashboard passes systeminformation's, the CLI the os module's. */
  hostFacts?: StaticHostFacts | Promise<StaticHostFacts>;
  readOnly?: boolean;
  now?: () => number;
  /** nstop's own containers (state files), read each tick: a pure read (ended ones are
   *  reaped by the act side's reaper, src/act/reaper.ts, never by a refresh). */
  managed?: () => Promise<ManagedInfo[]>;
  /** watch event files between ticks (default true; CLI one-shots pass false) */
  watchEvents?: boolean;
  /** how often cgroup v1's event files that have no notification (pids.events,
   *  memory.failcnt) are read between ticks; default 250 ms */
  eventPollMs?: number;
  /** where other runtimes keep their records (names, images, exits); absent: none read */
  runtimeRoots?: RuntimeRoots;
  /** on a start among many processes, group them from a cheap first sight and read the
   *  rest of their identities over the next ticks (the dashboard: its first frame comes
   *  sooner; process-table.ts) */
  deferIdentity?: boolean;
  /** what a look ahead read of /proc (sampler/first-look.ts), for the first tick */
  ahead?: () => Promise<AheadReads | undefined>;
  /** keep the pid list by the kernel's process events where they are to be had (root in
   *  the initial namespaces, procRoot the host's /proc; sampler/live-pids.ts) instead of
   *  listing /proc on every tick a task came or went: a sampler that runs on (the
   *  dashboard, serve, record) and is stopped, which closes them */
  pidEvents?: boolean;
};

export type Sampler = SnapshotSource & {
  /** take one sample now (also used by the CLI, twice for rates). */
  sample(): Promise<Snapshot>;
  start(): void;
  /** stops sampling and every watch */
  stop(): void;
  /** every event as it is made (tick or watcher), e.g. for `nstop events` */
  onEvent(listener: (e: LimitEvent) => void): () => void;
  /** something changed outside the sampler (a container was reaped): sample soon */
  refresh(): void;
  /** a problem met outside the sampler (the reaper's): a warning on the next snapshot */
  warn(text: string): void;
  driver: CgroupDriver;
};
