// /proc/PID/status: the lines nstop needs. Real lines from this machine:
//   Name:	sh
//   Pid:	9163
//   Uid:	0	0	0	0
//   Gid:	0	0	0	0
//   NSpid:	9163	2
//   VmRSS:	    1620 kB
//   Threads:	1
// NSpid lists the pid in every pid namespace from this /proc's down ("4242\t1" for a
// container init); kernels before 4.1 lack it, then Pid: stands alone. Kernel threads and
// zombies have no Vm* lines at all.
import { ParseError } from '../errors.js';
import type { ProcStatus } from '../types.js';

const ints = (v: string, path: string, line: number): number[] => {
  const parts = v.trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw new ParseError(path, line, `bad numbers "${v.trim()}"`);
  return parts.map(Number);
};

/** The text after "key:" on the line starting with it (the first such line), and that
 *  line's number for errors (counted only when one is thrown). Looking up seven keys
 *  rather than splitting all ~57 lines: first sight of 10k processes made 1.7 million
 *  throw-away strings that way. */
function field(text: string, key: string): { v: string; line: () => number } | undefined {
  const tag = `${key}:`;
  let start = 0;
  if (!text.startsWith(tag)) {
    const at = text.indexOf(`\n${tag}`);
    if (at < 0) return undefined;
    start = at + 1;
  }
  const end = text.indexOf('\n', start);
  const v = text.slice(start + tag.length, end < 0 ? text.length : end);
  return { v, line: () => text.slice(0, start).split('\n').length };
}

/** The numbers of a key's line, or undefined without one. */
function nums(text: string, key: string, path: string): number[] | undefined {
  const f = field(text, key);
  return f === undefined ? undefined : ints(f.v, path, f.line());
}

export function parseStatus(text: string, path = 'status'): ProcStatus {
  const out: ProcStatus = { name: '', uids: [], gids: [], nspid: [] };
  const name = field(text, 'Name');
  // The kernel escapes "\" and newline in Name ("a\\b", "x\ny") but leaves tabs and
  // trailing spaces: drop only the separator tab and keep the rest verbatim.
  if (name === undefined) throw new ParseError(path, 0, 'no Name line');
  out.name = name.v.startsWith('\t') ? name.v.slice(1) : name.v;
  out.uids = nums(text, 'Uid', path) ?? [];
  out.gids = nums(text, 'Gid', path) ?? [];
  const threads = nums(text, 'Threads', path);
  if (threads !== undefined) out.threads = threads[0];
  const rss = field(text, 'VmRSS');
  if (rss !== undefined) {
    const m = /^\s*(\d+) kB$/.exec(rss.v);
    if (!m) throw new ParseError(path, rss.line(), `bad VmRSS "${rss.v.trim()}"`);
    out.vmRssBytes = Number(m[1]) * 1024;
  }
  out.nspid = nums(text, 'NSpid', path) ?? nums(text, 'Pid', path) ?? [];
  if (out.nspid.length === 0) throw new ParseError(path, 0, 'no Pid or NSpid line');
  return out;
}
