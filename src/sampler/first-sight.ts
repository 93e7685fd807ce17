// The dashboard's first sight, read ahead: cli.ts starts a worker thread
// (first-sight-worker.ts) before it loads the dashboard's modules, and the worker reads
// every pid's stat line and pid-namespace link (what the first tick's glance needs,
// glance.ts) on the other CPU meanwhile, in batches. The first tick that glances takes
// what has come (process-table.ts), reads the rest itself and ends the worker.
// What was read ahead is up to a module load old (a few hundred ms) when the tick takes
// it, as a tick's identities are by the next tick; a pid reused in between is told by its
// starttime on the next read of its stat, as between any two ticks.
import { Worker } from 'node:worker_threads';
import type { FirstSightBatch, FirstSightJob } from './first-sight-worker.js';

/** One pid as read ahead: its stat text and its pid namespace (an inode, 'denied', or
 *  undefined: not read). */
export type AheadEntry = { text: string; pidNs: number | 'denied' | undefined };

export type FirstSight = {
  /** the entry of `pid` if it has come, handed over once */
  take(pid: number): AheadEntry | undefined;
  /** how many have come */
  readonly size: number;
  /** no more wanted: ends the worker, forgets what was not taken */
  stop(): void;
  /** settles when the worker has ended (done, failed or stopped) */
  readonly ended: Promise<void>;
};

/** Starts reading `procRoot` ahead (a worker that cannot start: nothing comes). */
export function startFirstSight(procRoot: string): FirstSight {
  const job: FirstSightJob = { procRoot };
  const got = new Map<number, AheadEntry>();
  let worker: Worker | undefined;
  let ended: Promise<void> = Promise.resolve();
  try {
    // tsc's file beside this one's (in the bundle too: there this module's
    // import.meta.url is its own file's, esbuild.config.mjs); it imports node's modules only
    worker = new Worker(new URL('./first-sight-worker.js', import.meta.url), { workerData: job });
    worker.unref();
    const w = worker;
    ended = new Promise((r) => w.once('exit', () => r()));
    worker.on('message', (b: FirstSightBatch) => {
      for (let i = 0; i < b.pids.length; i++) got.set(b.pids[i]!, { text: b.texts[i]!, pidNs: b.pidNs[i] ?? undefined });
    });
    // a failed worker: the tick reads what did not come itself
    worker.on('error', () => undefined);
  } catch {
    worker = undefined;
  }
  return {
    take(pid) {
      const e = got.get(pid);
      if (e !== undefined) got.delete(pid);
      return e;
    },
    get size() {
      return got.size;
    },
    stop() {
      void worker?.terminate();
      worker = undefined;
      got.clear();
    },
    get ended() {
      return ended;
    },
  };
}
