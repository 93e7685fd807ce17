// What the benchmark reads from /proc: CPU time of a whole process tree (utime+stime,
// children that ended included through cutime+cstime of whoever reaped them), peak RSS,
// host CPU busy time, and the machine's description.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';

export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export type Stat = { pid: number; ppid: number; comm: string; ticks: number; start: number };
/** A process by pid and start time: a recycled pid is not the same process. */
export type ProcId = { pid: number; start: number };

/** utime+stime+cutime+cstime and the parent of one process, or undefined if it is gone. */
export function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17
  const n = (field: number) => Number(f[field - 3]);
  return { pid, ppid: n(4), comm, ticks: n(14) + n(15) + n(16) + n(17), start: n(22) };
}

/** utime+stime of one process alone, in ticks (a recorder measured by itself). */
export function ownTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Where one process's resident set is now, in bytes (/proc/PID/smaps_rollup, e.g.
 *  "Rss:               72340 kB" and "Anonymous:         31012 kB"): anonymous (V8's heap,
 *  malloc, stacks) and file-backed (node's binary, libraries, addons), and of the file
 *  pages those of node's own binary (/proc/PID/smaps: its mappings' Rss lines). */
export function rssSplit(pid: number): { rss: number; anon: number; file: number; node: number } {
  const kb = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  const roll = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const rss = kb(roll, 'Rss');
  const anon = kb(roll, 'Anonymous');
  const exe = readlinkSync(`/proc/${pid}/exe`);
  let node = 0;
  let inNode = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    // a mapping's first line: "00400000-00b6f000 r--p 00000000 fd:00 1234   /usr/bin/node"
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inNode = line.endsWith(` ${exe}`);
    else if (inNode && line.startsWith('Rss:')) node += kb(line, 'Rss');
  }
  return { rss, anon, file: rss - anon, node };
}

/** "rss 72.3 MiB (anon 31.0, file 41.3 of which node's binary 37.5)" */
export function rssSplitText(pid: number): string {
  const r = rssSplit(pid);
  const m = (b: number) => (b / 2 ** 20).toFixed(1);
  return `rss ${m(r.rss)} MiB (anon ${m(r.anon)}, file ${m(r.file)}, of which node's binary ${m(r.node)})`;
}

/** VmHWM of one process, in bytes. */
export const peakRssBytes = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => d.charCodeAt(0) >= 48 && d.charCodeAt(0) <= 57)
    .map(Number);
}

/**
 * The tree under root (root included) and its CPU ticks. A child that ended between two
 * readings moves from its own counters into its reaper's cutime/cstime, so the
 * difference of two readings is the tree's CPU time in between.
 */
export function treeCpu(root: number): { ticks: number; procs: ProcId[] } {
  const kids = new Map<number, Stat[]>();
  let rootStat: Stat | undefined;
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (!s) continue;
    if (pid === root) rootStat = s;
    let l = kids.get(s.ppid);
    if (!l) kids.set(s.ppid, (l = []));
    l.push(s);
  }
  if (!rootStat) return { ticks: 0, procs: [] };
  const procs: ProcId[] = [];
  let ticks = 0;
  const todo: Stat[] = [rootStat];
  while (todo.length > 0) {
    const s = todo.pop()!;
    procs.push({ pid: s.pid, start: s.start });
    ticks += s.ticks;
    todo.push(...(kids.get(s.pid) ?? []));
  }
  return { ticks, procs };
}

const statusKb = (pid: number, key: string): number | undefined => {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
};

/** Sums over the given processes, in MB: VmHWM (each one's own peak resident set) and VmRSS. */
export function rssMb(procs: ProcId[]): { peak: number; now: number } | undefined {
  let hwm = 0;
  let rss = 0;
  let any = false;
  for (const { pid } of procs) {
    const v = statusKb(pid, 'VmHWM');
    if (v === undefined) continue;
    hwm += v;
    rss += statusKb(pid, 'VmRSS') ?? 0;
    any = true;
  }
  return any ? { peak: hwm / 1024, now: rss / 1024 } : undefined;
}

/** Busy and total jiffies of all CPUs together (the "cpu" line of /proc/stat). */
export function hostCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is inside user already
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? '?';
  const ram = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} cores (${model}), ${ram} GiB RAM, Linux ${os.release()}, node ${process.version}`;
}

export function version(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0 && !r.stdout) return undefined;
  return (r.stdout || r.stderr).split('\n')[0]!.trim();
}

export const isAlive = (p: ProcId): boolean => readStat(p.pid)?.start === p.start;

/** SIGKILL to the processes of the list that still are who they were. */
export function killProcs(procs: ProcId[]): number {
  let n = 0;
  for (const p of procs) {
    if (!isAlive(p)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
      n++;
    } catch {
      // gone
    }
  }
  return n;
}
