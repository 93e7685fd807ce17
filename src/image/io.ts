// Two small fs steps the tree writer repeats: an lstat that says "nothing there"
// (undefined) rather than throwing ENOENT, and a write that writes the whole buffer.
import { lstatSync, writeSync, type Stats } from 'node:fs';
import { errorCode } from '../host/errors.js';

export function lstatOrNone(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

export function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}
