// One tar header block and the extended headers (pax records) that come before it, for
// the streaming reader in tar.ts.
import { ImageError, refused } from './errors.js';

/** tar's block: headers and data padding come in these */
export const BLOCK = 512;

// The header block, from GNU tar's tar.h:
//   struct posix_header
//   {                              /* byte offset */
//     char name[100];               /*   0 */
//     char mode[8];                 /* 100 */
//     char uid[8];                  /* 108 */
//     char gid[8];                  /* 116 */
//     char size[12];                /* 124 */
//     char mtime[12];               /* 136 */
//     char chksum[8];               /* 148 */
//     char typeflag;                /* 156 */
//     char linkname[100];           /* 157 */
//     char magic[6];                /* 257 */
//     char version[2];              /* 263 */
//     char uname[32];               /* 265 */
//     char gname[32];               /* 297 */
//     char devmajor[8];             /* 329 */
//     char devminor[8];             /* 337 */
//     char prefix[155];             /* 345 */
//                                   /* 500 */
//   };
// Old GNU archives have the magic "ustar  \0" and keep atime/ctime where prefix would be,
// so prefix counts only under the POSIX magic "ustar\0".

export type Header = { name: Buffer; typeflag: string; mode: number; uid: number; gid: number; size: number; mtime: number; linkname: Buffer };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** A name field's bytes as text; a name that is not UTF-8 is refused (it could not be written as given). */
export function text(bytes: Buffer, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw refused(lossy.decode(bytes), `the ${what} is not valid UTF-8`);
  }
}

/** The bytes of a NUL-terminated field (all of it when it has no NUL). */
export function cstring(b: Buffer, off: number, len: number): Buffer {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
}

export const corrupt = (at: number, why: string): ImageError => new ImageError(`corrupt tar header at byte ${at}: ${why}`);

/** A numeric field: octal digits ("0000644 \0"), or GNU/star base-256 when the first byte has its top bit set. */
export function num(b: Buffer, off: number, len: number, field: string, at: number): number {
  const first = b[off]!;
  if (first & 0x80) {
    // big-endian binary over the whole field; 0x80 marks positive, 0xff a two's complement negative
    let v = 0n;
    for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(b[off + i]!);
    v = first === 0xff ? v - (1n << BigInt(len * 8)) : v - (0x80n << BigInt((len - 1) * 8));
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(at, `${field} out of range`);
    return Number(v);
  }
  const end = off + len;
  let i = off;
  while (i < end && b[i] === 0x20) i++;
  let v = 0;
  while (i < end && b[i]! >= 0x30 && b[i]! <= 0x37) v = v * 8 + (b[i++]! - 0x30);
  // the digits end with a space or a NUL (or fill the field); what follows the terminator is not read
  if (i < end && b[i] !== 0 && b[i] !== 0x20) throw corrupt(at, `bad ${field} field`);
  return v;
}

export function checksumOk(b: Buffer, at: number): boolean {
  // chksum is the sum of the header's bytes with the chksum field itself counted as 8
  // spaces; some old tars summed signed chars, so both sums are accepted.
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : b[i]!;
    unsigned += c;
    signed += c >= 0x80 ? c - 0x100 : c;
  }
  let stored: number;
  try {
    stored = num(b, 148, 8, 'checksum', at);
  } catch {
    return false;
  }
  return stored === unsigned || stored === signed;
}

export function parseHeader(b: Buffer, at: number): Header {
  if (!checksumOk(b, at)) throw at === 0 ? new ImageError('not a tar archive (its first header has a bad checksum)') : corrupt(at, 'bad checksum');
  const posix = b.toString('latin1', 257, 263) === 'ustar\0';
  const name = cstring(b, 0, 100);
  const prefix = posix ? cstring(b, 345, 155) : Buffer.alloc(0);
  return {
    name: prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), name]) : name,
    typeflag: String.fromCharCode(b[156]!),
    mode: num(b, 100, 8, 'mode', at),
    uid: num(b, 108, 8, 'uid', at),
    gid: num(b, 116, 8, 'gid', at),
    size: num(b, 124, 12, 'size', at),
    mtime: num(b, 136, 12, 'mtime', at),
    linkname: cstring(b, 157, 100),
  };
}

/**
 * pax extended header records, from POSIX pax "Extended Header Format":
 *   "%d %s=%s\n", <length>, <keyword>, <value>
 * where length counts the whole record, its own digits and the newline included.
 * An empty value unsets the keyword.
 */
export function parsePax(buf: Buffer, at: number, into: Map<string, Buffer>): void {
  const bad = (why: string): ImageError => new ImageError(`corrupt pax header at byte ${at}: ${why}`);
  let i = 0;
  while (i < buf.length) {
    if (buf.subarray(i).every((c) => c === 0)) break; // NUL padding some writers add
    const sp = buf.indexOf(0x20, i);
    if (sp < 0 || sp - i > 16) throw bad('no record length');
    const digits = buf.toString('latin1', i, sp);
    if (!/^[1-9][0-9]*$/.test(digits)) throw bad(`bad record length "${digits.slice(0, 16)}"`);
    const len = Number(digits);
    if (i + len > buf.length || len < sp - i + 3) throw bad(`record length ${len} does not fit`);
    const end = i + len;
    if (buf[end - 1] !== 0x0a) throw bad('a record does not end with a newline');
    const eq = buf.indexOf(0x3d, sp + 1);
    if (eq < 0 || eq >= end - 1 || eq === sp + 1) throw bad('a record has no keyword');
    const key = buf.toString('utf8', sp + 1, eq);
    const value = buf.subarray(eq + 1, end - 1);
    if (value.length === 0) into.delete(key);
    else into.set(key, value);
    i = end;
  }
}

export function paxNumber(pax: Map<string, Buffer>, key: string, at: number, fraction = false): number | undefined {
  const v = pax.get(key)?.toString('latin1');
  if (v === undefined) return undefined;
  const ok = fraction ? /^-?[0-9]{1,16}(\.[0-9]{1,9})?$/.test(v) : /^[0-9]{1,16}$/.test(v);
  const n = Number(v);
  if (!ok || !Number.isFinite(n) || (!fraction && !Number.isSafeInteger(n))) throw new ImageError(`corrupt pax header at byte ${at}: bad ${key} "${v.slice(0, 24)}"`);
  return n;
}

export const isZero = (b: Buffer): boolean => b.every((c) => c === 0);
