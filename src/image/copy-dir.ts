// A directory as an image source: copied entry by entry through the same TreeWriter as an
// archive, so the same rules hold. The walk uses lstat: a symlink in the source is copied
// as a symlink and never followed, a device node is refused, a socket skipped. Files
// are opened with O_NOFOLLOW and checked to be the inode that was listed, in case the
// source changes under the walk. Hard links between files of the tree stay hard links.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { errorCode } from '../host/errors.js';
import { errorLine, ImageError, quoteName, refused } from './errors.js';
import type { Meta, TreeWriter } from './tree-writer.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');


/** Names that are not UTF-8 are refused: they would not survive the trip through a JS string. */
function decode(bytes: Buffer, rel: string, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw refused(rel, `the ${what} is not valid UTF-8`);
  }
}

const metaOf = (st: Stats): Meta => ({ mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtimeMs / 1000 });

/** The file's data; the buffer is reused, which is safe because the writer writes each chunk before asking for the next. */
async function* contents(path: string, listed: Stats): AsyncGenerator<Buffer> {
  // O_NONBLOCK: should a fifo have replaced the file since the lstat, opening it must not hang
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== listed.ino || st.dev !== listed.dev) throw new ImageError(`${path} changed while it was being copied`);
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

export async function copyDirectory(source: string, w: TreeWriter, tick: () => void): Promise<void> {
  const top = statSync(source); // the source itself may be a symlink to a directory: the caller named it
  const dest = lstatSync(w.root);
  w.dir('.', [], metaOf(top));
  const linked = new Map<string, string>(); // "dev:ino" of a multiply linked file → its first copy
  const stack: { path: string; rel: string }[] = [{ path: source, rel: '' }];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    let names: Buffer[];
    try {
      names = readdirSync(dir.path, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch (err) {
      throw new ImageError(`cannot read ${dir.path}: ${errorLine(err)}`);
    }
    for (const raw of names) {
      const name = decode(raw, dir.rel === '' ? lossy.decode(raw) : `${dir.rel}/${lossy.decode(raw)}`, 'name');
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      const path = `${dir.path}/${name}`;
      let st: Stats;
      try {
        st = lstatSync(path);
      } catch (err) {
        if (errorCode(err) === 'ENOENT') continue; // gone since the listing
        throw new ImageError(`cannot copy ${quoteName(rel)}: ${errorLine(err)}`);
      }
      if (st.dev === dest.dev && st.ino === dest.ino) {
        w.warn(`${quoteName(rel)}: skipped, it is the destination`);
        continue;
      }
      w.count();
      const parts = w.path(rel);
      const meta = metaOf(st);
      if (st.isDirectory()) {
        w.dir(rel, parts, meta);
        stack.push({ path, rel });
      } else if (st.isFile()) {
        const key = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? linked.get(key) : undefined;
        if (first !== undefined) w.hardlink(rel, parts, first);
        else {
          try {
            await w.file(rel, parts, meta, st.size, contents(path, st));
          } catch (err) {
            if (err instanceof ImageError) throw err;
            throw new ImageError(`cannot copy ${quoteName(rel)}: ${errorLine(err)}`);
          }
          if (st.nlink > 1) linked.set(key, rel);
        }
      } else if (st.isSymbolicLink()) {
        let target: Buffer;
        try {
          target = readlinkSync(path, { encoding: 'buffer' });
        } catch (err) {
          throw new ImageError(`cannot copy ${quoteName(rel)}: ${errorLine(err)}`);
        }
        w.symlink(rel, parts, decode(target, rel, 'symlink target'), meta);
      } else if (st.isFIFO()) w.fifo(rel, parts, meta);
      else if (st.isCharacterDevice() || st.isBlockDevice()) w.device(rel);
      else w.warn(`${quoteName(rel)}: skipped, a socket is not copied`);
      tick();
    }
  }
}
