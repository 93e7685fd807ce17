// Small-file reader for /proc and /sys. Those files report st_size 0, so read until EOF.
// One buffer reused across calls: open/read/close into it costs 13.7 µs per
// /proc/PID/stat against 15.8 µs for readFileSync (KERNEL-FACTS), and the sampler does
// this for thousands of pids per tick. Synchronous only, so sharing it is safe.
import { closeSync, openSync, readSync } from 'node:fs';

let shared = Buffer.allocUnsafe(16 * 1024);

/** Room after `len` bytes: a full buffer doubles (cmdline of a big argv, a large status
 *  file) and the bigger one is kept. */
function growIfFull(len: number): void {
  if (len < shared.length) return;
  const bigger = Buffer.allocUnsafe(shared.length * 2);
  shared.copy(bigger, 0, 0, len);
  shared = bigger;
}

/** Reads the whole file into the shared buffer; returns the byte count. */
function readIntoShared(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let len = 0;
    for (;;) {
      growIfFull(len);
      const n = readSync(fd, shared, len, shared.length - len, null);
      if (n === 0) return len;
      len += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, copied out of the shared buffer (callers may keep it). */
export function readSmallFile(path: string): Buffer {
  const len = readIntoShared(path);
  return Buffer.from(shared.subarray(0, len));
}

/** Reads an open file from offset 0 (pread: the fd's own offset is never moved) as
 *  UTF-8. Only for files whose reads seq_file produces whole: kernfs (cgroupfs) and
 *  procfs's single-record files such as /proc/PID/stat. A read shorter than asked is then
 *  the end, and the usual read that returns 0 is saved. */
export function readFdText(fd: number): string {
  let len = 0;
  for (;;) {
    growIfFull(len);
    const want = shared.length - len;
    const n = readSync(fd, shared, len, want, len);
    len += n;
    if (n < want) return shared.toString('utf8', 0, len);
  }
}

/** The file as UTF-8, decoded straight from the shared buffer (no intermediate copy). */
export function readTextFile(path: string): string {
  const len = readIntoShared(path);
  return shared.toString('utf8', 0, len);
}
