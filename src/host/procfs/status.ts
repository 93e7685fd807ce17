// /proc/PID/status: the lines nstop needs. Real lines from this machine:
//   Name:	node
//   Uid:	0	0	0	0
//   NSpid:	2196
//   Threads:	7
//   VmRSS:	   48620 kB
// NSpid lists the pid in every pid namespace from this /proc's down ("4242\t1" for a
// container init). Kernels before 4.1 lack it: then the Pid: line stands alone.
import { ParseError } from '../errors.js';
import type { ProcStatus } from '../types.js';

const ints = (v: string, path: string, line: number): number[] => {
  const parts = v.trim().split(/\s+/).filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) throw new ParseError(path, line, `bad numbers "${v.trim()}"`);
  return parts.map(Number);
};

export function parseStatus(text: string, path = 'status'): ProcStatus {
  const out: ProcStatus = { name: '', uids: [], gids: [], nspid: [] };
  let pid: number[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const colon = line.indexOf(':');
    if (colon < 0) return;
    const key = line.slice(0, colon);
    const v = line.slice(colon + 1);
    switch (key) {
      case 'Name': out.name = v.trim(); break;
      case 'Uid': out.uids = ints(v, path, i + 1); break;
      case 'Gid': out.gids = ints(v, path, i + 1); break;
      case 'Pid': pid = ints(v, path, i + 1); break;
      case 'NSpid': out.nspid = ints(v, path, i + 1); break;
      case 'Threads': out.threads = ints(v, path, i + 1)[0]; break;
      case 'VmRSS': {
        const m = /^\s*(\d+)\s*kB\s*$/.exec(v);
        if (!m) throw new ParseError(path, i + 1, `bad VmRSS "${v.trim()}"`);
        out.vmRssBytes = Number(m[1]) * 1024;
        break;
      }
    }
  });
  if (out.nspid.length === 0) out.nspid = pid;
  if (out.nspid.length === 0) throw new ParseError(path, 0, 'no Pid or NSpid line');
  return out;
}
