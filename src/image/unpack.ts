// Unpacks an image source — a .tar, .tar.gz or .tar.xz file (told apart by magic bytes)
// or a plain directory — into an empty directory, treating it as hostile: every entry
// goes through TreeWriter (tree-writer.ts), which keeps all writes inside the
// destination; the limits bound how much a source can make us write.
import { statfsSync, statSync } from 'node:fs';
import { errorCode } from '../host/errors.js';
import { type ArchiveStream, openArchive } from './archive-stream.js';
import { copyDirectory } from './copy-dir.js';
import { errorLine, ImageError } from './errors.js';
import { TarReader } from './tar.js';
import { type Meta, TreeWriter } from './tree-writer.js';

export type UnpackProgress = {
  /** bytes of the source read so far (compressed bytes for a compressed archive; file bytes copied for a directory) */
  bytes: number;
  entries: number;
  /** the size of the archive file, when known */
  totalBytes?: number;
};

export type UnpackOptions = {
  /** default 1,000,000 */
  maxEntries?: number;
  /** regular file bytes; default 95 % of the free space of dest's filesystem */
  maxBytes?: number;
  /** called at most every 250 ms */
  onProgress?: (p: UnpackProgress) => void;
};

export type UnpackResult = {
  entries: number;
  /** regular file bytes written */
  bytes: number;
  warnings: string[];
};

export const DEFAULT_MAX_ENTRIES = 1_000_000;
const PROGRESS_MS = 250;

/** A callback that passes progress on at most every PROGRESS_MS (the first call always). */
function throttled(onProgress: UnpackOptions['onProgress'], get: () => UnpackProgress): () => void {
  if (!onProgress) return () => {};
  let last = -Infinity;
  return () => {
    const now = Date.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    onProgress(get());
  };
}

/** Reads the archive into the writer; returns the reader's warnings. */
async function unpackTar(archive: ArchiveStream, w: TreeWriter, tick: () => void): Promise<string[]> {
  const reader = new TarReader(archive.chunks);
  let xattrs = 0;
  try {
    for (let e = await reader.next(); e !== undefined; e = await reader.next()) {
      w.count();
      const parts = w.path(e.name);
      const meta: Meta = { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime };
      switch (e.kind) {
        case 'file':
          await w.file(e.name, parts, meta, e.size, reader.body());
          break;
        case 'dir':
          w.dir(e.name, parts, meta);
          break;
        case 'symlink':
          w.symlink(e.name, parts, e.linkname, meta);
          break;
        case 'hardlink':
          w.hardlink(e.name, parts, e.linkname);
          break;
        case 'fifo':
          w.fifo(e.name, parts, meta);
          break;
        case 'char':
        case 'block':
          w.device(e.name);
      }
      if (e.xattrs) xattrs++;
      tick();
    }
  } finally {
    // ends the input whatever happened: closes the file, stops and reaps xz
    await reader.close();
  }
  const warnings = [...reader.warnings];
  if (xattrs > 0) warnings.push(`${xattrs} entries had extended attributes (such as file capabilities), which were not kept`);
  return warnings;
}

/**
 * Unpacks `source` (an archive file or a directory) into `dest`, an existing empty
 * directory. Rejects with a one-line ImageError on any refusal or failure, having closed
 * its files and ended its xz first; what it wrote to dest stays there (the caller
 * unpacks into a temporary directory and removes that).
 */
export async function unpackArchive(source: string, dest: string, opts: UnpackOptions = {}): Promise<UnpackResult> {
  try {
    let st;
    try {
      st = statSync(source);
    } catch (err) {
      throw new ImageError(`${source}: ${errorCode(err) === 'ENOENT' ? 'no such archive or directory' : errorLine(err)}`);
    }
    if (!st.isFile() && !st.isDirectory()) throw new ImageError(`${source}: not an archive file or a directory`);
    const archive = st.isFile() ? openArchive(source) : undefined;
    const totalBytes = st.size;
    const tick = throttled(opts.onProgress, () =>
      archive ? { bytes: archive.readBytes(), entries: w.entries, totalBytes } : { bytes: w.bytes, entries: w.entries },
    );
    const w = new TreeWriter(dest, {
      maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES,
      maxBytes: opts.maxBytes ?? freeSpace(dest),
      what: archive ? 'archive' : 'directory',
      maxBytesWhy: opts.maxBytes === undefined ? `95 % of the free space in ${dest}` : 'the limit',
      tick,
    });
    const warnings = archive ? await unpackTar(archive, w, tick) : (await copyDirectory(source, w, tick), []);
    w.finish();
    return { entries: w.entries, bytes: w.bytes, warnings: [...warnings, ...w.warnings] };
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(`unpacking ${source} failed: ${errorLine(err)}`);
  }
}

/** 95 % of what dest's filesystem has free for us. */
function freeSpace(dest: string): number {
  try {
    const fs = statfsSync(dest);
    return Math.floor(fs.bavail * fs.bsize * 0.95);
  } catch (err) {
    throw new ImageError(`${dest}: ${errorLine(err)}`);
  }
}
