// The replay as the dashboard's SnapshotSource: the snapshot of the moment looked at,
// a new one at each move (a sample back or on, ±1 min/±1 h, the previous/next event,
// either end). Nothing is sampled: setDemand and setInterval do nothing.
import type { Snapshot, SnapshotSource } from '../model/types.js';
import { UserError } from '../host/errors.js';
import { localTime } from './entry-text.js';
import { openRecording, type Recording } from './replay.js';
import { snapshotOf } from './replay-snapshot.js';

export type ReplayMove = { kind: 'step'; dir: 1 | -1 } | { kind: 'jump'; ms: number } | { kind: 'event'; dir: 1 | -1 } | { kind: 'edge'; dir: 1 | -1 };

/** what the time bar draws */
export type ReplayPlace = { time: number; at: number; first: number; last: number; events: readonly number[]; complete: boolean; resolutionMs?: number; dir: string };

export type ReplaySource = SnapshotSource & {
  move(m: ReplayMove): string;
  place(): ReplayPlace | undefined;
  close(): void;
};

/** what the dashboard says of a replay (model/types.ts SnapshotSource) */
export const REPLAY_READ_ONLY = 'replay: actions are off';
export const NOT_RECORDED = {
  processes: 'processes are not recorded (a recording holds containers, namespaces and events): Tab for the others',
};
export const REPLAY_STILL = 'a replay does not refresh: ,/. or ←/→ step one sample, b/w one minute';

const span = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`);

/** Opens the recording in `dir` at `at` (ms since the epoch; undefined: its last sample).
 *  Throws a UserError for an unreadable dir, a foreign file, or a time outside it. */
export function openReplay(dir: string, at: number | undefined): ReplaySource {
  const rec = openRecording(dir);
  if (at !== undefined) {
    const first = rec.first();
    const last = rec.last();
    // a sample is due every interval: up to one interval after the last is still in it
    if (at < first || at > last + rec.interval()) throw new UserError(`--at ${localTime(at, false)} is outside the recording in ${dir} (${localTime(first, false)} … ${localTime(last, false)})`, 'usage');
  }
  if (!rec.seek(at ?? rec.last())) throw new UserError(`no sample in ${dir} can be read (every frame damaged?)`);
  return replaySource(rec);
}

function replaySource(rec: Recording): ReplaySource {
  const listeners = new Set<(s: Snapshot) => void>();
  let seq = 0;
  let snap: Snapshot | undefined;
  let events: readonly number[] = [];
  let complete = false;
  const build = () => {
    const m = rec.moment();
    if (m && m.run.length > 0) snap = snapshotOf(m.run, ++seq, rec.host(), m.namespaces, m.events);
    const e = rec.eventTimes();
    events = e.times;
    complete = e.complete;
  };
  const emit = () => {
    for (const l of listeners) l(snap!);
  };
  build();
  // the rest of the recording indexed a segment at a time, between keys: every event
  // then gets its mark on the time bar
  let timer: NodeJS.Timeout | undefined;
  const more = () => {
    timer = undefined;
    let n = 0;
    try {
      while (n < 4 && rec.indexOne()) n++;
    } catch {
      return;
    }
    const e = rec.eventTimes();
    events = e.times;
    complete = e.complete;
    if (snap) {
      snap = { ...snap };
      emit();
    }
    if (!complete) (timer = setTimeout(more, 20)).unref?.();
  };
  timer = setTimeout(more, 50);
  timer.unref?.();
  return {
    current: () => snap,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    setDemand: () => undefined,
    readOnly: { label: 'READ-ONLY', why: REPLAY_READ_ONLY },
    unavailable: NOT_RECORDED,
    noRefresh: REPLAY_STILL,
    move(m: ReplayMove): string {
      let said = '';
      if (m.kind === 'step') {
        if (!rec.step(m.dir)) return m.dir === 1 ? 'the end of the recording' : 'the start of the recording';
      } else if (m.kind === 'jump') {
        const target = Math.min(rec.last(), Math.max(rec.first(), (rec.at() ?? 0) + m.ms));
        if (m.ms > 0 && (rec.time() ?? 0) >= rec.last()) return 'the end of the recording';
        if (m.ms < 0 && (rec.time() ?? 0) <= rec.first()) return 'the start of the recording';
        rec.seek(target);
        said = `${m.ms > 0 ? '+' : '-'}${span(Math.abs(m.ms))}`;
      } else if (m.kind === 'event') {
        const t = rec.event(m.dir);
        if (t === undefined) return m.dir === 1 ? 'no later event in the recording' : 'no earlier event in the recording';
        said = `event at ${localTime(t)}`;
      } else if (!rec.seek(m.dir === 1 ? rec.last() : rec.first())) return 'nothing recorded';
      build();
      emit();
      return said;
    },
    place() {
      const time = rec.time();
      const at = rec.at();
      if (time === undefined || at === undefined) return undefined;
      const r = rec.resolutionMs();
      return { time, at, first: rec.first(), last: Math.max(rec.last(), time), events, complete, ...(r ? { resolutionMs: r } : {}), dir: rec.dir };
    },
    close() {
      if (timer) clearTimeout(timer);
      listeners.clear();
    },
  };
}
