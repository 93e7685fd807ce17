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
  /** the records for this tick; `ids`: the groups' ids (a change forces a pass) */
  records(ids: readonly string[], now: number): { records: readonly RuntimeRecord[]; warnings: string[]; passed: boolean };
  /** passes so far and files statted/parsed in all of them (for the bench and tests) */
  counts(): { passes: number; stats: number; parsed: number };
};

export function createRecordPolicy(roots: RuntimeRoots, slowMs = SLOW_MS): RecordPolicy {
  const reader = createRecordReader(roots);
  let last: RecordPass | undefined;
  let lastAt = 0;
  let lastIds = '';
  let again = false;
  const counts = { passes: 0, stats: 0, parsed: 0 };
  return {
    records(ids, now) {
      const key = [...ids].sort().join(' ');
      const changed = key !== lastIds;
      const due = last === undefined || changed || again || now - lastAt >= slowMs;
      again = changed && last !== undefined;
      lastIds = key;
      if (!due) return { records: last!.records, warnings: last!.warnings, passed: false };
      last = reader.read();
      lastAt = now;
      counts.passes++;
      counts.stats += last.stats;
      counts.parsed += last.parsed;
      return { records: last.records, warnings: last.warnings, passed: true };
    },
    counts: () => ({ ...counts }),
  };
}
