// The load: N containers of M processes each. A container is
// `unshare --fork --pid --mount-proc --uts --ipc --kill-child` around a shell that starts
// M-2 sleeps (unshare + that shell + the sleeps = M processes), put first into its own
// cgroup nstop-bench-<pid>/c<i> in the v1 memory, pids, cpu and cpuacct hierarchies and in
// the cgroup2 tree (the unified mount on a hybrid host). Teardown SIGKILLs the processes
// found in those cgroups (nothing else) until they are empty, then removes the cgroups.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import { allPids } from './proc.js';
import { log, now, sleep, sleepSync, which } from './util.js';

type Hierarchy = { mount: string; kind: string };

/** The v1 hierarchies the load uses (memory, pids, cpu, cpuacct) and the cgroup2 tree. */
export function cgroupHierarchies(): Hierarchy[] {
  const out: Hierarchy[] = [];
  const seen = new Set<string>();
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mount = left.split(' ')[4]!;
    const [fstype, , superOpts = ''] = right.split(' ');
    if (seen.has(mount)) continue;
    if (fstype === 'cgroup2') {
      seen.add(mount);
      out.push({ mount, kind: 'cgroup2' });
    } else if (fstype === 'cgroup') {
      const ctrls = superOpts.split(',').filter((o) => ['memory', 'pids', 'cpu', 'cpuacct'].includes(o));
      if (ctrls.length > 0) {
        seen.add(mount);
        out.push({ mount, kind: ctrls.join(',') });
      }
    }
  }
  return out;
}

export type Load = {
  containers: number;
  perContainer: number;
  /** processes the load should have once started */
  expected: number;
  /** processes it has now (members of its cgroups) */
  count(): number;
  teardown(): void;
};

function readProcs(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Raises kernel.pid_max when the load would not fit; the old value comes back at cleanup. */
export function ensurePidRoom(extra: number): string | undefined {
  const file = '/proc/sys/kernel/pid_max';
  const max = Number(readFileSync(file, 'utf8'));
  const need = allPids().length + extra + 4096;
  if (need <= max) return undefined;
  const want = Math.min(4194304, 2 ** Math.ceil(Math.log2(need)));
  writeFileSync(file, String(want));
  onCleanup(`restore pid_max ${max}`, () => writeFileSync(file, String(max)));
  return `kernel.pid_max raised from ${max} to ${want} for the run (restored at the end)`;
}

/** SIGKILLs the members of the given cgroup.procs files (and the given pids) until none is
 * left, then removes the groups, children first. Only ever a load's own groups. */
function killAndRemove(procsFiles: string[], spawned: number[], dirs: string[]): void {
  for (let i = 0; i < 100; i++) {
    const pids = new Set<number>(i === 0 ? spawned : []);
    for (const f of procsFiles) for (const p of readProcs(f)) pids.add(p);
    let alive = 0;
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
        alive++;
      } catch {
        // gone
      }
    }
    if (alive === 0) break;
    sleepSync(100);
  }
  for (const d of dirs) {
    for (let i = 0; i < 50 && existsSync(d); i++) {
      try {
        rmdirSync(d);
      } catch (err) {
        // EBUSY for a moment while the last processes exit
        if ((err as NodeJS.ErrnoException).code !== 'EBUSY') throw err;
        sleepSync(100);
      }
    }
    if (existsSync(d)) log(`warning: could not remove ${d}`);
  }
}

/** A bench killed outright (SIGKILL, a reboot of the VM under it) cannot clean up; the next
 * run removes what such a bench left: load groups nstop-bench-<pid>-<size> and the groups
 * of the containers it launched (nstop/nb<pid>s<size>[cd]<i>) whose bench pid is no longer
 * a running bench, with whatever is still in them. */
export function reapStaleLoads(): string[] {
  const reaped: string[] = [];
  for (const h of cgroupHierarchies()) {
    const stale = [
      ...subdirs(h.mount).filter((d) => deadBench(/^nstop-bench-(\d+)-\d+$/, d)),
      ...subdirs(join(h.mount, 'nstop')).filter((d) => deadBench(/^nb(\d+)s\d+[cd]\d+$/, d)),
    ];
    for (const top of stale) {
      const dirs = postOrder(top);
      killAndRemove(dirs.map((d) => join(d, 'cgroup.procs')), [], dirs);
      reaped.push(top);
    }
  }
  return reaped;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** The groups under top, children before their parent (the order rmdir needs). */
function postOrder(top: string): string[] {
  return [...subdirs(top).flatMap(postOrder), top];
}

function deadBench(re: RegExp, dir: string): boolean {
  const m = re.exec(dir.slice(dir.lastIndexOf('/') + 1));
  return m !== null && !benchAlive(Number(m[1]));
}

export function benchAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bench');
  } catch {
    return false;
  }
}

export async function startLoad(containers: number, perContainer: number, tag: string): Promise<Load> {
  const sleeps = Math.max(1, perContainer - 2);
  const expected = containers * (sleeps + 2);
  const hier = cgroupHierarchies();
  if (hier.length === 0) throw new Error('no cgroup hierarchy found in /proc/self/mountinfo');
  const parents = hier.map((h) => join(h.mount, tag));
  const leaves: string[][] = [];
  const procsFiles = (): string[] => leaves.flat().map((d) => join(d, 'cgroup.procs'));
  let spawned: number[] = [];

  const killAll = (): void => {
    killAndRemove(procsFiles(), spawned, [...leaves.flat(), ...parents]);
    spawned = [];
  };
  const teardown = onCleanup(`load ${tag}`, killAll);

  for (const p of parents) mkdirSync(p);
  for (const h of hier) {
    if (h.kind !== 'cgroup2') continue;
    // a cgroup2 tree with controllers: hand them down to the containers' groups
    const parent = join(h.mount, tag);
    const avail = readFileSync(join(parent, 'cgroup.controllers'), 'utf8').split(/\s+/).filter((c) => ['memory', 'pids', 'cpu'].includes(c));
    if (avail.length > 0) writeFileSync(join(parent, 'cgroup.subtree_control'), avail.map((c) => `+${c}`).join(' '));
  }
  const busybox = which('busybox');
  const sleepCmd = busybox ? `${busybox} sleep` : 'sleep';
  const shell = busybox ? `${busybox} sh` : '/bin/sh';
  const inner = `i=0; while [ $i -lt ${sleeps} ]; do ${sleepCmd} 100000 & i=$((i+1)); done; wait`;
  const outer = `inner=$1; shift; for f in "$@"; do echo $$ > "$f"; done; exec unshare --fork --pid --mount-proc --uts --ipc --kill-child ${shell} -c "$inner"`;

  for (let i = 0; i < containers; i++) {
    const dirs = parents.map((p) => join(p, `c${i}`));
    for (const d of dirs) mkdirSync(d);
    leaves.push(dirs);
    const child = spawn('/bin/sh', ['-c', outer, 'sh', inner, ...dirs.map((d) => join(d, 'cgroup.procs'))], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid) spawned.push(child.pid);
    // let the forks of one container run before the next starts a new batch
    if (i % 10 === 9) await sleep(20);
  }
  const count = (): number => new Set(procsFiles().flatMap(readProcs)).size;
  const started = now();
  let n = 0;
  while (now() - started < 120_000) {
    n = count();
    if (n >= expected) break;
    await sleep(250);
  }
  if (n < expected) log(`warning: load reached ${n} of ${expected} processes after ${((now() - started) / 1000).toFixed(0)} s`);
  return { containers, perContainer: sleeps + 2, expected, count, teardown };
}
