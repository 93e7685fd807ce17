// A seek index of one segment, for replay: where each frame is, its kind and time, and
// which samples can be decoded from which keyframe. Built from the frames' first bytes
// only (a partial inflate of each payload shows `{"k":"s","t":…,"key":1`: JSON keeps the
// encoder's key order), so opening a replay at any time of a 24 h recording indexes one
// or two segments and decodes at most two keyframe runs, never the whole day. The index
// grows from where it stopped when the file grows (a recorder still writing it).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';
import { UserError } from '../host/errors.js';
import { crc32 } from './crc32.js';
import { frameEnd, HEADER_BYTES, MAGIC } from './frame.js';
import type { HeadFrame, Segment } from './segments.js';

/** kind: 's' sample, 'e' event, 'n' Namespaces list, 'head', 'x' damaged */
export type Entry = { off: number; end: number; kind: string; t: number; key: boolean; full: boolean };

export type SegmentIndex = {
  seg: Segment;
  /** the file indexed: a downsampling rewrite renames a new file over it */
  ino: number;
  head?: HeadFrame;
  entries: Entry[];
  /** bytes indexed so far */
  scanned: number;
  /** entry indexes of the samples that can be decoded, in time order, and of the
   *  keyframe each one is decoded from */
  samples: number[];
  keyOf: number[];
  /** entry indexes of events */
  events: number[];
  damaged: number;
  /** a keyframe was seen and no damaged frame since (deltas can be decoded) */
  valid: boolean;
};

const PREFIX = /^\{"k":"(\w+)"(?:,"t":(\d+))?(,"key":1|,"full":1)?/;

/** The kind and time of a frame from its payload's first bytes. */
function peek(body: Buffer): RegExpExecArray | null {
  for (const n of [256, 4096]) {
    let text: string;
    try {
      text = inflateRawSync(body.subarray(0, Math.min(body.length, n)), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1', 0, 64);
    } catch {
      return null;
    }
    const m = PREFIX.exec(text);
    if (m || n >= body.length) return m;
  }
  return null;
}

export function newIndex(seg: Segment): SegmentIndex {
  return { seg, ino: -1, entries: [], scanned: 0, samples: [], keyOf: [], events: [], damaged: 0, valid: false };
}

/** Reads `[from, to)` of a segment's file; undefined when the file is no longer the one
 *  indexed (renamed over by downsampling, or deleted by retention). */
export function readRange(ix: SegmentIndex, from: number, to: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(ix.seg.path, 'r');
  } catch {
    return undefined;
  }
  try {
    if (ix.ino !== -1 && fstatSync(fd).ino !== ix.ino) return undefined;
    const buf = Buffer.alloc(to - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Indexes what was appended to the segment since the last call. Returns false when the
 *  file was replaced or is gone (the caller indexes it anew). */
export function extendIndex(ix: SegmentIndex): boolean {
  let fd: number;
  try {
    fd = openSync(ix.seg.path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new UserError(`cannot read ${ix.seg.path}: ${(err as NodeJS.ErrnoException).code}`);
  }
  let buf: Buffer;
  try {
    const st = fstatSync(fd);
    if (ix.ino === -1) ix.ino = st.ino;
    else if (st.ino !== ix.ino) return false;
    if (st.size <= ix.scanned) return true;
    buf = Buffer.alloc(st.size - ix.scanned);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, ix.scanned + got);
      if (n === 0) break;
      got += n;
    }
    buf = buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
  if (ix.scanned === 0 && buf.length >= 4 && !buf.subarray(0, 4).equals(MAGIC)) throw new UserError(`${ix.seg.path}: not an nstop recording`);
  const base = ix.scanned;
  let at = 0;
  const damage = () => {
    ix.damaged++;
    ix.valid = false;
    ix.entries.push({ off: base + at, end: base + at, kind: 'x', t: 0, key: false, full: false });
  };
  while (at < buf.length) {
    const end = frameEnd(buf, at, ix.seg.path);
    if (end === undefined || crc32(buf, at + HEADER_BYTES, end) !== buf.readUInt32LE(at + 10)) {
      // a frame still being written (or torn) at the end waits for the next call;
      // a damaged one in the middle is skipped to the next magic, as read.ts does
      const next = buf.indexOf(MAGIC, at + 1);
      if (next === -1) break;
      damage();
      at = next;
      continue;
    }
    const m = peek(buf.subarray(at + HEADER_BYTES, end));
    if (!m) damage();
    else {
      const e: Entry = { off: base + at, end: base + end, kind: m[1]!, t: Number(m[2] ?? 0), key: m[3] === ',"key":1', full: m[3] === ',"full":1' };
      const i = ix.entries.length;
      ix.entries.push(e);
      if (e.kind === 'head' && i === 0) ix.head = JSON.parse(inflateRawSync(buf.subarray(at + HEADER_BYTES, end)).toString('utf8')) as HeadFrame;
      else if (e.kind === 's') {
        if (e.key) ix.valid = true;
        if (ix.valid && ix.head) {
          const key = e.key ? i : ix.keyOf[ix.keyOf.length - 1]!;
          ix.samples.push(i);
          ix.keyOf.push(key);
        }
      } else if (e.kind === 'e') ix.events.push(i);
    }
    at = end;
  }
  ix.scanned = base + at;
  return true;
}

/** The payload of an indexed frame, parsed; `buf` holds the file from `base` on. */
export function payloadAt(buf: Buffer, base: number, e: Entry): unknown {
  return JSON.parse(inflateRawSync(buf.subarray(e.off - base + HEADER_BYTES, e.end - base)).toString('utf8'));
}

/** The last decodable sample at or before t (-1: none), by binary search. */
export function sampleAtOrBefore(ix: SegmentIndex, t: number): number {
  let lo = 0;
  let hi = ix.samples.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ix.entries[ix.samples[mid]!]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
