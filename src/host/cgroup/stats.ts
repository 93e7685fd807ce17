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
