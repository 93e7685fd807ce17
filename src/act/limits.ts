// Limit values as people type them: "64M", "1.5G", "max", "0.5" (cpus), "50%" (of host
// memory). Each parser returns bytes / a count / cpus, Infinity for "max", or throws a
// one-line ActError naming the option.
import type { LimitChange } from '../host/cgroup/types.js';
import { ActError } from './errors.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };
const PAGE = 4096;
/** Larger than any machine; beyond 2^53 JS integers are not exact anyway. */
const MAX_BYTES = 2 ** 50; // 1 PiB

const isMax = (t: string): boolean => /^(max|unlimited|none)$/i.test(t);

export function parseBytes(option: string, text: string, hostMemory?: number): number {
  const t = text.trim();
  if (isMax(t)) return Infinity;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    if (hostMemory === undefined) throw new ActError(`${option} "${text}": a percentage only works for --memory`);
    const p = Number(pct[1]);
    if (!(p > 0 && p <= 100)) throw new ActError(`${option} "${text}": a percentage must be above 0 and at most 100`);
    return Math.ceil((hostMemory * p) / 100 / PAGE) * PAGE;
  }
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(t);
  if (!m) throw new ActError(`${option} "${text}": use a size like 64M, 1.5G, 512K, a byte count, or max`);
  const bytes = Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (bytes > MAX_BYTES) throw new ActError(`${option} "${text}": too large (at most 1P, or max for no limit)`);
  return Math.ceil(bytes / PAGE) * PAGE;
}

export function parseMemory(text: string, hostMemory: number): number {
  const b = parseBytes('--memory', text, hostMemory);
  if (b < 2 ** 20) throw new ActError(`--memory "${text}": at least 1M (a process needs some memory to start)`);
  return b;
}

export const parseSwap = (text: string): number => parseBytes('--swap', text);

export function parsePids(text: string): number {
  const t = text.trim();
  if (isMax(t)) return Infinity;
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 4194304) throw new ActError(`--pids "${text}": a whole number from 1 to 4194304, or max`);
  return Number(t);
}

export function parseCpus(text: string): number {
  const t = text.trim();
  if (isMax(t)) return Infinity;
  if (!/^\d*\.?\d+$/.test(t)) throw new ActError(`--cpus "${text}": a number of CPUs like 0.5 or 2, or max`);
  const n = Number(t);
  if (n < 0.01 || n > 4096) throw new ActError(`--cpus "${text}": between 0.01 and 4096`);
  return n;
}

export function parseCpuWeight(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 10000) throw new ActError(`--cpu-weight "${text}": a whole number from 1 to 10000 (100 is the default share)`);
  return Number(t);
}

export type LimitFlags = { memory?: string; swap?: string; pids?: string; cpus?: string; cpuWeight?: string };

export function parseLimits(f: LimitFlags, hostMemory: number): LimitChange {
  const out: LimitChange = {};
  if (f.memory !== undefined) out.memory = parseMemory(f.memory, hostMemory);
  if (f.swap !== undefined) out.swap = parseSwap(f.swap);
  if (f.pids !== undefined) out.pids = parsePids(f.pids);
  if (f.cpus !== undefined) out.cpus = parseCpus(f.cpus);
  if (f.cpuWeight !== undefined) out.cpuWeight = parseCpuWeight(f.cpuWeight);
  return out;
}

export const hasLimits = (c: LimitChange): boolean => Object.values(c).some((v) => v !== undefined);
