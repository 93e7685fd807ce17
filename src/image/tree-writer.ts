// Writes an image tree under one directory for entries that come from an untrusted
// archive or directory. What keeps every write inside the root:
//  - names are normalised and ".." refused (entry-path.ts);
//  - before an entry is made, each parent component is lstat'ed and must be a real
//    directory (a symlinked parent is refused, never followed); parents found good are
//    remembered, which stays true because a directory is only ever removed when empty
//    and then forgotten;
//  - the entry's own name is cleared first (a non-directory is unlinked, as tar's later
//    entries win) and files are created with O_EXCL|O_NOFOLLOW, so nothing is ever
//    written into an inode that was already there (a symlink or a hard link);
//  - hard link targets must be regular files already inside the root.
// Directories are made 0700 and get their real mode, owner and times in finish(), so a
// read-only directory in the image does not block the entries that follow it.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  rmdirSync,
  type Stats,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { errorCode } from '../host/errors.js';
import { lstatOrNone, writeAll } from './io.js';
import { entryPath } from './entry-path.js';
import { errorLine, ImageError, quoteName, refused } from './errors.js';

export type Meta = { mode: number; uid: number; gid: number; /** seconds */ mtime: number };

export type WriterOptions = {
  maxEntries: number;
  maxBytes: number;
  /** what is unpacked, for the limit messages */
  what: 'archive' | 'directory';
  /** why maxBytes is what it is, for its message */
  maxBytesWhy: string;
  /** called after each entry and each chunk of file data (for progress) */
  tick?: () => void;
};

const MAX_WARNINGS = 20;
const FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const MAX_ID = 0xfffffffe; // (uid_t)-1 means "leave unchanged" to chown


export class TreeWriter {
  /** the destination, symlinks in it resolved once */
  readonly root: string;
  entries = 0;
  /** regular file bytes written */
  bytes = 0;
  readonly warnings: string[] = [];
  private warned = 0;
  /** relative paths known to be real directories ("" is the root) */
  private readonly dirs = new Set<string>(['']);
  /** directory metadata applied by finish() */
  private readonly pending = new Map<string, Meta>();
  private readonly asRoot = process.geteuid?.() === 0;
  private ownersLost = false;

  constructor(
    dest: string,
    private readonly opts: WriterOptions,
  ) {
    let st: Stats;
    try {
      this.root = realpathSync(dest);
      st = lstatSync(this.root);
    } catch (err) {
      throw new ImageError(`${dest}: ${errorLine(err)}`);
    }
    if (!st.isDirectory()) throw new ImageError(`${dest} is not a directory`);
    if (readdirSync(this.root).length > 0) throw new ImageError(`${dest} is not empty`);
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.warned++;
  }

  /** One more entry (an implicit parent directory counts too), within maxEntries. */
  count(): void {
    if (++this.entries > this.opts.maxEntries) throw new ImageError(`${this.opts.what} has more than ${this.opts.maxEntries} entries (limit: --max-files)`);
  }

  private tooBig(): ImageError {
    return new ImageError(`${this.opts.what} ${this.opts.what === 'archive' ? 'unpacks' : 'copies'} to more than ${this.opts.maxBytes} bytes (${this.opts.maxBytesWhy})`);
  }

  /** The entry's components under the root, or its refusal. */
  path(name: string): string[] {
    const p = entryPath(name);
    if (!Array.isArray(p)) throw refused(name, p.refused);
    return p;
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : `${this.root}/${rel}`;
  }

