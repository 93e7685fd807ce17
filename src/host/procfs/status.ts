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

export function parseStatus(text: string, path = 'status'): ProcStatus {
  const out: ProcStatus = { name: '', uids: [], gids: [], nspid: [] };
  let name: string | undefined;
  let pid: number[] = [];
  text.split('\n').forEach((line, i) => {
    const colon = line.indexOf(':');
    if (colon < 0) return;
    const v = line.slice(colon + 1);
    switch (line.slice(0, colon)) {
      // The kernel escapes "\" and newline in Name ("a\\b", "x\ny") but leaves tabs and
      // trailing spaces: drop only the separator tab and keep the rest verbatim.
      case 'Name': name = v.startsWith('\t') ? v.slice(1) : v; break;
      case 'Uid': out.uids = ints(v, path, i + 1); break;
      case 'Gid': out.gids = ints(v, path, i + 1); break;
      case 'Pid': pid = ints(v, path, i + 1); break;
      case 'NSpid': out.nspid = ints(v, path, i + 1); break;
      case 'Threads': out.threads = ints(v, path, i + 1)[0]; break;
      case 'VmRSS': {
        const m = /^\s*(\d+) kB$/.exec(v);
        if (!m) throw new ParseError(path, i + 1, `bad VmRSS "${v.trim()}"`);
        out.vmRssBytes = Number(m[1]) * 1024;
        break;
      }
    }
  });
  if (name === undefined) throw new ParseError(path, 0, 'no Name line');
  out.name = name;
  if (out.nspid.length === 0) out.nspid = pid;
  if (out.nspid.length === 0) throw new ParseError(path, 0, 'no Pid or NSpid line');
  return out;
}
