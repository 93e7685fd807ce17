// OOM forensics: what a container's memory was made of (memory.stat) and which process
// the kernel killed (its log). Read for containers near a limit at each sample, and at
// the event itself when no sample had them.
import { closeSync, openSync, readFileSync, readSync, constants } from 'node:fs';
import { resolveGroupDir } from '../host/cgroup/files.js';
import { keyValue } from '../host/cgroup/parse.js';
import type { CgroupLayout, CgroupRef } from '../host/cgroup/types.js';
import type { KernelVictim, Forensics } from './records.js';

/** A controller's directory of the group: v1's where that controller is mounted there,
 *  else the unified group's on a pure v2 host. */
function controllerDir(layout: CgroupLayout, ref: CgroupRef | undefined, ctrl: string): { dir: string; v1: boolean } | undefined {
  if (!ref) return undefined;
  const v1 = resolveGroupDir(layout.v1[ctrl], ref.v1[ctrl]);
  if (v1 !== undefined) return { dir: v1, v1: true };
  const v2 = layout.mode === 'v2' ? resolveGroupDir(layout.unified, ref.unified) : undefined;
  return v2 === undefined ? undefined : { dir: v2, v1: false };
}

const num = (text: string | undefined): number | null => (text === undefined || !/^\d+$/.test(text.trim()) ? null : Number(text.trim()));

function readNum(path: string): number | null {
  try {
    return num(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** memory.stat lines "anon 6311936" (v2) or "total_rss 427151360" (v1) as a map. */
export function parseMemoryStat(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) m.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  return m;
}

/** anon, file, kernel, shmem, sock. v1 has no kernel/sock lines: they are its kmem and
 *  kmem.tcp usage files (absent with cgroup.memory=nokmem); its totals count children. */
export function memoryBreakdown(layout: CgroupLayout, ref: CgroupRef | undefined): Forensics['memoryStat'] {
  const where = controllerDir(layout, ref, 'memory');
  if (!where) return null;
  let stat: Map<string, number>;
  try {
    stat = parseMemoryStat(readFileSync(`${where.dir}/memory.stat`, 'utf8'));
  } catch {
    return null;
  }
  const get = (k: string) => stat.get(k) ?? null;
  if (where.v1) {
    return {
      anon: get('total_rss'),
      file: get('total_cache'),
      kernel: readNum(`${where.dir}/memory.kmem.usage_in_bytes`),
      shmem: get('total_shmem'),
      sock: readNum(`${where.dir}/memory.kmem.tcp.usage_in_bytes`),
    };
  }
  // `kernel` is 5.18+; before it, its parts
  const kernel = get('kernel') ?? (['kernel_stack', 'pagetables', 'percpu', 'slab'].some((k) => stat.has(k)) ? ['kernel_stack', 'pagetables', 'percpu', 'slab'].reduce((n, k) => n + (stat.get(k) ?? 0), 0) : null);
  return { anon: get('anon'), file: get('file'), kernel, shmem: get('shmem'), sock: get('sock') };
}

/** The OOM-kill and pids.max counters as the kernel has them now (v2 memory.events
 *  "oom_kill 1", v1 memory.oom_control "oom_kill 0"; pids.events "max 12"). Read after a
 *  breakdown, they tell whether a kill came before it: the sample's own reads are earlier,
 *  and a kill in between would have freed the victim's memory already. */
export function limitCountsNow(layout: CgroupLayout, ref: CgroupRef | undefined): { oomKill: number | null; pidsMax: number | null } {
  const count = (at: { dir: string } | undefined, file: string, key: string): number | null => {
    if (!at) return null;
    const path = `${at.dir}/${file}`;
    try {
      return keyValue(readFileSync(path, 'utf8'), key, path) ?? null;
    } catch {
      return null;
    }
  };
  const mem = controllerDir(layout, ref, 'memory');
  return { oomKill: count(mem, mem?.v1 ? 'memory.oom_control' : 'memory.events', 'oom_kill'), pidsMax: count(controllerDir(layout, ref, 'pids'), 'pids.events', 'max') };
}

// /dev/kmsg record: "6,27373,25712936005,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),
//   cpuset=/,mems_allowed=0,oom_memcg=/nstop/munch-c8yf,task_memcg=/nstop/munch-c8yf,task=munch,pid=21605,uid=0"
// "3,27374,25712936022,-;Memory cgroup out of memory: Killed process 21605 (munch) total-vm:66564kB,
//   anon-rss:65280kB, file-rss:528kB, shmem-rss:0kB, UID:0 pgtables:168kB oom_score_adj:0"
const OOM_LINE = /oom-kill:.*?oom_memcg=([^,]*),task_memcg=([^,]*),task=(.*),pid=(\d+),uid=\d+/;
const KILLED = /Killed process (\d+) \((.*)\) total-vm:(\d+)kB, anon-rss:(\d+)kB, file-rss:(\d+)kB, shmem-rss:(\d+)kB/;

/** The last OOM kill the kernel logged whose memcg is `cgroup` (a path such as
 *  /nstop/munch: v1 memory's or v2's), from text of /dev/kmsg records or dmesg lines. */
export function findVictim(log: string, cgroup: string): KernelVictim | undefined {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = OOM_LINE.exec(lines[i]!);
    if (!m || (m[1] !== cgroup && m[2] !== cgroup)) continue;
    const pid = Number(m[4]);
    const v: KernelVictim = { pid, comm: m[3]!, memcg: m[2]!, line: lines[i]!.slice(lines[i]!.indexOf(';') + 1) };
    for (let j = i + 1; j < Math.min(lines.length, i + 40); j++) {
      const k = KILLED.exec(lines[j]!);
      if (k && Number(k[1]) === pid) {
        v.totalVmKb = Number(k[3]);
        v.anonRssKb = Number(k[4]);
        v.fileRssKb = Number(k[5]);
        v.shmemRssKb = Number(k[6]);
        v.line = lines[j]!.slice(lines[j]!.indexOf(';') + 1);
        break;
      }
    }
    return v;
  }
  return undefined;
}

/** Every record /dev/kmsg holds now (root; CAP_SYSLOG). Each read() returns one record;
 *  O_NONBLOCK ends with EAGAIN at the newest. EPIPE: a record was overwritten while
 *  reading, the next read goes on from the oldest left. */
export function readKernelLog(path = '/dev/kmsg'): { text: string } | { error: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { error: `${path}: ${(err as NodeJS.ErrnoException).code}` };
  }
  const buf = Buffer.alloc(8192);
  const out: string[] = [];
  try {
    for (let n = 0; n < 100_000; n++) {
      try {
        const got = readSync(fd, buf, 0, buf.length, null);
        if (got === 0) break;
        out.push(buf.toString('utf8', 0, got).split('\n')[0]!);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue;
        if (code === 'EAGAIN') break;
        return { error: `${path}: ${code}` };
      }
    }
  } finally {
    closeSync(fd);
  }
  return { text: out.join('\n') };
}