  /** Each parent of `parts` is a real directory under the root; missing ones are made (0755, as tar does) unless `make` is false. */
  private parents(name: string, parts: string[], make = true, what = ''): void {
    let rel = '';
    for (let i = 0; i < parts.length - 1; i++) {
      rel = i === 0 ? parts[0]! : `${rel}/${parts[i]!}`;
      if (this.dirs.has(rel)) continue;
      const st = lstatOrNone(this.abs(rel));
      if (st === undefined) {
        if (!make) throw refused(name, `${what}${quoteName(rel)} is not in the image`);
        // a directory the archive did not list counts as an entry: otherwise one entry
        // 256 levels deep could make 255 directories, and the entry limit would not hold
        this.count();
        mkdirSync(this.abs(rel), 0o755);
      } else if (st.isSymbolicLink()) throw refused(name, `${what}would ${make ? 'write' : 'go'} through the symlink ${quoteName(rel)}`);
      else if (!st.isDirectory()) throw refused(name, `${what}${quoteName(rel)} is not a directory`);
      this.dirs.add(rel);
    }
  }

  /**
   * Makes way for a new entry: a non-directory of that name goes (later entries win, as
   * in tar), and so does an empty directory unless the new entry is a directory too.
   * Returns whether a directory is (still) there.
   */
  private clear(name: string, parts: string[], forDir: boolean): boolean {
    const rel = parts.join('/');
    const st = lstatOrNone(this.abs(rel));
    if (st === undefined) return false;
    if (!st.isDirectory()) {
      unlinkSync(this.abs(rel));
      return false;
    }
    if (forDir) return true;
    if (rel === '') throw refused(name, 'only a directory can be the image root');
    try {
      rmdirSync(this.abs(rel));
    } catch (err) {
      if (errorCode(err) === 'ENOTEMPTY' || errorCode(err) === 'EEXIST') throw refused(name, 'a directory of that name is already there and not empty');
      throw err;
    }
    this.dirs.delete(rel);
    this.pending.delete(rel);
    return false;
  }

  private checkOwner(name: string, meta: Meta): void {
    const ok = (id: number): boolean => Number.isInteger(id) && id >= 0 && id <= MAX_ID;
    if (!ok(meta.uid) || !ok(meta.gid)) throw refused(name, `owner ${meta.uid}:${meta.gid} is out of range`);
    if (!this.asRoot && (meta.uid !== process.geteuid?.() || meta.gid !== process.getegid?.())) this.ownersLost = true;
  }

