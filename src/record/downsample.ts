// Older data at a lower resolution: a segment that ended more than an hour ago is
// rewritten with one sample a minute (the first of each minute), its events and
// Namespaces lists kept exactly. The new file is written beside it and renamed over it
// (atomic: a reader sees the old segment or the new one), and its head says so, so it
// is never rewritten twice.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DAMAGED, encodeFrame } from './frame.js';
import { createSampleDecoder, createSampleEncoder, type SampleFrame } from './sample-codec.js';
import { listSegments, readSegment, type HeadFrame } from './segments.js';
import { rowOf } from './container-row.js';
import { COLUMNS } from './columns.js';

export const DOWNSAMPLE_AFTER_MS = 3_600_000;
export const DOWNSAMPLED_MS = 60_000;

/** Rewrites every segment but the one being written that ended before now - 1 h and is
 *  still at full resolution. Returns the paths rewritten. */
export function downsampleOld(dir: string, now: number, current?: string): string[] {
  // a rewrite a crash cut short: the segment it was made from is still there
  for (const name of readdirSync(dir)) if (name.endsWith('.nsr.downsampling')) unlinkSync(join(dir, name));
  const segs = listSegments(dir);
  const done: string[] = [];
  segs.forEach((seg, n) => {
    const end = segs[n + 1]?.start;
    if (seg.path === current || end === undefined || end > now - DOWNSAMPLE_AFTER_MS) return;
    const r = readSegment(seg);
    if (!r || (r.head as HeadFrame & { resolutionMs?: number }).resolutionMs) return;
    // only segments of this nstop's columns: an older one keeps its own resolution
    if (r.head.fields.length !== COLUMNS.length || r.head.fields.some(([name], i) => COLUMNS[i]!.name !== name)) return;
    const dec = createSampleDecoder(r.head.fields);
    const enc = createSampleEncoder();
    const tmp = `${seg.path}.downsampling`;
    const fd = openSync(tmp, 'w', 0o640);
    try {
      const put = (p: unknown) => {
        const buf = encodeFrame(p);
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      };
      put({ ...r.head, resolutionMs: DOWNSAMPLED_MS });
      let minute = -Infinity;
      for (const p of r.payloads) {
        if (p === DAMAGED) {
          dec.damaged();
          continue;
        }
        const f = p as { k: string; t: number };
        if (f.k !== 's') {
          put(f);
          continue;
        }
        const s = dec.decode(f as SampleFrame);
        if (!s || Math.floor(s.time / DOWNSAMPLED_MS) === minute) continue;
        minute = Math.floor(s.time / DOWNSAMPLED_MS);
        put(enc.encode(s.time, s.containers.map(rowOf)));
      }
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      unlinkSync(tmp);
      throw err;
    }
    closeSync(fd);
    renameSync(tmp, seg.path);
    done.push(seg.path);
  });
  return done;
}
