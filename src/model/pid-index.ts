// Where a pid sits in a tick's process list. The list comes in pid order (/proc lists its
// entries that way: list-pids.ts), so a binary search finds it without a Map of every
// pid: filling a 10,000-entry Map took ~4 ms here, each time any pid came or went.
// A list out of order (fixtures, tests) gets the Map.

/** The index of `pid` in `procs`, or -1. */
export type PidIndex = (pid: number) => number;

export function pidIndex(procs: readonly { pid: number }[]): PidIndex {
  for (let i = 1; i < procs.length; i++) {
    if (procs[i]!.pid > procs[i - 1]!.pid) continue;
    const at = new Map<number, number>();
    for (let j = procs.length - 1; j >= 0; j--) at.set(procs[j]!.pid, j);
    return (pid) => at.get(pid) ?? -1;
  }
  return (pid) => {
    let lo = 0;
    let hi = procs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = procs[mid]!.pid;
      if (p === pid) return mid;
      if (p < pid) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
}
