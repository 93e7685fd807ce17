// The live process table. Reading every file of every pid each tick is what makes htop
// expensive; here a known pid costs nothing at all while the host's task set stands
// still, and a readdir entry per tick when it moves:
// - the pid list (pid-source.ts) is last tick's while /proc/loadavg says no task came or
//   went, is kept by the kernel's process events where they are to be had, and is
//   otherwise read from /proc.
// - identity (status, cmdline, cgroup, ns links) is read on first sight of (pid,
//   starttime) and re-checked while young (a fresh fork usually execs and joins cgroups
//   right after), when its stat shows a new comm or an event says it exec'd or its pid
//   was reused, and when a slow bounded rotation finds its stat, command line or cgroup
//   changed (rotation-check.ts). An old process that calls setns(2) or setuid(2)
//   without exec or any of those changes keeps its first-sight namespaces and user;
//   unshare(1), nsenter(1) and su exec (a new comm).
// - stat (cpu, rss) only for the pids the screen asks for. For all of them (the
//   Processes view) a caller may say which cgroups stood still (`quiet`: their CPU time
//   did not move since the last tick, one file per cgroup): a process in one did not
//   run, so its stat line is last tick's and is not read again, except once per
//   QUIET_REREAD ticks (memory reclaimed or swapped out moves rss without it running).
//   A thread placed in another cgroup than its process (threaded cgroups) is missed.
// - deferIdentity (the dashboard's start on a big host): a container's ordinary members
//   get a glance on the first tick (stat and pid link: glance.ts), other unseen pids the
//   cheap identity; both are completed over the next ticks. `ahead`: what that first tick
//   reads, read beforehand by a helper (first-look.ts).
// `generation()` moves only when a pid came, went or changed identity: the sampler keeps
// everything it derives from identities (grouping, namespaces) until it does.
import { isVanished } from '../host/errors.js';
import { createProcReader, type IdentityRest } from '../host/proc-reader.js';
import type { ProcInput } from '../model/input.js';
import { uptimeTicks } from './task-signature.js';
import { sameIdentity, toInput, withFigures, withRest } from './proc-input.js';
import { createPidSource } from './pid-source.js';
import { glance, type Glances } from './glance.js';
import { moved } from './rotation-check.js';
import type { QuietCgroups, TableOptions } from './process-table-types.js';
export type { QuietCgroups, TableOptions } from './process-table-types.js';

/** Ticks during which a new pid is re-read in full... */
const YOUNG_TICKS = 3;
/** ...if it started less than this long ago (a host's 10k old processes seen on the
 *  first tick are not young: re-reading them twice would triple the start-up cost). */
const YOUNG_SEC = 5;
/** A full rotation checks every pid's cgroup and stat once per this many ticks... */
const ROTATION_TICKS = 120;
/** ...but never more than this many per tick (a 10k-process host: once per ~3 min). */
const ROTATION_MAX = 48;
/** Pids handled between two yields to the event loop (keeps key handling responsive). */
const CHUNK = 400;
/** A process whose cgroup stood still is read anyway once per this many ticks. */
const QUIET_REREAD = 30;
/** With deferIdentity, the links and command lines a cheap first sight left out are read
 *  over the next ticks, this many a tick (10k processes: 4 ticks of ~0.15 s each instead
 *  of ~0.7 s more on the first). */
const REST_PER_TICK = 2500;

/** A generation's change is kept for at most this many inputs (more: regroup anyway). */
const MOST_TOUCHED = 256;

