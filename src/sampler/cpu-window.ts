// CPU % for the one-shot commands (`nstop ls`, `ps`): two readings of each CPU counter a
// fixed window apart, each timed where it was read. The samples' own clock is one time
// per sample; a container's counter is read somewhere inside it, and on a loaded host
// the first (cold) sample reaches it much later than the second: a 250 ms gap between
// samples read 53–62 % for a container held to 0.5 CPU (docker stats: 49.8 %).
//
// A container with a CPU quota runs in bursts: CFS gives it `quota` µs in every period
// (100 ms for docker, podman, runc and nstop), then throttles it to the period's end. Over
// a window that is a whole number of periods it ran exactly n × quota, wherever the
// window starts; over any other window the leftover part of a period is all burst or all
// pause and skews the figure by up to leftover / window. So the window is a whole number
// of the quota periods present; a counter whose own read came out more than MAX_SKEW
// away from one (the host woke the timer late) is read again at the next whole period,
// and over 10 periods any moment is within MAX_SKEW: a figure, never a skewed one.
//
// Counters: a cgroup's usage (cpuacct.usage ns, cpu.stat usage_usec µs); a process
// without a cgroup of its own: /proc/PID/schedstat's run time (ns) when it has one
// thread, else stat's utime + stime (clock ticks, 10 ms: the window holds 30 of them, so
// a busy loop never reads 0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupDriver, CgroupRef } from '../host/cgroup/types.js';
import { cpuPeriodUsec } from '../host/cgroup/cpu-period.js';
import { readProcessStat } from '../host/proc-reader.js';

/** The shortest window: 3 CFS periods of 100 ms, 30 clock ticks. */
export const MIN_WINDOW_MS = 300;
/** Longer than this only if the periods present have no smaller common multiple. */
export const MAX_WINDOW_MS = 1000;
/** How far (as a share of the window) a counter's own window may be from a whole number
 *  of its quota periods before its figure is not given. */
export const MAX_SKEW = 0.05;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The common multiple (ms) of these quota periods (µs), whole ms; undefined when it is
 *  over MAX_WINDOW_MS (then those counters may come out `n/a`). */
export function periodUnitMs(periodsUsec: readonly number[]): number | undefined {
  let lcm = 1000; // whole ms
  for (const p of new Set(periodsUsec)) {
    if (!(p > 0) || !Number.isInteger(p)) continue;
    lcm = (lcm / gcd(lcm, p)) * p;
    if (lcm > MAX_WINDOW_MS * 1000) return undefined;
  }
  return lcm / 1000;
}

/** The window (ms) for these quota periods (µs): the smallest common multiple of them
 *  that is at least `least` (MIN_WINDOW_MS); `least` itself when there is none up to
 *  MAX_WINDOW_MS. */
export function windowMs(periodsUsec: readonly number[], least = MIN_WINDOW_MS): number {
  const unit = periodUnitMs(periodsUsec);
  if (unit === undefined) return least;
  const w = Math.ceil(least / unit) * unit;
  return w > Math.max(MAX_WINDOW_MS, least) ? least : w;
}

/** Whether a counter's own window (µs) is a whole number of its quota period, within
 *  MAX_SKEW of the window: over 10 periods any window is (half a period either side). */
export function wholePeriods(elapsedUsec: number, periodUsec?: number): boolean {
  if (periodUsec === undefined || !(periodUsec > 0)) return true;
  const periods = elapsedUsec / periodUsec;
  return Math.abs(periods - Math.round(periods)) * periodUsec <= MAX_SKEW * elapsedUsec;
}

/** % of one CPU from a counter's change over its own window (µs), or undefined when the
 *  window is not a whole number of the quota period (within MAX_SKEW) or the counter
 *  went back (a reset, a pid reused). */
export function windowPct(usedUsec: number, elapsedUsec: number, periodUsec?: number): number | undefined {
  if (!(elapsedUsec > 0) || !(usedUsec >= 0) || !wholePeriods(elapsedUsec, periodUsec)) return undefined;
  return (usedUsec / elapsedUsec) * 100;
}

