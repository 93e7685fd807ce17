// A streaming tar reader: ustar/POSIX headers, GNU long names and links, pax extended
// headers. It only reads: every decision about what an entry may do on disk is the
// writer's (tree-writer.ts). It never buffers more than a header, one chunk of the input,
// or one extended header (capped at 1 MiB), so a hostile archive cannot make it hold much.
import { ImageError, quoteName, refused } from './errors.js';

export type TarKind = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

export type TarEntry = {
  /** as stored (pax path > GNU long name > ustar prefix/name), not normalised */
  name: string;
  kind: TarKind;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  /** bytes of data that follow the header */
  size: number;
  /** seconds since the epoch, may have a fraction (pax) */
  mtime: number;
  /** symlink target or hard link target, as stored */
  linkname: string;
  /** byte offset of the entry's first header (an extended header if it has one) */
  offset: number;
  /** the entry had pax xattr records (SCHILY.xattr.*), which are not applied */
  xattrs: boolean;
};

const BLOCK = 512;
/** Extended headers (pax, GNU long names) are held in memory whole: this much at most. */
const META_MAX = 1 << 20;

/** Pulls exact byte counts out of a stream of chunks of any size. */
class ByteSource {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  /** bytes consumed so far */
  position = 0;

  constructor(private readonly it: AsyncIterator<Buffer>) {}

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.ended) {
      const r = await this.it.next();
      if (r.done) this.ended = true;
      else if (r.value.length > 0) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
  }

  /** Exactly n bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    return this.take(Math.min(n, this.buffered));
  }

  /** 1 to max bytes (no copy: a slice of one chunk), or none at the end of the stream. */
  async some(max: number): Promise<Buffer> {
    if (this.buffered === 0) await this.fill(1);
    return this.take(Math.min(max, this.chunks[0]?.length ?? 0));
  }

  /** Skips n bytes; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const b = await this.some(Math.min(left, 1 << 20));
      if (b.length === 0) break;
      left -= b.length;
    }
    return n - left;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (n === 0 || first === undefined) out = Buffer.alloc(0);
    else if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const parts: Buffer[] = [];
      for (let left = n; left > 0; ) {
        const c = this.chunks[0]!;
        if (c.length <= left) {
          parts.push(c);
          this.chunks.shift();
          left -= c.length;
        } else {
          parts.push(c.subarray(0, left));
          this.chunks[0] = c.subarray(left);
          left = 0;
        }
      }
      out = Buffer.concat(parts, n);
    }
    this.buffered -= out.length;
    this.position += out.length;
    return out;
  }
}

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

type Header = { name: Buffer; typeflag: string; mode: number; uid: number; gid: number; size: number; mtime: number; linkname: Buffer };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** A name field's bytes as text; a name that is not UTF-8 is refused (it could not be written as given). */
function text(bytes: Buffer, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw refused(lossy.decode(bytes), `the ${what} is not valid UTF-8`);
  }
}

/** The bytes of a NUL-terminated field (all of it when it has no NUL). */
function cstring(b: Buffer, off: number, len: number): Buffer {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
}

const corrupt = (at: number, why: string): ImageError => new ImageError(`corrupt tar header at byte ${at}: ${why}`);

