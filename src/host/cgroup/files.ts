// Reading cgroup files and the named converters between the two versions' units.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, isDenied, ParseError } from '../errors.js';

/** A file's text, or undefined when this kernel/controller lacks it (ENOENT) or we may
 *  not read it. A vanished group is told apart by checking the directory (mustExist). */
export function readOptional(dir: string, file: string): string | undefined {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENODEV' || code === 'EOPNOTSUPP' || isDenied(err)) return undefined;
    throw err;
  }
}

/** Throws ENOENT when the group itself is gone (callers skip it quietly). */
export function mustExist(dir: string): void {
  readFileSync(join(dir, 'cgroup.procs'));
}

export function parseInteger(text: string, path: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) throw new ParseError(path, 1, `not an integer: "${t}"`);
  return Number(t);
}

/** v2 limit files: "max" -> Infinity, else a non-negative integer. */
export function parseMax(text: string, path: string): number {
  return text.trim() === 'max' ? Infinity : parseInteger(text, path);
}

/** v1 memory limits: the kernel reports "no limit" as PAGE_COUNTER_MAX rounded to pages
 *  (9223372036854771712 on 4K pages); anything ≥ 2^62 is treated as unlimited. */
export function v1Bytes(text: string, path: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new ParseError(path, 1, `not a byte count: "${t}"`);
  return BigInt(t) >= 2n ** 62n ? Infinity : Number(t);
}

/** cpu.max "50000 100000" / cfs_quota_us + cfs_period_us -> CPUs (0.5). Quota "max" or
 *  -1 = Infinity. Period 1000..1000000 µs per the kernel. */
export function cpusFromQuota(quota: number, period: number): number {
  if (quota < 0 || !Number.isFinite(quota) || period <= 0) return Infinity;
  return quota / period;
}

export function quotaFromCpus(cpus: number, period = 100_000): number {
  return cpus === Infinity ? -1 : Math.round(cpus * period);
}

/** v1 cpu.shares (2..262144) -> v2 cpu.weight (1..10000), the mapping runc/crun use. */
export function weightFromShares(shares: number): number {
  const s = Math.min(262144, Math.max(2, shares));
  return Math.round(1 + ((s - 2) * 9999) / 262142);
}

export function sharesFromWeight(weight: number): number {
  const w = Math.min(10000, Math.max(1, weight));
  return Math.round(2 + ((w - 1) * 262142) / 9999);
}

/** v1 memsw counts memory+swap: swap limit = memsw limit - memory limit. */
export function swapFromMemsw(memsw: number, memory: number): number {
  if (memsw === Infinity) return Infinity;
  if (memory === Infinity) return Infinity;
  return Math.max(0, memsw - memory);
}

/** "key value" lines (memory.stat, memory.events, cpu.stat, pids.events). Real line:
 *  "oom_kill 1" in memory.events. */
export function parseKeyValues(text: string, path: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(\S+)\s+(-?\d+)$/.exec(line.trim());
    if (!m) throw new ParseError(path, i + 1, `not "key value": "${line}"`);
    out.set(m[1]!, Number(m[2]));
  });
  return out;
}

/** A number file of a group, undefined when absent (see readOptional). */
export function readNumber(dir: string, file: string, parse: (text: string, path: string) => number = parseInteger): number | undefined {
  const t = readOptional(dir, file);
  return t === undefined ? undefined : parse(t, join(dir, file));
}

export function readKeyValues(dir: string, file: string): Map<string, number> | undefined {
  const t = readOptional(dir, file);
  return t === undefined ? undefined : parseKeyValues(t, join(dir, file));
}
