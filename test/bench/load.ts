// The load: N containers of M processes each. A container is
// `unshare --fork --pid --mount-proc --uts --ipc --kill-child` around a shell that starts
// M-2 sleeps (unshare + that shell + the sleeps = M processes). Where it lives is the
// load's shape (hosts differ in what a container has a group of its own in):
// - own:     its own group nstop-bench-<pid>-<size>/c<i> in the v1 memory, pids, cpu and
//            cpuacct hierarchies and in the cgroup2 tree (the unified mount on a hybrid host);
// - mempids: its own group in memory and pids only, the load's shared group elsewhere
//            (no CPU-time counter of its own: v1 hosts where only some controllers are used);
// - none:    the load's shared group everywhere (for nstop as good as no cgroup at all:
//            figures of a group shared with others are never shown, as for the root);
// - churn:   as own, and a shell in the shared group starts CHURN_PER_S short-lived
//            processes a second (/bin/true, then a sleep 1), as cron jobs, shell prompts,
//            health-check execs do on a real host: a pid comes and goes between any two
//            refreshes, so whatever a monitor builds per process table runs every refresh.
// The shared group nstop-bench-<pid>-<size> has a pids limit and a CPU limit in every
// shape, so the load can never take the machine. Teardown SIGKILLs the processes found
// in those cgroups (nothing else) until they are empty, then removes the cgroups.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installCleanupHandlers, onCleanup } from './cleanup.js';
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

export const SHAPES = ['own', 'mempids', 'none', 'churn'] as const;
export const CHURN_PER_S = 20;
export type Shape = (typeof SHAPES)[number];

/** Whether a container gets a group of its own in hierarchy `kind` under this shape. */
function ownGroupIn(shape: Shape, kind: string): boolean {
  if (shape === 'own' || shape === 'churn') return true;
  if (shape === 'none') return false;
  return kind === 'memory' || kind === 'pids';
}

/** The shared group's limits: room for the load's tasks, and 1.5 CPUs. */
function limitShared(h: Hierarchy, dir: string, tasks: number): void {
  const kinds = h.kind.split(',');
  if (kinds.includes('pids')) writeFileSync(join(dir, 'pids.max'), String(tasks));
  if (kinds.includes('cpu')) {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), '100000');
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), '150000');
  }
  if (h.kind === 'cgroup2') {
    const ctl = readFileSync(join(dir, 'cgroup.controllers'), 'utf8');
    if (/\bpids\b/.test(ctl)) writeFileSync(join(dir, 'pids.max'), String(tasks));
    if (/\bcpu\b/.test(ctl)) writeFileSync(join(dir, 'cpu.max'), '150000 100000');
  }
}

export type Load = {
  shape: Shape;
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
  // one deadline for all the groups, not 5 s each: 27,000 SIGKILLed sleeps in 600 pid
  // namespaces took over an hour to exit on a 6.18 kernel, and 3,000 groups waited on in
  // turn would have held the bench for hours; what is left the next bench removes
  // (reapStaleLoads: its bench pid is gone)
  const until = Date.now() + REMOVE_WAIT_MS;
  const left: string[] = [];
  for (const d of dirs) {
    while (existsSync(d)) {
      try {
        rmdirSync(d);
      } catch (err) {
        // EBUSY for a moment while the last processes exit
        if ((err as NodeJS.ErrnoException).code !== 'EBUSY') throw err;
        if (Date.now() >= until) break;
        sleepSync(100);
      }
    }
    if (existsSync(d)) left.push(d);
  }
  if (left.length > 0) log(`warning: could not remove ${left.length} group(s), e.g. ${left[0]}: their processes are still exiting (the next bench removes them)`);
}

/** how long a teardown waits in all for its groups to empty */
const REMOVE_WAIT_MS = 60_000;

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

