// Which pids went between two /proc listings: both come sorted (list-pids.ts), so one walk
// of the two finds them, where a Set of the new list cost a hash entry per process.
/** The pids of `before` not in `after`, both ascending (listPids sorts). */
export function missingFrom(before: readonly number[], after: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < before.length; i++) {
    const pid = before[i]!;
    while (j < after.length && after[j]! < pid) j++;
    if (j >= after.length || after[j] !== pid) out.push(pid);
  }
  return out;
}
