// Process rows of one model step, and the CPU % of processes read this tick.
import type { OwnerLookup } from './owners.js';
import { ticksPercent } from './counters.js';
import { isolatedKinds } from './host-ns.js';
import type { ProcInput } from './input.js';
import type { ProcessRow } from './types.js';
import type { NsIds } from '../host/vocabulary.js';

/** Last tick's process rows with figures and the inputs they were made from, by pid:
 *  the process table hands back the same input for a process that did not run, and
 *  its row (0% CPU again) is then reused rather than made anew, 10k times a tick.
 *  Not a WeakMap keyed by input: V8 then gives every later {...input} copy a map of
 *  its own (measured: 10k maps, ~7 MB of heap, and a slow path for each copy). */
export type RowsByPid = { generation: number | undefined; inputs: Map<number, ProcInput>; rows: Map<number, ProcessRow> };

/** What the per-row builders need of one buildModel call. They are module functions,
 *  not closures made per call: V8 drops the optimized code of closures that died at each
 *  full GC and compiles them again (~4 TurboFan jobs a second at 10k). */
export type ProcContext = {
  /** whether rows carry figures; without, a process read only for its container's CPU %
   *  shows none (figures are this tick's or absent) */
  figures: boolean;
  procs: readonly ProcInput[];
  userName: (uid: number | undefined) => string;
  wallMs: number;
  /** the unit of ProcInput.cpuTicks: the host's clock ticks per second */
  clockTicks: number;
  /** last tick's inputs with figures, by pid: CPU % is ticks since then */
  prevInputs: Map<number, ProcInput> | undefined;
  hostNs: NsIds;
  ownerOf: OwnerLookup;
  last: RowsByPid | undefined;
  rowsByPid: RowsByPid | undefined;
};

export function processRows(x: ProcContext): ProcessRow[] {
  const out: ProcessRow[] = [];
  const { last, rowsByPid, procs } = x;
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const before = last?.inputs.get(p.pid) === p ? last.rows.get(p.pid) : undefined;
    const cpuPct = x.figures ? cpuOf(p, x) : undefined;
    const row = before && before.cpuPct === cpuPct ? before : processRow(p, cpuPct, x);
    rowsByPid?.inputs.set(p.pid, p);
    rowsByPid?.rows.set(p.pid, row);
    out.push(row);
  }
  return out;
}

function processRow(p: ProcInput, cpuPct: number | undefined, x: ProcContext): ProcessRow {
  return {
    pid: p.pid,
    starttime: p.starttime,
    ppid: p.ppid,
    nspid: p.nspid,
    comm: p.comm,
    cmdline: p.cmdline,
    uid: p.uid,
    user: x.userName(p.uid),
    state: p.state,
    cpuPct,
    rssBytes: x.figures ? p.rssBytes : undefined,
    threads: p.threads,
    ns: p.ns,
    isolated: isolatedKinds(p.ns, x.hostNs),
    containerId: x.ownerOf.get(p.pid),
    kernelThread: p.kernelThread,
  };
}

/** CPU % of a process read this tick: its ticks since last tick's reading of the same
 *  process (pid and starttime), or undefined. */
export function cpuOf(p: ProcInput, x: ProcContext): number | undefined {
  if (p.cpuTicks === undefined) return undefined;
  const prev = x.prevInputs?.get(p.pid);
  return ticksPercent(p.cpuTicks, prev !== undefined && prev.starttime === p.starttime ? prev.cpuTicks : undefined, x.wallMs, x.clockTicks);
}
