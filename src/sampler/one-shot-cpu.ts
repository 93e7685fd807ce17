// The one-shot commands' CPU %: probes for what a first sample shows (a container's own
// cgroup counter; for one without, each of its processes), measured over a window of
// whole CFS periods (cpu-window.ts), laid over the second sample's rows in place of the
// model's rate between the two samples (one clock per sample, see cpu-window.ts).
import type { CgroupDriver } from '../host/cgroup/types.js';
import type { ContainerRow, ProcessRow, Snapshot } from '../model/types.js';
import { cgroupProbe, measureCpu, processProbe, type CpuProbe } from './cpu-window.js';

export type OneShotCpu = { containers: Map<string, number | undefined>; processes: Map<number, number | undefined> };

export type ProbeOptions = {
  driver: CgroupDriver;
  procRoot: string;
  clockTicks: number;
  /** these containers' processes get a figure of their own too (ps) */
  processesOf?: readonly ContainerRow[];
};

/** Measures over the window; resolves once the second reading is taken. */
export async function measureSnapshotCpu(s: Snapshot, o: ProbeOptions): Promise<OneShotCpu> {
  const starts = new Map(s.processes.map((p) => [p.pid, p.starttime]));
  const probes: CpuProbe[] = [];
  const memberKeys = new Map<string, string[]>();
  const probed = new Set<number>();
  const probePid = (pid: number): string | undefined => {
    const start = starts.get(pid);
    if (start === undefined) return undefined;
    const key = `p:${pid}`;
    if (!probed.has(pid)) probes.push(processProbe(o.procRoot, key, pid, start, o.clockTicks));
    probed.add(pid);
    return key;
  };
  for (const c of s.containers) {
    if (c.status === 'stopped') continue;
    if (c.cgroupRef && c.stats?.cpu.usageUsec !== undefined) probes.push(cgroupProbe(o.driver, `c:${c.id}`, c.cgroupRef));
    else memberKeys.set(c.id, c.pids.flatMap((pid) => probePid(pid) ?? []));
  }
  for (const c of o.processesOf ?? []) for (const pid of c.pids) probePid(pid);
  const m = await measureCpu(probes);
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