/** shownTick: the last tick whose figures (cpu, rss) `input` carries */
type Entry = { input: ProcInput; firstTick: number; shownTick?: number };

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export function createProcessTable(opts: TableOptions) {
  let tick = 0;
  const reader = opts.reader ?? createProcReader({ procRoot: opts.procRoot, clock: () => tick });
  const entries = new Map<number, Entry>();
  /** pids whose identity is re-read next tick: young ones, and execs seen in stat */
  const recheck = new Set<number>();
  /** pids read cheaply whose other links and command line are still to read */
  const pending = new Set<number>();
  /** of those, the ones only glanced at (glance.ts): their whole identity is to read */
  const glanced = new Set<number>();
  let cursor = 0;
  let generation = 0;
  const pidSource = createPidSource(opts.procRoot, opts.pidEvents);
  /** last tick's list when it carried no figures */
  let lastBare: ProcInput[] | undefined;
  /** what made the latest generation from the one before, when kept */
  let lastChange: readonly ProcInput[] | undefined;

  function identity(pid: number, cheap: boolean): ProcInput | undefined {
    try {
      const id = reader.identity(pid, cheap);
      glanced.delete(pid);
      if (id?.partial) pending.add(pid);
      else pending.delete(pid);
      return id ? toInput(id) : undefined;
    } catch (err) {
      if (!isVanished(err)) opts.onError(pid, err);
      return undefined;
    }
  }

  /** This tick's pids; pids whose process may have changed under them are re-read. */
  function currentPids(): { list: number[]; changed: boolean; gone: number[] } {
    const now = pidSource.next();
    for (const pid of now.renewed) if (entries.has(pid)) recheck.add(pid);
    return now;
  }

  let ahead = opts.ahead;
  async function refresh(demand: 'none' | 'all' | ReadonlySet<number>, quiet?: QuietCgroups): Promise<ProcInput[]> {
    if (ahead === undefined) return refreshTable(demand, quiet);
    const reads = ahead();
    ahead = undefined;
    reader.useAhead(await reads);
    try {
      return await refreshTable(demand, quiet);
    } finally {
      reader.useAhead(undefined);
    }
  }

  async function refreshTable(demand: 'none' | 'all' | ReadonlySet<number>, quiet?: QuietCgroups): Promise<ProcInput[]> {
    tick++;
    const upTicks = uptimeTicks(reader);
    const { list, changed: listChanged, gone } = currentPids();
    let changed = listChanged;
    const touched: ProcInput[] = [];
    let untracked = false;
    const touch = (p: ProcInput): void => void (touched.length < MOST_TOUCHED ? touched.push(p) : (untracked = true));
    // every entry's pid is in the last list (entries are made from it)
    for (let i = 0; i < gone.length; i++) {
      const old = entries.get(gone[i]!);
      if (old) touch(old.input);
      entries.delete(gone[i]!);
      recheck.delete(gone[i]!);
    }
    const rotate = new Set<number>();
    const perTick = Math.min(ROTATION_MAX, Math.ceil(list.length / ROTATION_TICKS));
    for (let i = 0; i < perTick && list.length > 0; i++) rotate.add(list[(cursor + i) % list.length]!);
    cursor = list.length > 0 ? (cursor + perTick) % list.length : 0;

    // the rotation's cheap check first: a process that moved is re-read below
    for (const pid of rotate) {
      const e = entries.get(pid);
      if (e && !recheck.has(pid) && !pending.has(pid) && moved(reader, pid, e.input)) recheck.add(pid);
    }
    const completed = await completeSome();
    if (completed) changed = untracked = true;
    // Nothing came, went or is due a re-read, and no figures are wanted (the Containers
    // view): last tick's list is this tick's.
    const bare = demand === 'none' || (demand !== 'all' && demand.size === 0);
    if (bare && lastBare && !listChanged && !completed && recheck.size === 0) return lastBare;
    let cheap = false;
    let glances: Glances | undefined;
    if (opts.deferIdentity !== undefined) {
      const unseen: number[] = [];
      for (let i = 0; i < list.length; i++) if (!entries.has(list[i]!)) unseen.push(list[i]!);
      cheap = unseen.length >= opts.deferIdentity;
      if (cheap) glances = glance(reader, unseen, (pid) => entries.get(pid)?.input.ns.pid);
    }

    /** Takes a pid's new input into the table (undefined: it is gone). */
    const admit = (pid: number, e: Entry | undefined, input: ProcInput | undefined): Entry | undefined => {
      if (!input) {
        if (e) {
          changed = true;
          touch(e.input);
        }
        entries.delete(pid);
        recheck.delete(pid);
        return undefined;
      }
      // Same (pid, starttime): keep its age; a new starttime is a new process.
      const firstTick = e && e.input.starttime === input.starttime ? e.firstTick : tick;
      if (!e || !sameIdentity(e.input, input)) {
        changed = true;
        touch(input);
        if (e) touch(e.input);
      }
      const next: Entry = { input, firstTick };
      entries.set(pid, next);
      if (tick - firstTick < YOUNG_TICKS - 1 && (upTicks === undefined || upTicks - input.starttime < YOUNG_SEC * reader.clockTicks)) recheck.add(pid);
      else recheck.delete(pid);
      return next;
    };
    /** A glanced member's input: the cgroups of its nearest ancestor read in full (read
     *  now if the list has not come to it yet); undefined: read it as any other. */
    const glanceAt = (g: Glances, pid: number): ProcInput | undefined => {
      let root = pid;
      for (let parent = g.parentOf(root), n = 0; parent !== undefined && n < 1000; parent = g.parentOf(root), n++) root = parent;
      if (root === pid) return undefined;
      const top = entries.get(root) ?? admit(root, undefined, identity(root, false));
      const input = top ? g.input(pid, top.input.cgroups) : undefined;
      if (input) {
        pending.add(pid);
        glanced.add(pid);
      }
      return input;
    };

    const out: ProcInput[] = [];
    for (let i = 0; i < list.length; i++) {
      if (i > 0 && i % CHUNK === 0) await yieldToLoop();
      const pid = list[i]!;
      let e = entries.get(pid);
      if (!e || recheck.has(pid)) {
        const seen = !e && glances ? glanceAt(glances, pid) : undefined;
        e = admit(pid, e, seen ?? identity(pid, cheap && !e));
        if (!e) continue;
      }
      if (demand === 'all' || (demand !== 'none' && demand.has(pid))) {
        if (quiet && e.shownTick === tick - 1 && (pid + tick) % QUIET_REREAD !== 0 && quiet(e.input.cgroups)) {
          e.shownTick = tick; // did not run: last tick's figures are this tick's
          out.push(e.input);
          continue;
        }
        const stat = readStatQuietly(pid);
        if (!stat) continue;
        if (stat.starttime !== e.input.starttime) {
          entries.delete(pid); // reused pid: read as new on the next tick
          recheck.delete(pid);
          changed = true;
          touch(e.input);
          continue;
        }
        // an exec: new cmdline too. Kernel threads never exec, but kworkers rename
        // themselves for each work queue ("kworker/1:2-events"): not a new identity
        if (stat.comm !== e.input.comm && !e.input.kernelThread) recheck.add(pid);
        e.input = withFigures(e.input, stat.comm, stat.state, stat.utime + stat.stime, reader.rssBytes(stat), stat.numThreads);
        e.shownTick = tick;
      } else if (e.input.cpuTicks !== undefined || e.input.rssBytes !== undefined) {
        // figures are "read this tick" or absent, never last minute's
        e.input = withFigures(e.input, e.input.comm, e.input.state, undefined, undefined, e.input.threads);
      }
      out.push(e.input);
    }
    if (changed) {
      generation++;
      lastChange = untracked ? undefined : touched;
    }
    lastBare = bare ? out : undefined;
    return out;
  }

  /** Reads what cheap first sights left out, REST_PER_TICK of them; whether any changed. */
  async function completeSome(): Promise<boolean> {
    let n = 0;
    for (const pid of pending) {
      if (n >= REST_PER_TICK) break;
      pending.delete(pid);
      const e = entries.get(pid);
      if (!e) {
        glanced.delete(pid);
        continue;
      }
      if (++n % CHUNK === 0) await yieldToLoop();
      if (glanced.has(pid)) {
        // the whole identity; this tick's figures (if read) stay until the stat read below
        const full = identity(pid, false);
        if (full) e.input = withFigures(full, full.comm, full.state, e.input.cpuTicks, e.input.rssBytes, full.threads);
        continue;
      }
      let rest: IdentityRest | undefined;
      try {
        rest = reader.rest(pid);
      } catch (err) {
        opts.onError(pid, err);
      }
      if (rest) e.input = withRest(e.input, rest);
    }
    return n > 0;
  }

  function readStatQuietly(pid: number) {
    try {
      return reader.stat(pid);
    } catch (err) {
      if (!isVanished(err)) opts.onError(pid, err);
      return undefined;
    }
  }

  return {
    refresh,
    size: () => entries.size,
    /** the unit of ProcInput.cpuTicks (the reader's sysconf clock ticks) */
    clockTicks: reader.clockTicks,
    /** pids whose identity is not complete yet (deferIdentity) */
    pending: () => pending.size,
    /** moves when a pid came, went or changed identity */
    generation: () => generation,
    /** the inputs that made the latest generation from the one before: those that came
     *  and those that went (a changed identity: both); undefined when not kept (the
     *  completion of cheap first sights, more than MOST_TOUCHED) */
    lastChange: () => lastChange,
    /** how many times /proc was listed (the rest were skipped by the loadavg check) */
    listings: () => pidSource.listings(),
    /** the input of a pid as the last refresh left it (figures only if read then) */
    inputOf: (pid: number): ProcInput | undefined => entries.get(pid)?.input,
    /** closes the files kept open (the sampler stops) */
    close: () => {
      reader.close();
      pidSource.close();
    },
  };
}
