// cgroup v2 reads. Real lines (cgroup-v2.rst; this kernel's unified mount):
//   memory.max: "max" | "67108864"        memory.events: "oom_kill 1"
//   pids.max:   "20"                      pids.events:   "max 104"
//   cpu.max:    "50000 100000"            cpu.stat:      "usage_usec 1234567"
import { join } from 'node:path';
import { cpusFromQuota, mustExist, parseInteger, parseMax, readOptional, readKeyValues, readNumber } from './files.js';
import { readEvents, readPsi } from './psi.js';
import type { CgroupLayout, CgroupStats, CpuStats, MemoryStats, PidsStats } from './types.js';

const num = readNumber;
const kv = readKeyValues;

export function readV2Memory(dir: string): MemoryStats {
  const current = num(dir, 'memory.current');
  const stat = kv(dir, 'memory.stat');
  const events = kv(dir, 'memory.events');
  const inactive = stat?.get('inactive_file');
  return {
    current,
    workingSet: current !== undefined && inactive !== undefined ? Math.max(0, current - inactive) : undefined,
    max: num(dir, 'memory.max', parseMax),
    high: num(dir, 'memory.high', parseMax),
    swapCurrent: num(dir, 'memory.swap.current'),
    swapMax: num(dir, 'memory.swap.max', parseMax),
    oom: events?.get('oom'),
    oomKill: events?.get('oom_kill'),
    maxHits: events?.get('max'),
    highHits: events?.get('high'),
  };
}

export function readV2Pids(dir: string): PidsStats {
  return { current: num(dir, 'pids.current'), max: num(dir, 'pids.max', parseMax), maxHits: kv(dir, 'pids.events')?.get('max') };
}

export function readV2Cpu(dir: string): CpuStats {
  const stat = kv(dir, 'cpu.stat');
  const max = readOptional(dir, 'cpu.max')?.trim().split(/\s+/);
  return {
    usageUsec: stat?.get('usage_usec'),
    userUsec: stat?.get('user_usec'),
    systemUsec: stat?.get('system_usec'),
    nrPeriods: stat?.get('nr_periods'),
    nrThrottled: stat?.get('nr_throttled'),
    throttledUsec: stat?.get('throttled_usec'),
    limitCpus: max && max.length === 2 ? cpusFromQuota(max[0] === 'max' ? -1 : parseInteger(max[0]!, join(dir, 'cpu.max')), parseInteger(max[1]!, join(dir, 'cpu.max'))) : undefined,
    weight: num(dir, 'cpu.weight'),
  };
}

export const V2_FORMULA = 'memory.current (page cache included); working set = current - memory.stat inactive_file';

export function readV2Stats(layout: CgroupLayout, path: string): CgroupStats {
  const dir = join(layout.unified ?? layout.root, path);
  mustExist(dir);
  return { memory: readV2Memory(dir), pids: readV2Pids(dir), cpu: readV2Cpu(dir), psi: readPsi(dir), ...readEvents(dir), memoryFormula: V2_FORMULA };
}