/** A numeric field: octal digits ("0000644 \0"), or GNU/star base-256 when the first byte has its top bit set. */
function num(b: Buffer, off: number, len: number, field: string, at: number): number {
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

function checksumOk(b: Buffer, at: number): boolean {
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

function parseHeader(b: Buffer, at: number): Header {
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
function parsePax(buf: Buffer, at: number, into: Map<string, Buffer>): void {
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

function paxNumber(pax: Map<string, Buffer>, key: string, at: number, fraction = false): number | undefined {
  const v = pax.get(key)?.toString('latin1');
  if (v === undefined) return undefined;
  const ok = fraction ? /^-?[0-9]{1,16}(\.[0-9]{1,9})?$/.test(v) : /^[0-9]{1,16}$/.test(v);
  const n = Number(v);
  if (!ok || !Number.isFinite(n) || (!fraction && !Number.isSafeInteger(n))) throw new ImageError(`corrupt pax header at byte ${at}: bad ${key} "${v.slice(0, 24)}"`);
  return n;
}

const isZero = (b: Buffer): boolean => b.every((c) => c === 0);

export class TarReader {
  private readonly it: AsyncIterator<Buffer>;
  private readonly src: ByteSource;
  private left = 0;
  private pad = 0;
  private current: TarEntry | undefined;
  private done = false;
  /** bytes of extended headers read for the coming entry */
  private metaBytes = 0;
  /** things worth telling that did not stop the reading */
  readonly warnings: string[] = [];

  constructor(chunks: AsyncIterable<Buffer>) {
    this.it = chunks[Symbol.asyncIterator]();
    this.src = new ByteSource(this.it);
  }

  private warn(message: string): void {
    // a hostile archive could have a million odd entries: the first few tell the story
    if (this.warnings.length < 20) this.warnings.push(message);
  }

  /** bytes of the (uncompressed) tar stream read so far */
  get position(): number {
    return this.src.position;
  }

  /** Stops the input (runs its cleanup: closes files, ends a decompressor). */
  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }

  private truncated(): ImageError {
    const where = this.current ? `inside ${quoteName(this.current.name)}` : 'inside a header';
    return new ImageError(`truncated archive: it ends ${where} (at byte ${this.src.position})`);
  }

  /** The data of the current entry, in chunks; what is not read is skipped by next(). */
  async *body(): AsyncGenerator<Buffer> {
    while (this.left > 0) {
      const b = await this.src.some(Math.min(this.left, 1 << 20));
      if (b.length === 0) throw this.truncated();
      this.left -= b.length;
      yield b;
    }
  }

  private async skipRest(): Promise<void> {
    const n = this.left + this.pad;
    if (n > 0 && (await this.src.skip(n)) < n) throw this.truncated();
    this.left = 0;
    this.pad = 0;
  }

  /** The data of an extended header, whole; an entry's extended headers hold META_MAX bytes together at most. */
  private async meta(h: Header, what: string, at: number): Promise<Buffer> {
    this.metaBytes += h.size;
    if (this.metaBytes > META_MAX) throw new ImageError(`${what} at byte ${at}: the extended headers of one entry are larger than 1 MiB`);
    const data = await this.src.read(h.size);
    const pad = (BLOCK - (h.size % BLOCK)) % BLOCK;
    if (data.length < h.size || (await this.src.skip(pad)) < pad) throw new ImageError(`truncated archive: it ends inside the ${what} at byte ${at}`);
    return data;
  }

  /** The next entry, or undefined at the end of the archive. */
  async next(): Promise<TarEntry | undefined> {
    if (this.done) return undefined;
    await this.skipRest();
    this.current = undefined;
    this.metaBytes = 0;
    const pax = new Map<string, Buffer>();
    let longName: Buffer | undefined;
    let longLink: Buffer | undefined;
    let first: number | undefined; // offset of the entry's first (extended) header
    for (;;) {
      const at = this.src.position;
      const block = await this.src.read(BLOCK);
      if (block.length < BLOCK) {
        if (at === 0) throw new ImageError(block.length === 0 ? 'not a tar archive (it is empty)' : `not a tar archive (${block.length} bytes)`);
        if (block.length > 0) throw new ImageError(`truncated archive: it ends inside the header at byte ${at}`);
        if (first !== undefined) throw new ImageError(`truncated archive: it ends after the extended header at byte ${first}`);
        // the end without the two zero blocks: GNU tar accepts that too
        this.done = true;
        return undefined;
      }
      if (isZero(block)) {
        if (first !== undefined) throw new ImageError(`corrupt archive: the extended header at byte ${first} is followed by the end`);
        // the end is two zero blocks; like tar, one zero block followed by more data stops there too
        const second = await this.src.read(BLOCK);
        // a zero sector and then data is a disk image or the like, not an empty archive
        if (at === 0 && second.length > 0 && !isZero(second)) throw new ImageError('not a tar archive (it starts with a zero block followed by data)');
        if (second.length === BLOCK && !isZero(second)) this.warn(`a lone zero block at byte ${at}: the archive was read up to there`);
        this.done = true;
        return undefined;
      }
      const h = parseHeader(block, at);
      switch (h.typeflag) {
        case 'x': // pax: for the next entry
          first ??= at;
          parsePax(await this.meta(h, 'pax header', at), at, pax);
          continue;
        case 'g': // pax global: checked, then ignored (git archive puts its commit id here)
          parsePax(await this.meta(h, 'pax global header', at), at, new Map());
          this.metaBytes -= h.size; // held only while parsed
          continue;
        case 'L': // GNU: the next entry's name, NUL-terminated
          first ??= at;
          longName = cstring(await this.meta(h, 'GNU long name', at), 0, META_MAX);
          continue;
        case 'K': // GNU: the next entry's link target
          first ??= at;
          longLink = cstring(await this.meta(h, 'GNU long link name', at), 0, META_MAX);
          continue;
        case 'V': // GNU volume label: not a file
          this.left = h.size;
          this.pad = (BLOCK - (h.size % BLOCK)) % BLOCK;
          await this.skipRest();
          continue;
      }
      first ??= at;
      const name = text(pax.get('path') ?? longName ?? h.name, 'name');
      const linkname = text(pax.get('linkpath') ?? longLink ?? h.linkname, 'link target');
      if ([...pax.keys()].some((k) => k.startsWith('GNU.sparse.'))) throw refused(name, 'sparse files (GNU.sparse) are not supported');
      const size = paxNumber(pax, 'size', first) ?? h.size;
      if (size < 0) throw corrupt(at, 'negative size');
      const entry: TarEntry = {
        name,
        kind: this.kind(h.typeflag, name),
        typeflag: h.typeflag,
        mode: h.mode & 0o7777, // some writers include the S_IFMT type bits
        uid: paxNumber(pax, 'uid', first) ?? h.uid,
        gid: paxNumber(pax, 'gid', first) ?? h.gid,
        size,
        mtime: paxNumber(pax, 'mtime', first, true) ?? h.mtime,
        linkname,
        offset: first,
        xattrs: [...pax.keys()].some((k) => k.startsWith('SCHILY.xattr.') || k.startsWith('LIBARCHIVE.xattr.')),
      };
      this.current = entry;
      this.left = size;
      this.pad = (BLOCK - (size % BLOCK)) % BLOCK;
      return entry;
    }
  }

  private kind(typeflag: string, name: string): TarKind {
    switch (typeflag) {
      case '0':
      case '\0':
      case '7': // contiguous file: a regular file everywhere that matters
        // pre-POSIX tars marked directories only by a trailing slash
        return name.endsWith('/') ? 'dir' : 'file';
      case '1':
        return 'hardlink';
      case '2':
        return 'symlink';
      case '3':
        return 'char';
      case '4':
        return 'block';
      case '5':
      case 'D': // GNU dumpdir: a directory whose data lists its contents (skipped)
        return 'dir';
      case '6':
        return 'fifo';
      case 'S':
        throw refused(name, 'sparse files (GNU type S) are not supported');
      case 'M':
        throw refused(name, 'multi-volume archives are not supported');
      default:
        // POSIX: "If a typeflag is not recognized, the file shall be extracted as a regular file"
        this.warn(`${quoteName(name)}: unknown entry type ${JSON.stringify(typeflag)}, unpacked as a regular file`);
        return 'file';
    }
  }
}
