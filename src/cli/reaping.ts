// How the CLI wires the act side's reaper (src/act/reaper.ts) to a sampler.
import type { ReaperOptions } from '../act/reaper.js';
import type { Sampler } from '../sampler/sampler.js';

/** The reaper of a long-running nstop (the dashboard, `nstop events`): one round per
 *  refresh interval; what it reaped shows at once, what failed as a warning. */
export function reaperFor(sampler: Sampler, intervalMs: number): ReaperOptions {
  return {
    intervalMs,
    onReaped: () => sampler.refresh(),
    onError: (err) => sampler.warn(`reaping ended containers: ${(err as Error).message}`),
  };
}