export async function startLoad(containers: number, perContainer: number, tag: string, shape: Shape = 'own'): Promise<Load> {
  const sleeps = Math.max(1, perContainer - 2);
  const expected = containers * (sleeps + 2);
  const hier = cgroupHierarchies();
  if (hier.length === 0) throw new Error('no cgroup hierarchy found in /proc/self/mountinfo');
  const parents = hier.map((h) => join(h.mount, tag));
  const leaves: string[][] = [];
  // the shared groups hold the load too when a container has no group of its own there
  const procsFiles = (): string[] => [...leaves.flat(), ...parents].map((d) => join(d, 'cgroup.procs'));
  let spawned: number[] = [];

  const killAll = (): void => {
    killAndRemove(procsFiles(), spawned, [...leaves.flat(), ...parents]);
    spawned = [];
  };
  const teardown = onCleanup(`load ${tag}`, killAll);

  for (const p of parents) mkdirSync(p);
  for (const h of hier) {
    const parent = join(h.mount, tag);
    limitShared(h, parent, expected + containers + 64);
    if (h.kind !== 'cgroup2' || !ownGroupIn(shape, h.kind)) continue;
    // a cgroup2 tree with controllers: hand them down to the containers' groups
    const avail = readFileSync(join(parent, 'cgroup.controllers'), 'utf8').split(/\s+/).filter((c) => ['memory', 'pids', 'cpu'].includes(c));
    if (avail.length > 0) writeFileSync(join(parent, 'cgroup.subtree_control'), avail.map((c) => `+${c}`).join(' '));
  }
  // each container's cgroup.procs files: its own group's where the shape gives it one
  const own = hier.map((h) => ownGroupIn(shape, h.kind));
  const busybox = which('busybox');
  const sleepCmd = busybox ? `${busybox} sleep` : 'sleep';
  const shell = busybox ? `${busybox} sh` : '/bin/sh';
  const inner = `i=0; while [ $i -lt ${sleeps} ]; do ${sleepCmd} 100000 & i=$((i+1)); done; wait`;
  const outer = `inner=$1; shift; for f in "$@"; do echo $$ > "$f"; done; exec unshare --fork --pid --mount-proc --uts --ipc --kill-child ${shell} -c "$inner"`;

  for (let i = 0; i < containers; i++) {
    const mine = parents.flatMap((p, k) => (own[k] ? [join(p, `c${i}`)] : []));
    for (const d of mine) mkdirSync(d);
    leaves.push(mine);
    const joins = parents.map((p, k) => join(own[k] ? join(p, `c${i}`) : p, 'cgroup.procs'));
    const child = spawn('/bin/sh', ['-c', outer, 'sh', inner, ...joins], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid) spawned.push(child.pid);
    // let the forks of one container run before the next starts a new batch
    if (i % 10 === 9) await sleep(20);
  }
  if (shape === 'churn') {
    const bin = busybox ? `${busybox} true` : '/bin/true';
    const loop = `for f in "$@"; do echo $$ > "$f"; done; while :; do i=0; while [ $i -lt ${CHURN_PER_S - 1} ]; do ${bin}; i=$((i+1)); done; ${sleepCmd} 1; done`;
    const child = spawn(shell.split(' ')[0]!, [...shell.split(' ').slice(1), '-c', loop, 'sh', ...parents.map((p) => join(p, 'cgroup.procs'))], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid) spawned.push(child.pid);
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
  return { shape, containers, perContainer: sleeps + 2, expected, count, teardown };
}

/** The start every stand-alone bench of one nstop command shares (serve.ts, fleet.ts):
 *  root, the clean-up hooks, stale loads of killed benches removed, pid room, then
 *  `size` processes in containers of `per` (shape own). undefined without root (said). */
export async function standAloneLoad(what: string, size: number, per: number): Promise<{ containers: number; load: Load } | undefined> {
  if (process.getuid?.() !== 0) {
    process.stderr.write(`bench ${what}: needs root (the load makes cgroups)\n`);
    return undefined;
  }
  installCleanupHandlers();
  for (const g of reapStaleLoads()) log(`removed ${g}, left by a bench that was killed outright`);
  const room = ensurePidRoom(size);
  if (room) log(room);
  const containers = Math.max(1, Math.round(size / per));
  log(`starting ${containers} containers x ${per} processes`);
  return { containers, load: await startLoad(containers, per, `nstop-bench-${process.pid}-${size}`, 'own') };
}
