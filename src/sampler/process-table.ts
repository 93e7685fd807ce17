// The live process table. Reading every file of every pid each tick is what makes htop
// expensive; here a pid costs a readdir entry per tick, and its identity (status,
// cmdline, cgroup, ns links) is read on first sight of (pid, starttime) and re-checked:
// while young (a fresh fork usually execs and joins cgroups right after), then on a
// slow rotation (cgroup moves, pid reuse).
import { isVanished } from '../host/errors.js';
import { readProcessIdentity, readProcessStat, type ProcessIdentity } from '../host/proc-reader.js';
import { listPids } from '../host/procfs/list-pids.js';
import type { ProcInput } from '../model/input.js';

/** Ticks during which a new pid is re-read in full. */
const YOUNG_TICKS = 3;
/** A full rotation re-reads every pid's identity once per this many ticks. */
const ROTATION_TICKS = 60;
/** Pids handled between two yields to the event loop (keeps key handling responsive). */
const CHUNK = 400;
/** Bytes per page for /proc/PID/stat rss: 4 KiB on x86-64 and arm64 (4K-page kernels). */
const PAGE_SIZE = 4096;

type Entry = { input: ProcInput; firstTick: number };

export type TableOptions = { procRoot: string; onError: (pid: number, err: unknown) => void };

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export function toInput(id: ProcessIdentity): ProcInput {
  const s = id.stat;
  return {
    pid: s.pid,
    starttime: s.starttime,
    ppid: s.ppid,
    comm: s.comm,
    state: s.state,
    cmdline: id.cmdline,
    uid: id.status?.uids[0],
    nspid: id.status?.nspid ?? [],
    ns: id.ns,
    nsDenied: id.nsDenied,
    cgroups: id.cgroups,
    // kthreadd (pid 2) and its children: no cmdline and no memory map.
    kernelThread: id.cmdline.length === 0 && (s.pid === 2 || s.ppid === 2),
    threads: s.numThreads,
  };
}

export function createProcessTable(opts: TableOptions) {
  const entries = new Map<number, Entry>();
  let tick = 0;
  let cursor = 0;

  function identity(pid: number): ProcInput | undefined {
    try {
      const id = readProcessIdentity(opts.procRoot, pid);
      return id ? toInput(id) : undefined;
    } catch (err) {
      if (!isVanished(err)) opts.onError(pid, err);
      return undefined;
    }
  }

  async function refresh(demand: 'none' | 'all' | ReadonlySet<number>): Promise<ProcInput[]> {
    tick++;
    const pids = listPids(opts.procRoot);
    const alive = new Set(pids);
    for (const pid of entries.keys()) if (!alive.has(pid)) entries.delete(pid);
    const rotate = new Set<number>();
    const perTick = Math.ceil(pids.length / ROTATION_TICKS);
    for (let i = 0; i < perTick && pids.length > 0; i++) rotate.add(pids[(cursor + i) % pids.length]!);
    cursor = pids.length > 0 ? (cursor + perTick) % pids.length : 0;

    const out: ProcInput[] = [];
    for (let i = 0; i < pids.length; i++) {
      if (i > 0 && i % CHUNK === 0) await yieldToLoop();
      const pid = pids[i]!;
      let e = entries.get(pid);
      if (!e || tick - e.firstTick < YOUNG_TICKS || rotate.has(pid)) {
        const input = identity(pid);
        if (!input) {
          entries.delete(pid);
          continue;
        }
        // Same (pid, starttime): keep its age; a new starttime is a new process.
        const firstTick = e && e.input.starttime === input.starttime ? e.firstTick : tick;
        e = { input, firstTick };
        entries.set(pid, e);
      }
      if (demand === 'all' || (demand !== 'none' && demand.has(pid))) {
        const stat = readStatQuietly(pid);
        if (!stat) continue;
        if (stat.starttime !== e.input.starttime) {
          entries.delete(pid); // reused pid: re-read on the next tick
          continue;
        }
        e.input = {
          ...e.input,
          state: stat.state,
          cpuTicks: stat.utime + stat.stime,
          rssBytes: stat.rssPages * PAGE_SIZE,
          threads: stat.numThreads,
          comm: stat.comm,
        };
      }
      out.push(e.input);
    }
    return out;
  }

  function readStatQuietly(pid: number) {
    try {
      return readProcessStat(opts.procRoot, pid);
    } catch (err) {
      if (!isVanished(err)) opts.onError(pid, err);
      return undefined;
    }
  }

  return { refresh, size: () => entries.size };
}
