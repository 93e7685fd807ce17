// A streaming tar reader: ustar/POSIX headers, GNU long names and links, pax extended
// headers. It only reads: every decision about what an entry may do on disk is the
// writer's (tree-writer.ts). It never buffers more than a header, one chunk of the input,
// or one extended header (capped at 1 MiB), so a hostile archive cannot make it hold much.
import { ByteSource } from './byte-source.js';
import { ImageError, quoteName, refused } from './errors.js';
import { BLOCK, corrupt, cstring, type Header, isZero, parseHeader, parsePax, paxNumber, text } from './tar-header.js';

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

/** Extended headers (pax, GNU long names) are held in memory whole: this much at most. */
const META_MAX = 1 << 20;

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
