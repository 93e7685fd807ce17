// A tiny tar writer for the unpacker's tests: ustar headers, GNU 'L'/'K' long names, pax
// 'x'/'g' headers, and the hostile entries real tar writers never make ("../x", device
// nodes, bad checksums, a declared size with no data behind it).
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

export type TarSpec = {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'link' | 'char' | 'block' | 'fifo' | 'contiguous';
  /** a raw typeflag, overriding type */
  typeflag?: string;
  data?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  /** seconds */
  mtime?: number;
  linkname?: string;
  /** records for a pax 'x' header before the entry */
  pax?: Record<string, string | Buffer>;
  /** the name goes into a GNU 'L' header (the ustar field gets its first 100 bytes) */
  gnuLongName?: boolean;
  /** the link target goes into a GNU 'K' header */
  gnuLongLink?: boolean;
  /** the ustar prefix field (the name field then holds the rest) */
  prefix?: string;
  /** the size field, when it should not be the data's length */
  size?: number;
  /** write the checksum wrong */
  badChecksum?: boolean;
};

const FLAGS: Record<NonNullable<TarSpec['type']>, string> = { file: '0', link: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6', contiguous: '7' };

function putString(b: Buffer, off: number, len: number, s: string | Buffer): void {
  const bytes = typeof s === 'string' ? Buffer.from(s) : s;
  if (bytes.length > len) throw new Error(`tar-writer: ${JSON.stringify(String(s).slice(0, 40))} does not fit ${len} bytes`);
  bytes.copy(b, off);
}

/** Octal with a NUL, or base-256 (0x80 then big-endian) when it does not fit. */
function putNumber(b: Buffer, off: number, len: number, n: number): void {
  const octal = n.toString(8);
  if (n >= 0 && octal.length <= len - 1) {
    putString(b, off, len, octal.padStart(len - 1, '0') + '\0');
    return;
  }
  let v = BigInt(n);
  if (v < 0n) v += 1n << BigInt(len * 8);
  for (let i = len - 1; i >= 0; i--) {
    b[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  b[off] = n < 0 ? 0xff : 0x80;
}

export function header(o: { name: string | Buffer; typeflag: string; size: number; mode?: number; uid?: number; gid?: number; mtime?: number; linkname?: string | Buffer; prefix?: string; badChecksum?: boolean }): Buffer {
  const b = Buffer.alloc(512);
  putString(b, 0, 100, o.name);
  putNumber(b, 100, 8, o.mode ?? 0o644);
  putNumber(b, 108, 8, o.uid ?? 0);
  putNumber(b, 116, 8, o.gid ?? 0);
  putNumber(b, 124, 12, o.size);
  putNumber(b, 136, 12, o.mtime ?? 1_600_000_000);
  b.write(o.typeflag, 156, 'latin1');
  putString(b, 157, 100, o.linkname ?? '');
  putString(b, 257, 8, 'ustar\u000000');
  putString(b, 265, 32, 'root');
  putString(b, 297, 32, 'root');
  if (o.prefix) putString(b, 345, 155, o.prefix);
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const c of b) sum += c;
  if (o.badChecksum) sum += 1;
  putString(b, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return b;
}

const pad = (data: Buffer): Buffer => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

/** pax records: "%d %s=%s\n", the length counting itself. */
export function paxRecords(records: Record<string, string | Buffer>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([k, v]) => {
      const body = Buffer.concat([Buffer.from(` ${k}=`), typeof v === 'string' ? Buffer.from(v) : v, Buffer.from('\n')]);
      let len = body.length + 1;
      while (String(len).length + body.length !== len) len = String(len).length + body.length;
      return Buffer.concat([Buffer.from(String(len)), body]);
    }),
  );
}

function meta(typeflag: string, data: Buffer): Buffer {
  return Buffer.concat([header({ name: '././@LongLink', typeflag, size: data.length }), pad(data)]);
}

/** One entry: its extended headers, header and padded data. */
export function entry(e: TarSpec): Buffer {
  const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
  const out: Buffer[] = [];
  if (e.pax) out.push(meta('x', paxRecords(e.pax)));
  let name: string | Buffer = e.name;
  if (e.gnuLongName) {
    out.push(meta('L', Buffer.concat([Buffer.from(e.name), Buffer.from([0])])));
    name = Buffer.from(e.name).subarray(0, 100);
  } else if (e.pax?.['path'] !== undefined && Buffer.byteLength(e.name) > 100) name = Buffer.from(e.name).subarray(0, 100);
  let linkname: string | Buffer = e.linkname ?? '';
  if (e.gnuLongLink) {
    out.push(meta('K', Buffer.concat([Buffer.from(linkname), Buffer.from([0])])));
    linkname = Buffer.from(linkname).subarray(0, 100);
  }
  out.push(
    header({
      name,
      typeflag: e.typeflag ?? FLAGS[e.type ?? 'file'],
      size: e.size ?? data.length,
      mode: e.mode ?? (e.type === 'dir' ? 0o755 : 0o644),
      ...(e.uid !== undefined ? { uid: e.uid } : {}),
      ...(e.gid !== undefined ? { gid: e.gid } : {}),
      ...(e.mtime !== undefined ? { mtime: e.mtime } : {}),
      linkname,
      ...(e.prefix !== undefined ? { prefix: e.prefix } : {}),
      ...(e.badChecksum ? { badChecksum: true } : {}),
    }),
  );
  out.push(pad(data));
  return Buffer.concat(out);
}

/** A pax extended header ('x') on its own: it applies to the next entry. */
export function paxHeader(records: Record<string, string | Buffer>): Buffer {
  return meta('x', paxRecords(records));
}

/** A pax global header ('g'). */
export function globalHeader(records: Record<string, string>): Buffer {
  return meta('g', paxRecords(records));
}

/** A whole archive; `end: false` leaves out the two zero blocks. */
export function tar(entries: (TarSpec | Buffer)[], opts: { end?: boolean } = {}): Buffer {
  const parts = entries.map((e) => (Buffer.isBuffer(e) ? e : entry(e)));
  if (opts.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const gzip = (b: Buffer): Buffer => gzipSync(b);

export function xz(b: Buffer): Buffer {
  const r = spawnSync('xz', ['-zc', '-0'], { input: b, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`xz failed: ${r.stderr}`);
  return r.stdout;
}
