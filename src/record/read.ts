// Reading a recording back: the samples, events and namespace lists between two times,
// in order, across segments. Damage is counted and said, never fatal: an intact frame
// is never lost to a damaged one before it (only deltas wait for the next keyframe).
import { DAMAGED } from './frame.js';
import { createSampleDecoder, type DecodedSample, type SampleFrame } from './sample-codec.js';
import { listSegments, readSegment } from './segments.js';
import type { EventFrame, NamespacesFrame } from './records.js';

export type Recording = {
  samples: DecodedSample[];
  events: EventFrame[];
  namespaces: NamespacesFrame[];
  /** first and last time of anything read (undefined: nothing in range) */
  first?: number;
  last?: number;
  damagedFrames: number;
  tornTails: number;
};

export function readRecording(dir: string, from = -Infinity, to = Infinity, want: { samples: boolean } = { samples: true }): Recording {
  const segs = listSegments(dir);
  const out: Recording = { samples: [], events: [], namespaces: [], damagedFrames: 0, tornTails: 0 };
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
    for (const p of r.payloads) {
      if (p === DAMAGED) {
        dec.damaged();
        continue;
      }
      const f = p as { k: string; t: number };
      if (f.k === 's') {
        // every frame is decoded (deltas build on each other), kept only in range
        if (!want.samples) continue;
        const s = dec.decode(f as SampleFrame);
        if (s && s.time >= from && s.time <= to) {
          out.samples.push(s);
          seen(s.time);
        }
      } else if (f.t >= from && f.t <= to) {
        if (f.k === 'e') out.events.push(f as EventFrame);
        else if (f.k === 'n') out.namespaces.push(f as NamespacesFrame);
        else continue;
        seen(f.t);
      }
    }
  });
  return out;
}
