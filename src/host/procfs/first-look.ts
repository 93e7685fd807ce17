// What native/build/nstop-firstlook read of /proc ahead of the dashboard's first tick,
// as the proc reader asks for it (host/proc-reader.ts: `ahead`). Its output is records,
// each a header line and then that many bytes; a real one:
//   "p 4242 16\npid:[4026532573]"
// tags: s stat, p the pid link's target, S status, c cgroup, m cmdline, n any other
// namespace link's target. A file the helper could not read has no record: the reader
// reads it itself then, and reports it as it always has.
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

/** The helper's whole output; throws ParseError on a record it cannot have written. */
export function parseFirstLook(buf: Buffer, source = 'nstop-firstlook'): AheadReads {
  const byPid = new Map<number, PidReads>();
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    if (nl === -1) throw new ParseError(source, 0, `a header without its line end at byte ${at}`);
    const header = buf.toString('latin1', at, nl);
    const m = /^([spScmn]) (\d+) (\d+)$/.exec(header);
    if (!m) throw new ParseError(source, 0, `not a record header: "${header.slice(0, 40)}"`);
    const pid = Number(m[2]);
    const end = nl + 1 + Number(m[3]);
    if (end > buf.length) throw new ParseError(source, 0, `record of pid ${pid} cut short`);
    const text = buf.toString('utf8', nl + 1, end);
    at = end;
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
  return new AheadReads(byPid);
}
