// A container's processes read at an event, for OOM forensics when no sample had them:
// the recorder asks the sampler for no process rows (model: SampleDemand.processRows),
// so a container that was not near a limit at the last sample has only its pids there.
// Name and VmRSS from /proc/PID/status ("VmRSS:\t    1320 kB"), the command line from
// /proc/PID/cmdline; a pid gone meanwhile (the victim itself, most often) or unreadable is left out.
import { join } from 'node:path';
import { parseCmdline } from '../host/procfs/cmdline.js';
import { readSmallFile, readTextFile } from '../host/procfs/read-file.js';
import { parseStatus } from '../host/procfs/status.js';
import type { ProcessAtSample } from './records.js';

export function processesNow(pids: readonly number[], procRoot = '/proc'): ProcessAtSample[] {
  const out: ProcessAtSample[] = [];
  for (const pid of pids) {
    const dir = join(procRoot, String(pid));
    try {
      const status = parseStatus(readTextFile(join(dir, 'status')), join(dir, 'status'));
      const cmdline = parseCmdline(readSmallFile(join(dir, 'cmdline'))).join(' ');
      out.push({ pid, comm: status.name, cmdline, rss: status.vmRssBytes ?? null });
    } catch {
      // gone, or unreadable: the entry is about the others, not a reason to lose it
    }
  }
  return out.sort((a, b) => (b.rss ?? 0) - (a.rss ?? 0));
}
