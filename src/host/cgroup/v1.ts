// cgroup v1 reads, one controller hierarchy each. Real lines from this machine:
//   memory.limit_in_bytes: "9223372036854771712" (no limit)   memory.failcnt: "0"
//   memory.oom_control:    "oom_kill_disable 0\nunder_oom 0\noom_kill 0"
//   pids.max: "max"   cpuacct.usage: "123456789" (ns)   cpu.cfs_quota_us: "-1"
//   cpu.stat: "nr_periods 0\nnr_throttled 0\nthrottled_time 0" (ns)
import { join } from 'node:path';
import { cpusFromQuota, mustExist, parseMax, readOptional, swapFromMemsw, v1Bytes, weightFromShares, readKeyValues, readNumber } from './files.js';
import type { CgroupRef, CgroupStats, CpuStats, MemoryStats, PidsStats } from './types.js';

const num = readNumber;
const kv = readKeyValues;
const usec = (ns: number | undefined) => (ns === undefined ? undefined : Math.round(ns / 1000));

export function readV1Memory(dir: string): MemoryStats {
  mustExist(dir);
  const current = num(dir, 'memory.usage_in_bytes');
  const max = num(dir, 'memory.limit_in_bytes', v1Bytes);
  const memswUsage = num(dir, 'memory.memsw.usage_in_bytes');
  const memswMax = num(dir, 'memory.memsw.limit_in_bytes', v1Bytes);
  const stat = kv(dir, 'memory.stat');
  const oomControl = kv(dir, 'memory.oom_control');
  // hierarchical (total_*) counters include sub-groups, like v2's
  const inactive = stat?.get('total_inactive_file') ?? stat?.get('inactive_file');
  return {
    current,
    workingSet: current !== undefined && inactive !== undefined ? Math.max(0, current - inactive) : undefined,
    max,
    swapCurrent: memswUsage !== undefined && current !== undefined ? Math.max(0, memswUsage - current) : undefined,
    swapMax: memswMax !== undefined && max !== undefined ? swapFromMemsw(memswMax, max) : undefined,
    // v1 has no "oom" counter separate from kills; under_oom shows an OOM in progress
    oomKill: oomControl?.get('oom_kill'),
    underOom: oomControl?.has('under_oom') ? oomControl.get('under_oom') === 1 : undefined,
    maxHits: num(dir, 'memory.failcnt'),
  };
}

export function readV1Pids(dir: string): PidsStats {
  mustExist(dir);
  return { current: num(dir, 'pids.current'), max: num(dir, 'pids.max', parseMax), maxHits: kv(dir, 'pids.events')?.get('max') };
}

export function readV1Cpu(cpuDir: string | undefined, acctDir: string | undefined): CpuStats {
  const out: CpuStats = {};
  if (acctDir !== undefined) {
    mustExist(acctDir);
    out.usageUsec = usec(num(acctDir, 'cpuacct.usage'));
    out.userUsec = usec(num(acctDir, 'cpuacct.usage_user'));
    out.systemUsec = usec(num(acctDir, 'cpuacct.usage_sys'));
  }
  if (cpuDir !== undefined) {
    mustExist(cpuDir);
    const stat = kv(cpuDir, 'cpu.stat');
    out.nrPeriods = stat?.get('nr_periods');
    out.nrThrottled = stat?.get('nr_throttled');
    out.throttledUsec = usec(stat?.get('throttled_time'));
    const quota = num(cpuDir, 'cpu.cfs_quota_us');
    const period = num(cpuDir, 'cpu.cfs_period_us');
    out.limitCpus = quota !== undefined && period !== undefined ? cpusFromQuota(quota, period) : undefined;
    const shares = num(cpuDir, 'cpu.shares');
    out.weight = shares === undefined ? undefined : weightFromShares(shares);
  }
  return out;
}

export const V1_FORMULA = 'memory.usage_in_bytes (page cache included); working set = usage - total_inactive_file';

export function readV1Stats(v1: Record<string, string>, ref: CgroupRef): CgroupStats {
  const at = (ctrl: string): string | undefined => {
    const mount = v1[ctrl];
    const path = ref.v1[ctrl];
    return mount !== undefined && path !== undefined ? join(mount, path) : undefined;
  };
  const mem = at('memory');
  const pids = at('pids');
  const freezer = at('freezer');
  const state = freezer === undefined ? undefined : readOptional(freezer, 'freezer.state')?.trim();
  return {
    memory: mem === undefined ? {} : readV1Memory(mem),
    pids: pids === undefined ? {} : readV1Pids(pids),
    cpu: readV1Cpu(at('cpu'), at('cpuacct')),
    psi: {},
    frozen: state === undefined ? undefined : state === 'FROZEN',
    memoryFormula: V1_FORMULA,
  };
}
