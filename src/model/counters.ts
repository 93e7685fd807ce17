// Rates and deltas from two samples. A rate needs two readings of the same counter;
// on the first sample, and when the counter went backwards (reset, or a new group under
// an old name), it is undefined, never negative.
import type { CgroupStats } from '../host/cgroup/types.js';
import type { Counter } from './types.js';

export function counter(value: number | undefined, prev: number | undefined): Counter {
  if (value === undefined) return {};
  if (prev === undefined || value < prev) return { value };
  return { value, delta: value - prev };
}

/** Percent of one CPU: 100 = one core busy for the whole interval. */
export function cpuPercent(usageUsec: number | undefined, prevUsec: number | undefined, wallUsec: number): number | undefined {
  if (usageUsec === undefined || prevUsec === undefined || wallUsec <= 0 || usageUsec < prevUsec) return undefined;
  return ((usageUsec - prevUsec) / wallUsec) * 100;
}

/** Percent of one CPU from /proc/PID/stat times, which are in clock ticks: `ticksPerSec`
 *  is the host's sysconf(_SC_CLK_TCK) (the ProcReader's clockTicks). */
export function ticksPercent(ticks: number | undefined, prevTicks: number | undefined, wallMs: number, ticksPerSec: number): number | undefined {
  if (ticks === undefined || prevTicks === undefined || wallMs <= 0 || ticks < prevTicks) return undefined;
  return (((ticks - prevTicks) / ticksPerSec) * 1000 * 100) / wallMs;
}

/** v1 has no oom counter (memory.oom_control says only whether one is under way): the
 *  event watcher's count of OOM eventfd notifications stands in for it. A copy only when
 *  it fills the gap; a driver's own counter always wins. */
export function withOomCount(stats: CgroupStats, watcherCount: number | undefined): CgroupStats {
  if (watcherCount === undefined || stats.memory.oom !== undefined) return stats;
  return { ...stats, memory: { ...stats.memory, oom: watcherCount } };
}
