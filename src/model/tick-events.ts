// A tick's rows told to the event ledger (ledger.ts), which the event watcher also
// reports to between ticks: whoever sees a counter go up first makes the event. Then
// each row's counters get when they last moved (the highlight), seen by either.
import { COUNTER_NAMES, type CounterName, type EventLedger } from './ledger.js';
import type { ContainerRow } from './types.js';

/** Rows are this tick's, not yet published: their counters are marked in place. */
export function recordTick(ledger: EventLedger, time: number, rows: readonly ContainerRow[]): void {
  ledger.arrivals(time, rows);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const values: Partial<Record<CounterName, number>> = {};
    for (let j = 0; j < COUNTER_NAMES.length; j++) values[COUNTER_NAMES[j]!] = r.counters[COUNTER_NAMES[j]!].value;
    // a stopped row's counters are its final ones: report them all now
    ledger.counters(time, r.id, r.name, values, ledger.createdHere(r), r.status === 'stopped');
    ledger.frozen(time, r.id, r.name, r.stats?.frozen);
  }
  ledger.departures(time, rows);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let j = 0; j < COUNTER_NAMES.length; j++) {
      const k = COUNTER_NAMES[j]!;
      const at = ledger.changedAt(r.id, k);
      if (at !== undefined) r.counters[k].changedAt = at;
    }
  }
}
