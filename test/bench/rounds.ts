// Each monitor is measured in every round, the order reversed from one round to the
// next: whichever monitor comes first after a load's start pays for it (a fresh load's
// PSI decaying, the kernel making its /proc dentries): an A/B of one nstop build against
// itself measured 52 vs 30 ms and 66 vs 42 ms a refresh by order alone (stop 30). The
// table shows each figure's median over the rounds, and the label each round's CPU a
// refresh, so the spread is in sight.
import type { CpuResult, MonitorRun } from './monitors.js';
import { median, num } from './util.js';

/** The runs' cpu figures as their medians; keys and extra from the round that had them. */
export function medianRun(runs: readonly MonitorRun[]): MonitorRun {
  const first = runs[0]!;
  if (runs.length === 1) return first;
  const m = (pick: (c: CpuResult) => number | undefined): number | undefined => median(runs.map((r) => pick(r.cpu)).filter((x): x is number => x !== undefined));
  const cpu: CpuResult = {
    ...first.cpu,
    cpuMs: m((c) => c.cpuMs)!,
    windowMs: m((c) => c.windowMs)!,
    hz: m((c) => c.hz),
    msPerRefresh: m((c) => c.msPerRefresh),
    cpuMsPerSec: m((c) => c.cpuMsPerSec)!,
    rssMb: m((c) => c.rssMb),
    rssEndMb: m((c) => c.rssEndMb),
    hostBusyPct: m((c) => c.hostBusyPct)!,
    firstFrameMs: m((c) => c.firstFrameMs),
    firstFrameCpuMs: m((c) => c.firstFrameCpuMs),
    fromStartMs: m((c) => c.fromStartMs),
  };
  const run: MonitorRun = { cpu };
  const keys = runs.find((r) => r.keys)?.keys;
  if (keys) run.keys = keys;
  const extra = runs.find((r) => r.extra !== undefined)?.extra;
  if (extra !== undefined) run.extra = extra;
  return run;
}

/** " [rounds: 52.1 / 30.5 ms a refresh]" */
export const roundsNote = (runs: readonly MonitorRun[]): string => (runs.length < 2 ? '' : ` [rounds: ${runs.map((r) => num(r.cpu.msPerRefresh)).join(' / ')} ms]`);

/** The specs in round `round`'s order. */
export const inRound = <T>(specs: readonly T[], round: number): T[] => (round % 2 === 0 ? [...specs] : [...specs].reverse());
