// Numeric entries of /proc, ascending. One listing per tick where a task came or went
// (1.9 µs per pid in the kernel, KERNEL-FACTS) is all an already-known pid costs;
// everything else is read on first sight.
import { closeSync, constants, openSync, readdirSync } from 'node:fs';
import { readDirents } from '../../../native/dents.js';
import { isProcMount } from './stat-files.js';

/** By name, with readdirSync: a fixture tree, or where getdents64 is not to be had. */
export function listPids(procRoot: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(procRoot)) {
    // cheap first-char test: most non-pid entries ("sys", "self", "meminfo") fail here
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57 && /^\d+$/.test(name)) out.push(Number(name));
  }
  return out.sort(ascending);
}

function ascending(a: number, b: number): number {
  return a - b;
}

// linux_dirent64: d_ino u64, d_off s64, d_reclen u16 (offset 16), d_type u8 (18), d_name (19)
const RECLEN = 16;
const NAME = 19;
// 10,000 pids are ~320 kB of records: two batches
const BATCH = 192 * 1024;

/** Appends the pids named in one batch of records to `out` (a name of digits only). */
export function pidsOf(buf: Buffer, length: number, out: number[]): void {
  for (let at = 0; at < length; ) {
    const reclen = buf.readUInt16LE(at + RECLEN);
    let i = at + NAME;
    let c = buf[i]!;
    if (c >= 48 && c <= 57) {
      let pid = 0;
      while (c >= 48 && c <= 57) {
        pid = pid * 10 + (c - 48);
        c = buf[++i]!;
      }
      if (c === 0) out.push(pid);
    }
    at += reclen;
  }
}

/** Lists a real procfs through one directory fd kept open (getdents64 into a buffer,
 *  numbers read off the bytes: no string per entry, no sort when the kernel gave them in
 *  order, which /proc does: its pids come by ascending tgid after its own files). */
export class PidLister {
  private fd = -1;
  private buf: Buffer | undefined;
  private readonly native: boolean;

  constructor(private readonly procRoot: string) {
    this.native = isProcMount(procRoot);
  }

  list(): number[] {
    if (!this.native) return listPids(this.procRoot);
    if (this.fd < 0) this.fd = openSync(this.procRoot, constants.O_RDONLY | constants.O_DIRECTORY);
    this.buf ??= Buffer.allocUnsafe(BATCH);
    const out: number[] = [];
    try {
      readDirents(this.fd, this.buf, (buf, length) => pidsOf(buf, length, out));
    } catch {
      // the fd went bad (it cannot on a live /proc): by name this tick, a new fd the next
      this.close();
      return listPids(this.procRoot);
    }
    for (let i = 1; i < out.length; i++) if (out[i - 1]! > out[i]!) return out.sort(ascending);
    return out;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
