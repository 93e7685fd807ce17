// Reading a recording back: the samples, events and namespace lists between two times,
// in order, across segments, handed to callbacks as they are decoded (24 h of 200
// containers is millions of container-samples: never all in memory). Damage is counted
// and said, never fatal: an intact frame is never lost to a damaged one before it (only
// deltas wait for the next keyframe).
import { DAMAGED } from './frame.js';
import { createSampleDecoder, type DecodedSample, type SampleFrame } from './sample-codec.js';
import { listSegments, readSegment } from './segments.js';
import { nsKey, type EventFrame, type NamespaceEntry, type NamespacesFrame } from './records.js';

export type Visitor = {
  sample?(s: DecodedSample): void;
  event?(e: EventFrame): void;
  namespaces?(n: NamespacesFrame): void;
};

export type ReadSummary = {
  /** first and last time of anything read (undefined: nothing in range) */
  first?: number;
  last?: number;
  /** the whole recording's span, in range or not */
  recordedFrom?: number;
  damagedFrames: number;
  tornTails: number;
  segments: number;
};

export function readRecording(dir: string, from: number, to: number, visit: Visitor): ReadSummary {
  const segs = listSegments(dir);
  const out: ReadSummary = { damagedFrames: 0, tornTails: 0, segments: segs.length, ...(segs[0] ? { recordedFrom: segs[0].start } : {}) };
  const seen = (t: number) => {
    out.first = Math.min(out.first ?? t, t);
    out.last = Math.max(out.last ?? t, t);
  };
  segs.forEach((seg, n) => {
    const end = segs[n + 1]?.start ?? Infinity;
    if (end < from || seg.start > to) return;
    const r = readSegment(seg);
    if (!r) return;
    out.damagedFrames += r.damaged;
    if (r.tornTail > 0) out.tornTails++;
    const dec = createSampleDecoder(r.head.fields);
    // the Namespaces list as rebuilt from full lists and changes; undefined after damage
    // until the next full one
    let nsList: Map<string, NamespaceEntry> | undefined;
    for (const p of r.payloads) {
      if (p === DAMAGED) {
        dec.damaged();
        nsList = undefined;
        continue;
      }
      if ((p as { k: string }).k === 'n') {
        const n = p as NamespacesFrame;
        if (n.full) nsList = new Map();
        if (nsList) {
          for (const k of n.gone ?? []) nsList.delete(k);
          for (const e of n.rows) nsList.set(nsKey(e), e);
        }
        if (nsList && n.t >= from && n.t <= to) {
          seen(n.t);
          visit.namespaces?.({ k: 'n', t: n.t, rows: [...nsList.values()] });
        }
        continue;
      }
      const f = p as { k: string; t: number };
      if (f.k === 's') {
        // every sample frame is decoded (deltas build on each other), handed on in range
        if (!visit.sample) continue;
        const s = dec.decode(f as SampleFrame);
        if (s && s.time >= from && s.time <= to) {
          seen(s.time);
          visit.sample(s);
        }
      } else if (f.t >= from && f.t <= to) {
        if (f.k === 'e') visit.event?.(f as EventFrame);
        else continue;
        seen(f.t);
      }
    }
  });
  return out;
}
