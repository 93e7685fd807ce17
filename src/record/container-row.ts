// A decoded container back as a model row: what the columns stored, nothing else (no
// processes, namespaces or history). Downsampling re-encodes it; replay shows it.
import type { ContainerRow } from '../model/types.js';
import type { DecodedContainer } from './sample-codec.js';

/** A decoded container back as the encoder takes it: only what the columns read. */
export function rowOf(c: DecodedContainer): ContainerRow {
  const v = (n: string) => {
    const x = c.values[n];
    return x === null || x === undefined ? undefined : x;
  };
  const counter = (n: string) => ({ value: v(n) });
  // undefined stays undefined (the columns read it as "not known"): the types say number
  const psi = (some: string, full: string | undefined, total: string) => ({ some: { avg10: v(some) as number, avg60: 0, avg300: 0, total: v(total) as number }, ...(full ? { full: { avg10: v(full) as number, avg60: 0, avg300: 0, total: 0 } } : {}) });
  return {
    id: c.id, name: c.name, runtime: c.runtime as ContainerRow['runtime'], ...(c.image ? { image: c.image } : {}), ...(c.cgroup ? { cgroupPath: c.cgroup } : {}), status: c.status as ContainerRow['status'],
    ownCgroup: true, pids: [], nprocs: v('nprocs') ?? 0, ns: {}, isolated: [], command: '', history: { cpuPct: [], memoryBytes: [] },
    cpuPct: v('cpuPct'),
    stats: {
      memory: { current: v('memory'), workingSet: v('workingSet'), max: v('memoryMax'), high: v('memoryHigh'), swapCurrent: v('swap'), swapMax: v('swapMax') },
      pids: { current: v('pids'), max: v('pidsMax') },
      cpu: { usageUsec: v('cpuUsageUsec'), limitCpus: v('cpuLimit'), weight: v('cpuWeight'), nrPeriods: v('nrPeriods'), nrThrottled: v('nrThrottled'), throttledUsec: v('throttledUsec') },
      psi: { cpu: psi('psiCpuSome10', undefined, 'psiCpuSomeUsec'), memory: psi('psiMemorySome10', 'psiMemoryFull10', 'psiMemorySomeUsec'), io: psi('psiIoSome10', undefined, 'psiIoSomeUsec') },
      ...(v('frozen') !== undefined ? { frozen: v('frozen') === 1 } : {}),
      memoryFormula: '',
    },
    counters: { oom: counter('oom'), oomKill: counter('oomKill'), memoryMaxHits: counter('memoryMaxHits'), memoryHighHits: counter('memoryHighHits'), pidsMax: counter('pidsMaxHits'), throttled: {} },
  } as ContainerRow;
}

