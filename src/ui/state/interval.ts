// The refresh intervals + and - (and F2 setup) step through (ms); --interval's range is
// 100ms..1h, so a start between steps or beyond them is kept until stepped from.
const INTERVALS = [100, 250, 500, 1000, 2000, 3000, 5000, 10000];

/** The next step up (+1) or down (-1) from `ms`, which need not be a step itself. */
export function stepInterval(ms: number, dir: 1 | -1): number {
  if (dir > 0) return INTERVALS.find((x) => x > ms) ?? Math.max(ms, INTERVALS.at(-1)!);
  return [...INTERVALS].reverse().find((x) => x < ms) ?? Math.min(ms, INTERVALS[0]!);
}
