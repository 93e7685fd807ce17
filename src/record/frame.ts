// One frame of a recording segment: a 14-byte header, then a deflated JSON payload.
//   0  4  magic "NSRF"
//   4  1  format version (FORMAT_VERSION)
//   5  1  reserved (0)
//   6  4  payload length, uint32 LE
//  10  4  CRC-32 of the payload, uint32 LE
// The payload is JSON with field names (never raw structs): a newer nstop reads older
// frames by name, and a frame of a newer format is refused in one line. A frame cut short
// (SIGKILL or a full disk mid-write) or with a bad CRC is found and skipped by the reader;
// the magic lets it find the next frame after a damaged length.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { UserError } from '../host/errors.js';
import { crc32 } from './crc32.js';

export const MAGIC = Buffer.from('NSRF', 'latin1');
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 14;
/** no frame is this large (a keyframe of 5,000 containers is ~1 MB before deflate) */
const MAX_PAYLOAD = 64 * 1024 * 1024;

export function encodeFrame(payload: unknown): Buffer {
  const body = deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8'), { level: 9, memLevel: 9 });
  const head = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(head, 0);
  head[4] = FORMAT_VERSION;
  head.writeUInt32LE(body.length, 6);
  head.writeUInt32LE(crc32(body), 10);
  return Buffer.concat([head, body]);
}

/** A segment (or a file in its place) made by a newer nstop: nothing of it can be trusted. */
export class NewerFormatError extends UserError {
  constructor(file: string, version: number) {
    super(`${file}: recorded by a newer nstop (format ${version}; this one reads up to ${FORMAT_VERSION})`);
  }
}

/** where a damaged frame was skipped, among the payloads: deltas after it cannot be
 *  trusted until the next keyframe */
export const DAMAGED = Object.freeze({ k: 'damaged' });

export type ScanResult = {
  /** intact payloads in order, DAMAGED where a frame was skipped */
  payloads: unknown[];
  /** damaged frames skipped in the middle (bad CRC, bad length, undecodable) */
  damaged: number;
  /** bytes at the end that are not a whole frame: the write a crash cut short */
  tornTail: number;
};

function isMagic(buf: Buffer, at: number): boolean {
  return buf[at] === 0x4e && buf[at + 1] === 0x53 && buf[at + 2] === 0x52 && buf[at + 3] === 0x46;
}

/** Where the frame at `at` ends, or undefined when no whole frame starts there (no
 *  magic, a header or payload cut short, a length past any frame's). */
export function frameEnd(buf: Buffer, at: number, file: string): number | undefined {
  if (buf.length - at < HEADER_BYTES || !isMagic(buf, at)) return undefined;
  const version = buf[at + 4]!;
  if (version > FORMAT_VERSION) throw new NewerFormatError(file, version);
  const len = buf.readUInt32LE(at + 6);
  const end = at + HEADER_BYTES + len;
  return len > MAX_PAYLOAD || end > buf.length ? undefined : end;
}

/** Every intact frame of a segment's bytes, in order. A damaged frame in the middle is
 *  skipped (its successor found by its magic); the bytes after the last whole frame are
 *  a torn write and only counted. */
export function scanFrames(buf: Buffer, file: string): ScanResult {
  const payloads: unknown[] = [];
  let damaged = 0;
  let at = 0;
  const damage = () => {
    damaged++;
    payloads.push(DAMAGED);
  };
  while (at < buf.length) {
    const end = frameEnd(buf, at, file);
    if (end === undefined) {
      // a torn tail, or a damaged header or length: a later magic means the latter
      const next = buf.indexOf(MAGIC, at + 1);
      if (next === -1) break;
      damage();
      at = next;
      continue;
    }
    if (crc32(buf, at + HEADER_BYTES, end) !== buf.readUInt32LE(at + 10)) {
      damage();
      const next = buf.indexOf(MAGIC, at + 1);
      if (next === -1) return { payloads, damaged, tornTail: 0 };
      at = next;
      continue;
    }
    try {
      payloads.push(JSON.parse(inflateRawSync(buf.subarray(at + HEADER_BYTES, end)).toString('utf8')));
    } catch {
      damage();
    }
    at = end;
  }
  return { payloads, damaged, tornTail: buf.length - at };
}
