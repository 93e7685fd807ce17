// A recording directory: segment files `seg-<start ms>.nsr`, one per hour (and a new one
// at every start of the recorder, so a torn tail left by a crash is never written after).
// Each begins with a head frame saying what its columns are. Retention deletes whole
// segments, oldest first: older than --retain, or while the directory is over --max-size.
import { closeSync, fdatasyncSync, ftruncateSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../host/errors.js';
import { encodeFrame, FORMAT_VERSION, MAGIC, scanFrames, DAMAGED } from './frame.js';
import { FIELDS } from './sample-codec.js';

const NAME = /^seg-(\d{13})\.nsr$/;
export const SEGMENT_MS = 3_600_000;

export type Segment = { path: string; start: number; bytes: number };

export function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no recording in ${dir} (start one with nstop record --dir ${dir})` : `cannot read ${dir}: ${code}`);
  }
  return names
    .map((n) => NAME.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const path = join(dir, m[0]);
      return { path, start: Number(m[1]), bytes: statSync(path).size };
    })
    .sort((a, b) => a.start - b.start);
}

export type HeadFrame = { k: 'head'; format: number; started: number; host: string; interval: number; fields: (readonly [string, number])[] };

/** Appends frames to the current segment; a write that fails half-way (ENOSPC) is cut
 *  back off, so the file stays a sequence of whole frames and the next write can follow. */
export function createSegmentWriter(dir: string, info: { host: string; interval: number }) {
  let fd: number | undefined;
  let start = 0;
  let size = 0;
  const open = (t: number) => {
    if (fd !== undefined) closeSync(fd);
    start = t;
    // 'wx': a second segment of the same millisecond is refused, never appended to
    fd = openSync(join(dir, `seg-${String(t).padStart(13, '0')}.nsr`), 'wx', 0o640);
    size = 0;
    const head: HeadFrame = { k: 'head', format: FORMAT_VERSION, started: t, host: info.host, interval: info.interval, fields: [...FIELDS] };
    append(head, false);
  };
  const append = (payload: unknown, sync: boolean) => {
    const buf = encodeFrame(payload);
    try {
      let off = 0;
      while (off < buf.length) off += writeSync(fd!, buf, off, buf.length - off, size + off);
      if (sync) fdatasyncSync(fd!);
      size += buf.length;
    } catch (err) {
      try {
        ftruncateSync(fd!, size);
      } catch {
        /* the next scan skips the torn frame anyway */
      }
      throw err;
    }
  };
  return {
    /** true when this frame starts a new segment (the caller then writes a keyframe) */
    needsNewSegment(t: number): boolean {
      return fd === undefined || t - start >= SEGMENT_MS;
    },
    startSegment(t: number): void {
      open(t);
    },
    /** sync: fdatasync after it (a power cut, not only a crash, keeps what was written) */
    write(payload: unknown, sync = true): void {
      append(payload, sync);
    },
    close(): void {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** Deletes whole segments older than retainMs, then the oldest while over maxBytes; the
 *  one being written is never deleted. Returns the paths deleted. */
export function applyRetention(dir: string, retainMs: number, maxBytes: number, now: number, current?: string): string[] {
  const segs = listSegments(dir).filter((s) => s.path !== current);
  let total = listSegments(dir).reduce((n, s) => n + s.bytes, 0);
  const gone: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    // a segment ends where the next begins (or an hour after its start)
    const end = segs[i + 1]?.start ?? s.start + SEGMENT_MS;
    if (end < now - retainMs || total > maxBytes) {
      unlinkSync(s.path);
      total -= s.bytes;
      gone.push(s.path);
    }
  }
  return gone;
}

/** A segment's payloads in order (DAMAGED where a frame was skipped); one that is not a
 *  recording at all is refused in one line. */
export function readSegment(seg: Segment): { head: HeadFrame; payloads: unknown[]; damaged: number; tornTail: number } | undefined {
  const buf = readFileSync(seg.path);
  if (buf.length === 0) return undefined;
  if (buf.length >= 4 && !buf.subarray(0, 4).equals(MAGIC)) throw new UserError(`${seg.path}: not an nstop recording`);
  const scan = scanFrames(buf, seg.path);
  const first = scan.payloads[0] as HeadFrame | undefined;
  if (!first || (first as unknown) === DAMAGED || first.k !== 'head') return undefined;
  return { head: first, payloads: scan.payloads.slice(1), damaged: scan.damaged, tornTail: scan.tornTail };
}
