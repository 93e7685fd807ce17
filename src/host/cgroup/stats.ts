// Helpers on CgroupStats shared by the drivers.
import type { CgroupStats } from './types.js';

/** Nothing known (no hierarchy for this ref): every figure undefined, i.e. "n/a". */
export function emptyStats(memoryFormula: string): CgroupStats {
  return { memory: {}, pids: {}, cpu: {}, psi: {}, memoryFormula };
}

/** Fields of `primary` that are defined, else those of `secondary`. */
export function fillMissing<T extends object>(primary: T, secondary: T): T {
  const out = { ...secondary };
  for (const key of Object.keys(primary) as (keyof T)[]) if (primary[key] !== undefined) out[key] = primary[key];
  return out;
}

function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A hot read (readHot) laid over the last full one: the moving figures are new, the
 *  rest (limits, counters, PSI) as of that read. The working set keeps the inactive
 *  file cache the full read saw. */
export function withHot(full: CgroupStats, hot: CgroupStats): CgroupStats {
  const memory = { ...full.memory, ...defined(hot.memory) };
  const cur = hot.memory.current;
  if (cur !== undefined && full.memory.current !== undefined && full.memory.workingSet !== undefined) {
    memory.workingSet = Math.max(0, cur - (full.memory.current - full.memory.workingSet));
  }
  const out: CgroupStats = { ...full, memory, pids: { ...full.pids, ...defined(hot.pids) }, cpu: { ...full.cpu, ...defined(hot.cpu) } };
  if (hot.frozen !== undefined) out.frozen = hot.frozen;
  if (hot.populated !== undefined) out.populated = hot.populated;
  return out;
}