  /** Runs an fs step for an entry; a failed system call becomes a one-line ImageError naming it. */
  private step<T>(name: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof ImageError) throw err;
      throw new ImageError(`cannot unpack ${quoteName(name)}: ${errorLine(err)}`);
    }
  }

  dir(name: string, parts: string[], meta: Meta): void {
    this.step(name, () => {
      this.checkOwner(name, meta);
      this.parents(name, parts);
      const rel = parts.join('/');
      if (!this.clear(name, parts, true)) mkdirSync(this.abs(rel), 0o700);
      this.dirs.add(rel);
      this.pending.set(rel, meta);
    });
  }

  /** A regular file of `size` bytes whose data is `data`. */
  async file(name: string, parts: string[], meta: Meta, size: number, data: AsyncIterable<Buffer>): Promise<void> {
    if (this.bytes + size > this.opts.maxBytes) throw this.tooBig();
    const fd = this.step(name, () => {
      this.checkOwner(name, meta);
      this.parents(name, parts);
      this.clear(name, parts, false);
      return openSync(this.abs(parts.join('/')), FILE_FLAGS, 0o600);
    });
    try {
      let written = 0;
      for await (const chunk of data) {
        // a directory source's file may grow while it is copied: the limit still holds
        if (this.bytes + written + chunk.length > this.opts.maxBytes) throw this.tooBig();
        this.step(name, () => writeAll(fd, chunk));
        written += chunk.length;
        this.opts.tick?.();
      }
      this.bytes += written;
      this.step(name, () => {
        // owner first: chown clears setuid/setgid, which the mode then puts back
        if (this.asRoot) fchownSync(fd, meta.uid, meta.gid);
        fchmodSync(fd, meta.mode & 0o7777);
        futimesSync(fd, meta.mtime, meta.mtime);
      });
    } finally {
      closeSync(fd);
    }
  }

  /** A symlink, its target kept exactly as stored (it is never followed here). */
  symlink(name: string, parts: string[], target: string, meta: Meta): void {
    if (target === '') throw refused(name, 'a symlink with an empty target');
    if (target.includes('\0')) throw refused(name, 'the symlink target contains a NUL byte');
    if (Buffer.byteLength(target) >= 4096) throw refused(name, 'the symlink target is longer than 4095 bytes');
    this.leaf(name, parts, meta, (path) => (symlinkSync(target, path), true));
  }

  /** A new symlink or fifo at `parts`: owner checked, parents made, what was there
   *  cleared; `make` creates it (false: skipped), then owner, `mode` and times are set.
   *  chmod comes after chown, which clears setuid bits. */
  private leaf(name: string, parts: string[], meta: Meta, make: (path: string) => boolean, mode?: number): void {
    if (parts.length === 0) throw refused(name, 'only a directory can be the image root');
    this.step(name, () => {
      this.checkOwner(name, meta);
      this.parents(name, parts);
      this.clear(name, parts, false);
      const path = this.abs(parts.join('/'));
      if (!make(path)) return;
      if (this.asRoot) lchownSync(path, meta.uid, meta.gid);
      if (mode !== undefined) chmodSync(path, mode);
      lutimesSync(path, meta.mtime, meta.mtime);
    });
  }

  /** A hard link to `target`, which must be a regular file already in the image. */
  hardlink(name: string, parts: string[], target: string): void {
    const what = `hard link target ${quoteName(target)}: `;
    const t = entryPath(target);
    if (!Array.isArray(t)) throw refused(name, what + t.refused);
    if (t.length === 0 || parts.length === 0) throw refused(name, 'a hard link cannot be the image root or link to it');
    this.step(name, () => {
      this.parents(name, t, false, what);
      const from = this.abs(t.join('/'));
      const st = lstatOrNone(from);
      if (st === undefined) throw refused(name, `${what}not in the image (yet)`);
      if (st.isSymbolicLink()) throw refused(name, `${what}is a symlink, not a regular file`);
      if (!st.isFile()) throw refused(name, `${what}is not a regular file`);
      if (t.join('/') === parts.join('/')) {
        this.warn(`${quoteName(name)}: a hard link to itself, skipped`);
        return;
      }
      this.parents(name, parts);
      this.clear(name, parts, false);
      linkSync(from, this.abs(parts.join('/')));
    });
  }

  /** A named pipe via mkfifo(1) (Node has no mkfifo); if that fails it is skipped with a warning. */
  fifo(name: string, parts: string[], meta: Meta): void {
    const made = (path: string): boolean => {
      const r = spawnSync('mkfifo', ['-m', (meta.mode & 0o777).toString(8), '--', path], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status === 0) return true;
      this.warn(`${quoteName(name)}: fifo skipped (mkfifo: ${(r.stderr || r.error?.message || 'failed').trim().split('\n')[0]})`);
      return false;
    };
    // setuid and friends, which mkfifo -m may drop
    this.leaf(name, parts, meta, made, meta.mode & 0o7777);
  }


  device(name: string): never {
    throw refused(name, 'device nodes are not allowed in images');
  }

  /** Directory modes, owners and times, deepest first (a 0555 parent must not block its children). */
  finish(): void {
    const depth = (rel: string): number => (rel === '' ? 0 : rel.split('/').length);
    const dirs = [...this.pending].sort((a, b) => depth(b[0]) - depth(a[0]));
    for (const [rel, meta] of dirs) {
      this.step(rel === '' ? '.' : rel, () => {
        const path = this.abs(rel);
        if (this.asRoot) lchownSync(path, meta.uid, meta.gid);
        chmodSync(path, meta.mode & 0o7777);
        lutimesSync(path, meta.mtime, meta.mtime);
      });
    }
    if (this.ownersLost) this.warn('not running as root: the owners (uid/gid) of the entries were not kept');
    if (this.warned > 0) this.warnings.push(`… and ${this.warned} more warnings`);
  }
}
