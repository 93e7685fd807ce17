// When the runtimes' records are read (host/runtimes/reader.ts): a pass stats every
// record file, so it is made only when the set of containers changed (a new id to name,
// or one gone whose exit the runtime is writing down), on the tick after that (docker
// writes the exit code a few ms after the processes are gone), and every SLOW_MS
// otherwise (a renamed container, a stopped one removed). Between passes a tick costs
// nothing here, however many containers the runtimes keep.
import { createRecordReader, type RecordPass } from '../host/runtimes/reader.js';
import type { RuntimeRecord, RuntimeRoots } from '../host/runtimes/record.js';

export const SLOW_MS = 5000;

export type RecordPolicy = {
  /** the records for this tick; `groups`: this tick's containers (a change of their ids
   *  forces a pass). A tick with no pass allocates nothing: the same array as last tick
   *  is not looked at, another one is compared id by id with last tick's set. */
  records(groups: readonly { readonly id: string }[], now: number): RecordsNow;
  /** passes so far and files statted/parsed in all of them (for the bench and tests) */
  counts(): { passes: number; stats: number; parsed: number };
};

export type RecordsNow = { readonly records: readonly RuntimeRecord[]; readonly warnings: string[]; readonly passed: boolean };

export function createRecordPolicy(roots: RuntimeRoots, slowMs = SLOW_MS): RecordPolicy {
  const reader = createRecordReader(roots);
  let last: RecordPass | undefined;
  /** last pass's answer for the ticks without one */
  let held: RecordsNow | undefined;
  let lastAt = 0;
  let lastGroups: readonly { readonly id: string }[] | undefined;
  let lastIds = new Set<string>();
  let again = false;
  const counts = { passes: 0, stats: 0, parsed: 0 };
  /** whether `groups` has other ids than last tick's (a new set only then) */
  function idsChanged(groups: readonly { readonly id: string }[]): boolean {
    if (groups === lastGroups) return false;
    lastGroups = groups;
    let same = groups.length === lastIds.size;
    for (let i = 0; same && i < groups.length; i++) same = lastIds.has(groups[i]!.id);
    if (same) return false;
    lastIds = new Set();
    for (let i = 0; i < groups.length; i++) lastIds.add(groups[i]!.id);
    // duplicates would make the sizes differ each tick: compare with what the set holds
    if (lastIds.size !== groups.length) lastGroups = undefined;
    return true;
  }
  return {
    records(groups, now) {
      const changed = idsChanged(groups);
      const due = last === undefined || changed || again || now - lastAt >= slowMs;
      again = changed && last !== undefined;
      if (!due) return held!;
      last = reader.read();
      lastAt = now;
      counts.passes++;
      counts.stats += last.stats;
      counts.parsed += last.parsed;
      held = { records: last.records, warnings: last.warnings, passed: false };
      return { records: last.records, warnings: last.warnings, passed: true };
    },
    counts: () => ({ ...counts }),
  };
}
