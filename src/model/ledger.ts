// The one place where counter changes and state changes become events. Two readers
// report to it: the tick (every container, once per interval) and the event watcher
// (containers on screen, between ticks, when the kernel says a file changed). Whoever
// sees a counter go up first makes the event; the other then sees no change, so a hit
// is never counted twice and never lost between two refreshes.
import type { CgroupStats } from '../host/cgroup/types.js';
import type { ContainerRow, LimitEvent, LimitEventKind } from './types.js';

export type CounterName = keyof ContainerRow['counters'];
export type CounterValues = Partial<Record<CounterName, number>>;

export const EVENT_OF: Record<CounterName, LimitEventKind> = {
  oom: 'oom',
  oomKill: 'oom_kill',
  memoryMaxHits: 'memory_max',
  memoryHighHits: 'memory_high',
  pidsMax: 'pids_max',
  throttled: 'throttled',
};

export const COUNTER_NAMES = Object.keys(EVENT_OF) as CounterName[];

export function countersFromStats(s: CgroupStats | undefined): CounterValues {
  return {
    oom: s?.memory.oom,
    oomKill: s?.memory.oomKill,
    memoryMaxHits: s?.memory.maxHits,
    memoryHighHits: s?.memory.highHits,
    pidsMax: s?.pids.maxHits,
    throttled: s?.cpu.nrThrottled,
  };
}

export const EVENT_LOG_LENGTH = 200;
/** One event per container and counter per second at most: a fork bomb refused 50,000
 *  times is one line a second with the sum, not a flood. The rest waits for the next
 *  reading (every tick reads again) or for the container's final counters. */
export const MIN_EVENT_GAP_MS = 1000;

type Seen = {
  name: string;
  /** counter values as last reported in an event (or the baseline) */
  values: CounterValues;
  changedAt: Partial<Record<CounterName, number>>;
  emittedAt: Partial<Record<CounterName, number>>;
  frozen?: boolean;
  stopped: boolean;
};

export type LedgerOptions = { startedAt: number; logLength?: number };

export class EventLedger {
  readonly startedAt: number;
  private readonly logLength: number;
  private readonly seen = new Map<string, Seen>();
  private log: LimitEvent[] = [];
  private readonly listeners = new Set<(e: LimitEvent) => void>();
  private ticks = 0;

  constructor(opts: LedgerOptions) {
    this.startedAt = opts.startedAt;
    this.logLength = opts.logLength ?? EVENT_LOG_LENGTH;
  }

  /** Counters read now. `fromZero`: the group was made after we started, so it counted
   *  from 0 and a first reading above 0 is a hit we must report (munch can be OOM-killed
   *  before the first tick sees it). Otherwise the first reading is only the baseline.
   *  `final`: the last reading of a group that ended — nothing may wait for later. */
  counters(time: number, id: string, name: string, values: CounterValues, fromZero = false, final = false): LimitEvent[] {
    let s = this.seen.get(id);
    if (!s) {
      s = blank(name);
      this.seen.set(id, s);
    }
    const out: LimitEvent[] = [];
    // index loops: the recorder runs without TurboFan, where a for-of allocates per step
    for (let i = 0; i < COUNTER_NAMES.length; i++) {
      const k = COUNTER_NAMES[i]!;
      const v = values[k];
      if (v === undefined) continue;
      // first reading of this counter: from 0 for a fresh group, else the baseline
      const before = s.values[k] ?? (fromZero ? 0 : v);
      // a counter that went down is a new group under an old name: a new baseline
      if (v > before) {
        s.changedAt[k] = time;
        const last = s.emittedAt[k];
        if (!final && last !== undefined && time - last < MIN_EVENT_GAP_MS) continue; // summed into the next one
        s.emittedAt[k] = time;
        out.push({ time, containerId: id, container: name, kind: EVENT_OF[k], value: v, delta: v - before });
      }
      s.values[k] = v;
    }
    return this.emit(out);
  }

  /** Frozen (cgroup.events frozen / freezer.state) as read now. */
  frozen(time: number, id: string, name: string, frozen: boolean | undefined): LimitEvent[] {
    const s = this.seen.get(id);
    if (!s || frozen === undefined) return [];
    const was = s.frozen;
    s.frozen = frozen;
    if (was === undefined || was === frozen) return [];
    return this.emit([{ time, containerId: id, container: name, kind: frozen ? 'frozen' : 'thawed' }]);
  }

  /** Each tick, before its counters: start for rows new since the last tick. */
  arrivals(time: number, rows: readonly TickRow[]): LimitEvent[] {
    const out: LimitEvent[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (this.known.has(r.id)) continue;
      const createdHere = this.createdHere(r);
      // at the first tick everything is old, except what was made after we started
      if ((this.ticks > 0 || createdHere) && (r.status !== 'stopped' || createdHere)) {
        out.push({ time, containerId: r.id, container: r.name, kind: 'start' });
      }
    }
    return this.emit(out);
  }

  /** Each tick, after its counters: exit for rows that stopped (nstop's, with their
   *  status) or went away. */
  departures(time: number, rows: readonly TickRow[]): LimitEvent[] {
    const out: LimitEvent[] = [];
    const present = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      present.add(r.id);
      const s = this.seen.get(r.id) ?? blank(r.name);
      const isNew = !this.known.has(r.id);
      if (r.status === 'stopped' && !s.stopped && (!isNew || this.createdHere(r))) {
        out.push({ time, containerId: r.id, container: r.name, kind: 'exit', detail: exitDetail(r.managed) ?? recordedDetail(r.recorded) });
      }
      s.stopped = r.status === 'stopped';
      this.seen.set(r.id, s);
    }
    for (const id of this.known) {
      if (present.has(id)) continue;
      const s = this.seen.get(id);
      if (s && !s.stopped) out.push({ time, containerId: id, container: s.name, kind: 'exit' });
      this.seen.delete(id);
    }
    this.known = present;
    this.ticks++;
    return this.emit(out);
  }

  /** nstop containers made after we started counted from zero: their first hit counts. */
  createdHere(r: Pick<ContainerRow, 'managed'>): boolean {
    return r.managed !== undefined && r.managed.createdAt >= this.startedAt;
  }

  /** When a counter last went up (ms since the epoch), for the row's highlight. */
  changedAt(id: string, counter: CounterName): number | undefined {
    return this.seen.get(id)?.changedAt[counter];
  }

  /** The last events, oldest first. */
  events(): readonly LimitEvent[] {
    return this.log;
  }

  subscribe(listener: (e: LimitEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** ids reported by the last tick (so a watcher read between ticks is not a "start"). */
  private known = new Set<string>();

  private emit(events: LimitEvent[]): LimitEvent[] {
    if (events.length === 0) return events;
    this.log = [...this.log, ...events].slice(-this.logLength);
    for (const e of events) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // a listener's failure (a closed stdout) must not stop the others
        }
      }
    }
    return events;
  }
}

type TickRow = Pick<ContainerRow, 'id' | 'name' | 'status' | 'managed' | 'recorded'>;

/** Another runtime's stopped container: the code its record holds, if any yet. */
const recordedDetail = (r: ContainerRow['recorded']): string | undefined => (r?.exitCode === undefined ? undefined : `exit ${r.exitCode}`);

const blank = (name: string): Seen => ({ name, values: {}, changedAt: {}, emittedAt: {}, stopped: false });

function exitDetail(m: ContainerRow['managed']): string | undefined {
  if (!m) return undefined;
  if (m.signal) return `signal ${m.signal}`;
  return m.exitCode === null || m.exitCode === undefined ? undefined : `exit ${m.exitCode}`;
}
