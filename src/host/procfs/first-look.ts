// What native/build/nstop-firstlook read of /proc ahead of the dashboard's first tick,
// as the proc reader asks for it (host/proc-reader.ts: `ahead`). Its output is records,
// each a header line and then that many bytes; a real one:
//   "p 4242 16\npid:[4026532573]"
// tags: s stat, p the pid link's target, S status, c cgroup, m cmdline, n any other
// namespace link's target. A file the helper could not read has no record: the reader
// reads it itself then, and reports it as it always has.
import { readSync } from 'node:fs';
import { ParseError } from '../errors.js';
import type { NsType } from '../vocabulary.js';

export type AheadFile = 'stat' | 'status' | 'cgroup' | 'cmdline';

type PidReads = { stat?: string; status?: string; cgroup?: string; cmdline?: string; links?: Map<string, string> };

const FILES: Record<string, AheadFile> = { s: 'stat', S: 'status', c: 'cgroup', m: 'cmdline' };

/** One look at /proc: files as text (cmdline with its NULs) and link targets by pid. */
export class AheadReads {
  constructor(private readonly byPid: Map<number, PidReads>) {}

  get size(): number {
    return this.byPid.size;
  }

  file(pid: number, name: AheadFile): string | undefined {
    return this.byPid.get(pid)?.[name];
  }

  /** the link's target ("net:[4026531840]") */
  link(pid: number, kind: NsType): string | undefined {
    return this.byPid.get(pid)?.links?.get(kind);
  }
}

/** Reads up to `length` bytes at file position `position` into `buf` at `offset`; 0: the end. */
type ReadAt = (buf: Buffer, offset: number, length: number, position: number) => number;

/** Read in pieces of this size: below glibc's mmap threshold (128 KiB), as one buffer of
 *  the whole output (~4 MB at 10,000 processes) raised the threshold when freed, and the
 *  malloc heap then held ~7 MB more for the dashboard's lifetime. A record is at most a
 *  header and 64 KiB - 1 (the helper leaves bigger files to the reader). */
const PIECE = 96 * 1024;

/** The helper's output in the file `fd`; throws ParseError on a record it cannot have written. */
export function parseFirstLookFile(fd: number): AheadReads {
  return parseRecords((buf, offset, length, position) => readSync(fd, buf, offset, length, position));
}

/** The helper's output in a buffer. */
export function parseFirstLook(all: Buffer): AheadReads {
  return parseRecords((buf, offset, length, position) => all.copy(buf, offset, position, Math.min(all.length, position + length)));
}

function parseRecords(readAt: ReadAt, source = 'nstop-firstlook'): AheadReads {
  const byPid = new Map<number, PidReads>();
  const buf = Buffer.allocUnsafe(PIECE);
  let pos = 0; // file position of buf[end]
  let at = 0;
  let end = 0;
  for (;;) {
    const nl = buf.indexOf(10, at);
    const header = nl !== -1 && nl < end ? buf.toString('latin1', at, nl) : undefined;
    const m = header === undefined ? null : /^([spScmn]) (\d+) (\d+)$/.exec(header);
    if (header !== undefined && !m) throw new ParseError(source, 0, `not a record header: "${header.slice(0, 40)}"`);
    const stop = m ? nl + 1 + Number(m[3]) : -1;
    if (m === null || stop > end) {
      // the next record is not all in the buffer: keep what there is of it, read on
      buf.copyWithin(0, at, end);
      end -= at;
      at = 0;
      const n = end < buf.length ? readAt(buf, end, buf.length - end, pos) : 0;
      pos += n;
      end += n;
      if (n > 0) continue;
      if (end === 0) return new AheadReads(byPid);
      if (m) throw new ParseError(source, 0, `record of pid ${m[2]} cut short`);
      throw new ParseError(source, 0, `a header without its line end at byte ${pos - end}`);
    }
    const pid = Number(m[2]);
    const text = buf.toString('utf8', nl + 1, stop);
    at = stop;
    let reads = byPid.get(pid);
    if (!reads) byPid.set(pid, (reads = {}));
    const tag = m[1]!;
    if (tag === 'p' || tag === 'n') {
      const kind = text.slice(0, text.indexOf(':'));
      (reads.links ??= new Map()).set(kind, text);
    } else {
      reads[FILES[tag]!] = text;
    }
  }
}
