// Small-file reader for /proc and /sys: those files report size 0, so read to EOF.
// One reused buffer: cheaper than readFileSync per file (KERNEL-FACTS: 13.7 vs 15.8 µs).
import { closeSync, openSync, readSync } from 'node:fs';

let buf = Buffer.allocUnsafe(64 * 1024);

export function readSmallFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return Buffer.from(buf.subarray(0, len));
  } finally {
    closeSync(fd);
  }
}

export const readText = (path: string): string => readSmallFile(path).toString('utf8');