/** One CPU counter: read() gives µs (undefined: gone). */
export type CpuProbe = { key: string; read: () => number | undefined; periodUsec?: number };

const nowUsec = (): number => Number(process.hrtime.bigint() / 1000n);

type Reading = { at: number; value: number };

function readAll(probes: readonly CpuProbe[]): (Reading | undefined)[] {
  return probes.map((p) => {
    const before = nowUsec();
    const value = p.read();
    // the middle of the read: a read held up (the host is loaded) errs by half of it
    return value === undefined ? undefined : { at: (before + nowUsec()) / 2, value };
  });
}

export type CpuWindow = {
  /** waits until the window (at least MIN_WINDOW_MS, or as long as the caller took
   *  meanwhile, rounded up to whole periods) has passed, reads every probe again in the
   *  same order (so each counter's own window is the window, give or take how the two
   *  passes differ) and gives each key its %, undefined where windowPct gives none */
  end(): Promise<Map<string, number | undefined>>;
};

/** Reads every probe now: the window's start. The caller may work meanwhile (the second
 *  sample), and the window stretches to whole periods past it. */
export function beginCpu(probes: readonly CpuProbe[]): CpuWindow {
  const periods = probes.flatMap((p) => (p.periodUsec ? [p.periodUsec] : []));
  const first = readAll(probes);
  const start = first.find((r) => r !== undefined)?.at ?? nowUsec();
  return {
    async end() {
      const window = windowMs(periods, Math.max(MIN_WINDOW_MS, (nowUsec() - start) / 1000));
      await sleepUntil(start + window * 1000);
      const second = readAll(probes);
      // a read held up past its band (a loaded host wakes timers late): read that counter
      // again at the next whole period, until it lands; from 10 periods on every time does
      const unit = periodUnitMs(periods) ?? MIN_WINDOW_MS;
      const missed = (i: number) => first[i] !== undefined && second[i] !== undefined && !wholePeriods(second[i]!.at - first[i]!.at, probes[i]!.periodUsec);
      for (let late = probes.map((_, i) => i).filter(missed); late.length > 0; late = late.filter(missed)) {
        await sleepUntil(start + Math.ceil((nowUsec() - start) / 1000 / unit) * unit * 1000);
        const again = readAll(late.map((i) => probes[i]!));
        late.forEach((i, j) => (second[i] = again[j]));
      }
      const out = new Map<string, number | undefined>();
      probes.forEach((p, i) => {
        const a = first[i];
        const b = second[i];
        out.set(p.key, a && b ? windowPct(b.value - a.value, b.at - a.at, p.periodUsec) : undefined);
      });
      return out;
    },
  };
}

async function sleepUntil(usec: number): Promise<void> {
  const wait = usec - nowUsec();
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.ceil(wait / 1000)));
}

/** beginCpu, then end at once: the shortest window. */
export const measureCpu = (probes: readonly CpuProbe[]): Promise<Map<string, number | undefined>> => beginCpu(probes).end();

/** A cgroup's CPU counter (µs), with its quota period when it has a quota. */
export function cgroupProbe(driver: CgroupDriver, key: string, ref: CgroupRef): CpuProbe {
  const period = cpuPeriodUsec(driver.layout, ref);
  return { key, read: () => safe(() => driver.readUsage(ref)), ...(period !== undefined ? { periodUsec: period } : {}) };
}

/** A process's CPU time (µs), the same process only (its start time is checked). */
export function processProbe(procRoot: string, key: string, pid: number, starttime: number, clockTicks: number): CpuProbe {
  return {
    key,
    read: () => {
      const st = safe(() => readProcessStat(procRoot, pid));
      if (!st || st.starttime !== starttime) return undefined;
      if (st.numThreads === 1) {
        // "4100280 0 1": ns on the CPU, ns waiting, timeslices (one thread: the process)
        const ns = safe(() => Number(readFileSync(join(procRoot, String(pid), 'schedstat'), 'latin1').split(' ', 1)[0]));
        if (ns !== undefined && Number.isFinite(ns)) return ns / 1000;
      }
      return ((st.utime + st.stime) / clockTicks) * 1e6;
    },
  };
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
