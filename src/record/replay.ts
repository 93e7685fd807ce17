// Moving through a recording for the replay: segments are indexed when first needed
// (seek-index.ts), a sample is decoded from its keyframe (at most KEY_EVERY frames), and
// the rest of the recording is indexed in the background so the time bar can mark every
// event. A segment the recorder is still writing is indexed further when the replay
// reaches its end; one rewritten by downsampling or deleted by retention is indexed anew.
import { statSync } from 'node:fs';
import { UserError } from '../host/errors.js';
import { listSegments, type Segment } from './segments.js';
import { createSampleDecoder, type DecodedSample, type SampleFrame } from './sample-codec.js';
import { extendIndex, newIndex, payloadAt, readRange, sampleAtOrBefore, type SegmentIndex } from './seek-index.js';
import { nsKey, type EventFrame, type NamespaceEntry, type NamespacesFrame } from './records.js';

/** where the replay stands: a sample of a segment, and the moment looked at (the
 *  sample's time, or an event's between two samples) */
type Pos = { s: number; j: number; at: number };

/** how many events the event log is handed (it shows the last few) */
const EVENTS = 50;

export type Recording = ReturnType<typeof openRecording>;

export function openRecording(dir: string) {
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no recording in ${dir} (start one with nstop record --dir ${dir})` : `cannot read ${dir}: ${code}`);
  }
  if (!st.isDirectory()) throw new UserError(`${dir}: not a recording directory (nstop record --dir makes one)`);
  let segs: Segment[] = listSegments(dir);
  if (segs.length === 0) throw new UserError(`no recording in ${dir} (start one with nstop record --dir ${dir})`);
  let ixs: (SegmentIndex | undefined)[] = segs.map(() => undefined);

  /** the segment list again: new segments came, old ones went or were rewritten */
  let pos: Pos | undefined;
  /** the shown segment was deleted (retention): the replay goes on from the oldest left */
  let lost = false;

  function relist(): void {
    const old = new Map(ixs.filter((x): x is SegmentIndex => x !== undefined).map((x) => [x.seg.path, x]));
    const shown = pos ? segs[pos.s]?.path : undefined;
    segs = listSegments(dir);
    if (segs.length === 0) throw new UserError(`no recording left in ${dir}`);
    ixs = segs.map((seg) => {
      const x = old.get(seg.path);
      if (x) x.seg = seg;
      return x;
    });
    // older segments deleted shift the rest: pos follows its segment by name
    if (pos) {
      const k = segs.findIndex((x) => x.path === shown);
      if (k >= 0) pos = { ...pos, s: k };
      else {
        pos = undefined;
        lost = true;
      }
    }
  }

  /** where the replay stands, found again if its segment went */
  function here(): Pos | undefined {
    if (!pos && lost) {
      lost = false;
      pos = locate(segs[0]!.start);
    }
    return pos;
  }

  function index(s: number): SegmentIndex {
    let ix = ixs[s];
    if (!ix) ix = ixs[s] = newIndex(segs[s]!);
    if (!extendIndex(ix)) {
      // rewritten (downsampled) or deleted: index it anew from a fresh listing
      const path = ix.seg.path;
      ixs[s] = undefined;
      relist();
      const again = segs.findIndex((x) => x.path === path);
      if (again === -1) return newIndex({ path, start: ix.seg.start, bytes: 0 });
      const fresh = (ixs[again] = newIndex(segs[again]!));
      extendIndex(fresh);
      // the shown sample's place in the rewritten file: by its time
      if (pos?.s === again) pos = { s: again, j: Math.max(0, sampleAtOrBefore(fresh, pos.at)), at: pos.at };
      return fresh;
    }
    return ix;
  }

  const timeOf = (ix: SegmentIndex, j: number) => ix.entries[ix.samples[j]!]!.t;

  /** the last sample at or before t; the first one when t is before the recording */
  function locate(t: number): Pos | undefined {
    let s = segs.length - 1;
    while (s > 0 && segs[s]!.start > t) s--;
    for (let k = s; k >= 0; k--) {
      const ix = index(k);
      const j = sampleAtOrBefore(ix, t);
      if (j >= 0) return { s: k, j, at: t };
    }
    for (let k = s + 1; k < segs.length; k++) if (index(k).samples.length > 0) return { s: k, j: 0, at: timeOf(ixs[k]!, 0) };
    return undefined;
  }

  function lastPos(): Pos | undefined {
    for (let k = segs.length - 1; k >= 0; k--) {
      const ix = index(k);
      if (ix.samples.length > 0) return { s: k, j: ix.samples.length - 1, at: timeOf(ix, ix.samples.length - 1) };
    }
    return undefined;
  }

  const firstTime = () => segs[0]!.start;
  const lastTime = () => {
    const p = lastPos();
    return p ? timeOf(ixs[p.s]!, p.j) : firstTime();
  };
  const interval = () => index(segs.length - 1).head?.interval ?? 5000;

  // the last keyframe run decoded, kept: a step on decodes one frame, a step back none
  let kept: { ix: SegmentIndex; from: number; last: number; dec: ReturnType<typeof createSampleDecoder>; got: Map<number, DecodedSample> } | undefined;

  /** the decoded samples from the keyframe of the sample before pos to pos */
  function run(p: Pos): DecodedSample[] {
    const ix = ixs[p.s]!;
    const from = ix.keyOf[Math.max(0, p.j - 1)]!;
    const to = ix.samples[p.j]!;
    if (!kept || kept.ix !== ix || kept.from !== from) kept = { ix, from, last: from - 1, dec: createSampleDecoder(ix.head!.fields), got: new Map() };
    if (kept.last < to) {
      const start = kept.last + 1;
      const buf = readRange(ix, ix.entries[start]!.off, ix.entries[to]!.end);
      if (!buf) return [];
      for (let e = start; e <= to; e++) {
        const entry = ix.entries[e]!;
        if (entry.kind !== 's') continue;
        const s = kept.dec.decode(payloadAt(buf, ix.entries[start]!.off, entry) as SampleFrame);
        if (s) kept.got.set(e, s);
      }
      kept.last = to;
    }
    const out: DecodedSample[] = [];
    for (const [e, s] of kept.got) if (e >= from && e <= to) out.push(s);
    return out;
  }

  // the list last rebuilt: it changes far less often than a sample
  let nsKept: { ix: SegmentIndex; last: number; list: NamespaceEntry[] } | undefined;

  /** the Namespaces list as of the sample at p (written just after its sample frame) */
  function namespaces(p: Pos): NamespaceEntry[] | undefined {
    const ix = ixs[p.s]!;
    let last = -1;
    for (let e = ix.samples[p.j]! + 1; e < ix.entries.length && ix.entries[e]!.kind !== 's'; e++) if (ix.entries[e]!.kind === 'n') last = e;
    for (let e = ix.samples[p.j]!; last === -1 && e >= 0; e--) if (ix.entries[e]!.kind === 'n') last = e;
    if (last === -1) return undefined;
    if (nsKept?.ix === ix && nsKept.last === last) return nsKept.list;
    let full = last;
    while (full >= 0 && !(ix.entries[full]!.kind === 'n' && ix.entries[full]!.full)) full--;
    if (full < 0) return undefined;
    const buf = readRange(ix, ix.entries[full]!.off, ix.entries[last]!.end);
    if (!buf) return undefined;
    const list = new Map<string, NamespaceEntry>();
    for (let e = full; e <= last; e++) {
      const entry = ix.entries[e]!;
      if (entry.kind === 'x') return undefined;
      if (entry.kind !== 'n') continue;
      const n = payloadAt(buf, ix.entries[full]!.off, entry) as NamespacesFrame;
      for (const k of n.gone ?? []) list.delete(k);
      for (const r of n.rows) list.set(nsKey(r), r);
    }
    nsKept = { ix, last, list: [...list.values()] };
    return nsKept.list;
  }

  const events = new Map<string, EventFrame>();

  /** the last EVENTS events at or before t (older segments, mostly downsampled and small,
   *  are indexed on the way back only until that many are found) */
  function eventsUpTo(p: Pos): EventFrame[] {
    const out: EventFrame[] = [];
    for (let k = p.s; k >= 0 && out.length < EVENTS; k--) {
      const ix = index(k);
      for (let i = ix.events.length - 1; i >= 0 && out.length < EVENTS; i--) {
        const entry = ix.entries[ix.events[i]!]!;
        if (entry.t > p.at) continue;
        const id = `${ix.seg.path}:${ix.ino}:${entry.off}`;
        let ev = events.get(id);
        if (!ev) {
          const buf = readRange(ix, entry.off, entry.end);
          if (!buf) continue;
          ev = payloadAt(buf, entry.off, entry) as EventFrame;
          if (events.size >= 4 * EVENTS) events.clear();
          events.set(id, ev);
        }
        out.push(ev);
      }
    }
    return out.reverse();
  }

  /** the first event after t (dir 1) or the last before it (dir -1), indexing on the way */
  function eventFrom(t: number, dir: 1 | -1): number | undefined {
    let s = segs.length - 1;
    while (s > 0 && segs[s]!.start > t) s--;
    for (let k = s; k >= 0 && k < segs.length; k += dir) {
      const ix = index(k);
      const times = ix.events.map((e) => ix.entries[e]!.t);
      const hit = dir === 1 ? times.find((x) => x > t) : times.reverse().find((x) => x < t);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  return {
    dir,
    host: () => index(segs.length - 1).head?.host ?? '',
    first: firstTime,
    last: lastTime,
    interval,
    /** one sample a minute: the shown segment was downsampled */
    resolutionMs: () => (pos ? (ixs[pos.s]?.head as { resolutionMs?: number } | undefined)?.resolutionMs : undefined),
    /** the moment looked at, and the shown sample's time */
    at: () => pos?.at,
    time: () => (pos ? timeOf(ixs[pos.s]!, pos.j) : undefined),
    /** show the last sample at or before t; false: nothing recorded there */
    seek(t: number): boolean {
      const p = locate(t);
      if (!p) return false;
      pos = p;
      return true;
    },
    /** one sample on (1) or back (-1); false at either end of the recording */
    step(dir: 1 | -1): boolean {
      if (!here()) return false;
      if (dir === 1 && pos!.s === segs.length - 1) relist();
      if (!here()) return false;
      // indexing further may find the file rewritten: pos is then placed anew
      index(pos!.s);
      if (!here()) return false;
      const p = pos!;
      const ix = ixs[p.s]!;
      if (p.j + dir >= 0 && p.j + dir < ix.samples.length) {
        pos = { s: p.s, j: p.j + dir, at: timeOf(ix, p.j + dir) };
        return true;
      }
      for (let k = p.s + dir; k >= 0 && k < segs.length; k += dir) {
        const next = index(k);
        if (next.samples.length === 0) continue;
        const j = dir === 1 ? 0 : next.samples.length - 1;
        pos = { s: k, j, at: timeOf(next, j) };
        return true;
      }
      return false;
    },
    /** the next event after the moment looked at (or the one before): its time */
    event(dir: 1 | -1): number | undefined {
      if (!here()) return undefined;
      if (dir === 1 && pos!.s === segs.length - 1) relist();
      if (!here()) return undefined;
      const t = eventFrom(pos!.at, dir);
      if (t === undefined) return undefined;
      const p = locate(t);
      if (p) pos = p;
      return t;
    },
    /** what the shown moment holds */
    moment(): { run: DecodedSample[]; namespaces: NamespaceEntry[] | undefined; events: EventFrame[] } | undefined {
      const p = here();
      if (!p) return undefined;
      return { run: run(p), namespaces: namespaces(p), events: eventsUpTo(p) };
    },
    /** every event time indexed so far, and whether every segment is indexed */
    eventTimes(): { times: number[]; complete: boolean } {
      const times: number[] = [];
      for (const ix of ixs) if (ix) for (const e of ix.events) times.push(ix.entries[e]!.t);
      return { times, complete: ixs.every((x) => x !== undefined) };
    },
    /** indexes one more segment not indexed yet (the background pass); false: none left */
    indexOne(): boolean {
      const k = ixs.findIndex((x) => x === undefined);
      if (k === -1) return false;
      index(k);
      return true;
    },
  };
}
