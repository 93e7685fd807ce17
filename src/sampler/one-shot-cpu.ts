// The one-shot commands' CPU %: probes for what a first sample shows (a container's own
// cgroup counter; for one without, each of its processes), measured over a window of
// whole CFS periods (cpu-window.ts), laid over the second sample's rows in place of the
// model's rate between the two samples (one clock per sample, see cpu-window.ts).
import type { CgroupDriver } from '../host/cgroup/types.js';
import type { ContainerRow, ProcessRow, Snapshot } from '../model/types.js';
import { beginCpu, cgroupProbe, processProbe, type CpuProbe } from './cpu-window.js';

/** Processes read per pass at most (two small files each, ~35 µs): past this a pass
 *  would outlast the window it times (a host with 200 ad-hoc containers of 50 processes
 *  read 6,000 here: 1.4 s of CPU); containers past it keep the model's figure, from the
 *  samples' own reading of every process. */
export const MAX_PROCESS_PROBES = 500;

export type OneShotCpu = { containers: Map<string, number | undefined>; processes: Map<number, number | undefined> };

export type ProbeOptions = {
  driver: CgroupDriver;
  procRoot: string;
  clockTicks: number;
  /** these containers' processes get a figure of their own too (ps) */
  processesOf?: readonly ContainerRow[];
};

/** Starts the window at once; `end()` resolves once the second reading is taken (the
 *  caller samples again meanwhile: the window need not wait for that sample too). */
export function beginSnapshotCpu(s: Snapshot, o: ProbeOptions): { end(): Promise<OneShotCpu> } {
  const starts = new Map(s.processes.map((p) => [p.pid, p.starttime]));
  const probes: CpuProbe[] = [];
  const memberKeys = new Map<string, string[]>();
  const probed = new Set<number>();
  const probePid = (pid: number): string | undefined => {
    const start = starts.get(pid);
    if (start === undefined || (!probed.has(pid) && probed.size >= MAX_PROCESS_PROBES)) return undefined;
    const key = `p:${pid}`;
    if (!probed.has(pid)) probes.push(processProbe(o.procRoot, key, pid, start, o.clockTicks));
    probed.add(pid);
    return key;
  };
  // ps's container first: its processes are what it shows
  for (const c of o.processesOf ?? []) for (const pid of c.pids) probePid(pid);
  for (const c of s.containers) {
    if (c.status === 'stopped') continue;
    if (c.cgroupRef && c.stats?.cpu.usageUsec !== undefined) probes.push(cgroupProbe(o.driver, `c:${c.id}`, c.cgroupRef));
    else if (probed.size + c.pids.length <= MAX_PROCESS_PROBES || c.pids.every((pid) => probed.has(pid))) memberKeys.set(c.id, c.pids.flatMap((pid) => probePid(pid) ?? []));
  }
  const window = beginCpu(probes);
  return { end: async () => oneShotFigures(probes, memberKeys, probed, await window.end()) };
}

function oneShotFigures(probes: readonly CpuProbe[], memberKeys: ReadonlyMap<string, string[]>, probed: ReadonlySet<number>, m: ReadonlyMap<string, number | undefined>): OneShotCpu {
  const containers = new Map<string, number | undefined>();
  for (const p of probes) if (p.key.startsWith('c:')) containers.set(p.key.slice(2), m.get(p.key));
  for (const [id, keys] of memberKeys) {
    // processes that ended in the window count for what they ran till then: not known,
    // so the sum is of those read both times (as the dashboard's sum is)
    const known = keys.map((k) => m.get(k)).filter((v): v is number => v !== undefined);
    containers.set(id, known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined);
  }
  const processes = new Map<number, number | undefined>();
  for (const pid of probed) processes.set(pid, m.get(`p:${pid}`));
  return { containers, processes };
}

/** The snapshot with the measured figures where there are any (a container or process
 *  that appeared after the first sample keeps the model's). */
export function withOneShotCpu(s: Snapshot, cpu: OneShotCpu): Snapshot {
  const container = (c: ContainerRow): ContainerRow => {
    if (!cpu.containers.has(c.id)) return c;
    const { cpuAgeMs: _, ...rest } = c;
    const v = cpu.containers.get(c.id);
    return v === undefined ? { ...rest, cpuPct: undefined } : { ...rest, cpuPct: v };
  };
  const proc = (p: ProcessRow): ProcessRow => (cpu.processes.has(p.pid) ? { ...p, cpuPct: cpu.processes.get(p.pid) } : p);
  return { ...s, containers: s.containers.map(container), processes: s.processes.map(proc) };
}
