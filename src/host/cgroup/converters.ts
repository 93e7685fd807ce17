// Named, pure converters between the two cgroup versions' units. Ranges per the kernel
// (cgroup-v1/*.rst, cgroup-v2.rst) and runc/crun. "No limit" is Infinity on our side.

/** The kernel's v1 "no limit" for memory: PAGE_COUNTER_MAX (LONG_MAX / PAGE_SIZE) in
 *  pages, shown in bytes, e.g. 9223372036854771712 on 4K pages, 9223372036854710272 on
 *  64K pages. Anything >= 2^62 is treated as unlimited (no real limit is that big). */
export function isV1Unlimited(bytes: bigint): boolean {
  return bytes >= 2n ** 62n;
}

/** Infinity -> "max" (what v2 limit files take), else the integer as text. */
export function formatMax(value: number): string {
  if (value === Infinity) return 'max';
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a limit: ${value}`);
  return String(value);
}

/** Quota/period (µs) -> CPUs: 50000/100000 -> 0.5. Quota -1 (v1 cfs_quota_us) or
 *  Infinity (v2 "max") -> Infinity. Quota >= 1000 µs, period 1000..1000000 µs. */
export function cpusFromQuota(quota: number, period: number): number {
  if (!(period > 0)) throw new RangeError(`cpu period must be > 0: ${period}`);
  if (quota === -1 || quota === Infinity) return Infinity;
  if (!(quota >= 0)) throw new RangeError(`cpu quota must be >= 0 or -1: ${quota}`);
  return quota / period;
}

/** CPUs -> quota µs for a period (default 100000): 0.5 -> 50000. Infinity -> -1 (the
 *  v1 cfs_quota_us "none"; a v2 writer sends "max" instead). CPUs must be > 0. */
export function quotaFromCpus(cpus: number, period = 100_000): number {
  if (cpus === Infinity) return -1;
  if (!(cpus > 0)) throw new RangeError(`cpus must be > 0: ${cpus}`);
  return Math.round(cpus * period);
}

/** v1 cpu.shares (2..262144, default 1024) -> v2 cpu.weight (1..10000, default 100) with
 *  the mapping of runc >= 1.3.2 and crun >= 1.23: a quadratic in log2(shares) that fits
 *  the minimum, the default and the maximum, l = log2(shares):
 *  weight = ceil(10^((l^2 + 125 l) / 612 - 7/34)). 2 -> 1, 1024 -> 100, 262144 -> 10000.
 *  The older linear mapping (1 + (shares-2)*9999/262142) made the v1 default 39, so the
 *  same container showed weight 39 on v1 and 100 on v2; this one agrees on defaults.
 *  Shares outside 2..262144 are clamped (the kernel clamps them too). */
export function weightFromShares(shares: number): number {
  const s = Math.trunc(shares);
  if (s <= 2) return 1;
  if (s >= 262144) return 10000;
  const l = Math.log2(s);
  return Math.min(10000, Math.ceil(Math.pow(10, (l * l + 125 * l) / 612 - 7 / 34)));
}

/** cpu.weight (1..10000) -> cpu.shares that maps back to it exactly:
 *  weightFromShares(sharesFromWeight(w)) === w. First the formula solved for l (so 100 ->
 *  1024, the v1 default, as runc writes it); where ceil() makes that miss, the smallest
 *  shares that map to w (the mapping is monotone and reaches every weight). 1 -> 2,
 *  10000 -> 262144. */
export function sharesFromWeight(weight: number): number {
  const w = Math.min(10000, Math.max(1, Math.trunc(weight)));
  const l = (-125 + Math.sqrt(125 * 125 + 4 * 612 * (Math.log10(w) + 7 / 34))) / 2;
  const guess = Math.min(262144, Math.max(2, Math.round(2 ** l)));
  if (weightFromShares(guess) === w) return guess;
  let lo = 2;
  let hi = 262144;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (weightFromShares(mid) >= w) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** v1 memsw counts memory + swap: swap limit = memsw limit - memory limit (bytes).
 *  Either unlimited -> Infinity. The kernel keeps memsw >= memory, so never negative. */
export function swapFromMemsw(memswLimit: number, memoryLimit: number): number {
  if (memswLimit === Infinity || memoryLimit === Infinity) return Infinity;
  return Math.max(0, memswLimit - memoryLimit);
}

/** The inverse, for writing v1: memsw limit = memory limit + swap limit. */
export function memswFromSwap(swapLimit: number, memoryLimit: number): number {
  if (swapLimit === Infinity || memoryLimit === Infinity) return Infinity;
  return memoryLimit + swapLimit;
}

/** v1 times are nanoseconds (cpuacct.usage, cpu.stat throttled_time); ours are µs. */
export function usecFromNs(ns: number | undefined): number | undefined {
  return ns === undefined ? undefined : Math.round(ns / 1000);
}

/** working set = usage - inactive_file (what docker stats / kubectl top show), >= 0. */
export function workingSet(current: number | undefined, inactiveFile: number | undefined): number | undefined {
  return current === undefined || inactiveFile === undefined ? undefined : Math.max(0, current - inactiveFile);
}
