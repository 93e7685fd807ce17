// The per-container figures a sample stores, as named columns. Every value is stored as
// a non-negative integer: 0 = not known, 1 = unlimited, v*scale + 2 otherwise (scale
// keeps PSI's two decimals and fractions of a CPU), so a frame can hold differences to
// the sample before, which are mostly 0 and deflate to almost nothing. The names and
// scales are written into each segment's head frame: a reader goes by them, not by
// their order here, so a later nstop can add columns and still read older segments.
import type { ContainerRow } from '../model/types.js';
import type { Pressure } from '../host/types.js';

export type Column = { name: string; scale: number; get: (c: ContainerRow) => number | undefined };

const some10 = (p: Pressure | undefined) => p?.some.avg10;
const full10 = (p: Pressure | undefined) => p?.full?.avg10;
const someTotal = (p: Pressure | undefined) => p?.some.total;

export const COLUMNS: readonly Column[] = [
  { name: 'memory', scale: 1, get: (c) => c.stats?.memory.current },
  { name: 'workingSet', scale: 1, get: (c) => c.stats?.memory.workingSet },
  { name: 'memoryMax', scale: 1, get: (c) => c.stats?.memory.max },
  { name: 'memoryHigh', scale: 1, get: (c) => c.stats?.memory.high },
  { name: 'swap', scale: 1, get: (c) => c.stats?.memory.swapCurrent },
  { name: 'swapMax', scale: 1, get: (c) => c.stats?.memory.swapMax },
  { name: 'pids', scale: 1, get: (c) => c.stats?.pids.current },
  { name: 'pidsMax', scale: 1, get: (c) => c.stats?.pids.max },
  { name: 'nprocs', scale: 1, get: (c) => c.nprocs },
  { name: 'cpuUsageUsec', scale: 1, get: (c) => c.stats?.cpu.usageUsec },
  { name: 'cpuPct', scale: 10, get: (c) => c.cpuPct },
  { name: 'cpuLimit', scale: 1000, get: (c) => c.stats?.cpu.limitCpus },
  { name: 'cpuWeight', scale: 1, get: (c) => c.stats?.cpu.weight },
  { name: 'nrPeriods', scale: 1, get: (c) => c.stats?.cpu.nrPeriods },
  { name: 'nrThrottled', scale: 1, get: (c) => c.stats?.cpu.nrThrottled },
  { name: 'throttledUsec', scale: 1, get: (c) => c.stats?.cpu.throttledUsec },
  { name: 'psiCpuSome10', scale: 100, get: (c) => some10(c.stats?.psi.cpu) },
  { name: 'psiMemorySome10', scale: 100, get: (c) => some10(c.stats?.psi.memory) },
  { name: 'psiMemoryFull10', scale: 100, get: (c) => full10(c.stats?.psi.memory) },
  { name: 'psiIoSome10', scale: 100, get: (c) => some10(c.stats?.psi.io) },
  { name: 'psiCpuSomeUsec', scale: 1, get: (c) => someTotal(c.stats?.psi.cpu) },
  { name: 'psiMemorySomeUsec', scale: 1, get: (c) => someTotal(c.stats?.psi.memory) },
  { name: 'psiIoSomeUsec', scale: 1, get: (c) => someTotal(c.stats?.psi.io) },
  { name: 'rxBytes', scale: 1, get: (c) => c.net?.rxBytes },
  { name: 'txBytes', scale: 1, get: (c) => c.net?.txBytes },
  { name: 'oom', scale: 1, get: (c) => c.counters.oom.value },
  { name: 'oomKill', scale: 1, get: (c) => c.counters.oomKill.value },
  { name: 'memoryMaxHits', scale: 1, get: (c) => c.counters.memoryMaxHits.value },
  { name: 'memoryHighHits', scale: 1, get: (c) => c.counters.memoryHighHits.value },
  { name: 'pidsMaxHits', scale: 1, get: (c) => c.counters.pidsMax.value },
  { name: 'frozen', scale: 1, get: (c) => (c.stats?.frozen === undefined ? undefined : c.stats.frozen ? 1 : 0) },
];

export function encodeValue(v: number | undefined, scale: number): number {
  if (v === undefined || Number.isNaN(v)) return 0;
  if (v === Infinity) return 1;
  return Math.max(0, Math.round(v * scale)) + 2;
}

/** null: not known; Infinity: unlimited */
export function decodeValue(x: number, scale: number): number | null {
  if (x === 0) return null;
  if (x === 1) return Infinity;
  return (x - 2) / scale;
}
