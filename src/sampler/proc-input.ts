// A process's ProcInput as the table keeps it: made from a first sight's identity,
// completed, given each tick's figures, and compared to tell a new identity (grouping and
// the namespace list are rebuilt only then).
import type { IdentityRest, ProcessIdentity } from '../host/proc-reader.js';
import type { ProcInput } from '../model/input.js';

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

/** `p` completed with what a cheap first sight left out (same fields, same order). */
export function withRest(p: ProcInput, r: IdentityRest): ProcInput {
  return {
    pid: p.pid, starttime: p.starttime, ppid: p.ppid, comm: p.comm, state: p.state, cmdline: r.cmdline, uid: p.uid, nspid: p.nspid,
    ns: r.ns, nsDenied: r.nsDenied, cgroups: p.cgroups, kernelThread: p.kernelThread, cpuTicks: p.cpuTicks, rssBytes: p.rssBytes, threads: p.threads,
  };
}

/** `p` with this tick's figures. Spelled out rather than {...p, state, ...}: on Node 20's
 *  V8 each spread copy of these objects got a hidden class (map) of its own, measured at
 *  10k maps and ~7 MB of heap in the Processes view, and a slow path for every copy. */
export function withFigures(p: ProcInput, comm: string, state: string | undefined, cpuTicks: number | undefined, rssBytes: number | undefined, threads: number | undefined): ProcInput {
  return {
    pid: p.pid, starttime: p.starttime, ppid: p.ppid, comm, state, cmdline: p.cmdline, uid: p.uid, nspid: p.nspid,
    ns: p.ns, nsDenied: p.nsDenied, cgroups: p.cgroups, kernelThread: p.kernelThread, cpuTicks, rssBytes, threads,
  };
}

// Loops, not every()/some() with a closure made per call: V8 throws away the optimized
// code of such closures at each full GC and compiles them again (see README, Memory).
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Everything grouping and the namespace list are built from (not state, cpu or rss). */
export function sameIdentity(a: ProcInput, b: ProcInput): boolean {
  if (a.starttime !== b.starttime || a.ppid !== b.ppid || a.uid !== b.uid || a.kernelThread !== b.kernelThread) return false;
  if (a.comm !== b.comm && !a.kernelThread) return false; // kworkers rename per work queue
  if (!sameList(a.cmdline, b.cmdline) || !sameList(a.nspid, b.nspid) || !sameList(a.nsDenied, b.nsDenied)) return false;
  if (a.ns !== b.ns) {
    const ak = Object.keys(a.ns) as (keyof ProcInput['ns'])[];
    if (ak.length !== Object.keys(b.ns).length) return false;
    for (const k of ak) if (a.ns[k] !== b.ns[k]) return false;
  }
  if (a.cgroups === b.cgroups) return true;
  if (a.cgroups.length !== b.cgroups.length) return false;
  for (let i = 0; i < a.cgroups.length; i++) {
    const l = a.cgroups[i]!;
    const r = b.cgroups[i]!;
    if (l.path !== r.path || l.hierarchyId !== r.hierarchyId) return false;
  }
  return true;
}
