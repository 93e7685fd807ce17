// cgroup v1 driver: one hierarchy per controller, ref.v1[ctrl] under layout.v1[ctrl].
// Real lines from this machine (kernel 6.18):
//   memory.usage_in_bytes "4157440"   memory.limit_in_bytes "9223372036854771712" (none)
//   memory.memsw.usage_in_bytes "4460544" (absent without swap accounting)
//   memory.failcnt "0"   memory.oom_control "oom_kill_disable 0\nunder_oom 0\noom_kill 0"
//   memory.stat "total_inactive_file 24576"
//   cpuacct.usage "308015560422" (ns)   cpuacct.usage_user / usage_sys (ns)
//   cpu.cfs_quota_us "-1"   cpu.cfs_period_us "100000"   cpu.shares "1024"
//   cpu.stat "nr_periods 0\nnr_throttled 0\nthrottled_time 0" (ns)
//   pids.max "max" | "20"   pids.events "max 2"   freezer.state "THAWED"
// Hierarchy roots lack pids.*, freezer.state and memsw limits: those read undefined.
import { cpusFromQuota, swapFromMemsw, usecFromNs, weightFromShares, workingSet } from './converters.js';
import { existing, mustExist, type CgroupFiles } from './files.js';
import { flagOf, parseFreezerState, parseMax, parseV1Limit } from './parse.js';
import { refFromMembership } from './ref.js';
import { createV1Group, restrictV1Devices, setV1Frozen, setV1Limits, v1Procs, v1UniqueDirs } from './v1-write.js';
import { removeGroupDir } from './write.js';
import { join } from 'node:path';
import { emptyStats } from './stats.js';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats, CpuStats, MemoryStats, PidsStats } from './types.js';

export const V1_FORMULA = 'memory.usage_in_bytes (page cache included); working set = usage - memory.stat total_inactive_file';

export function readV1Memory(f: CgroupFiles, dir: string): MemoryStats {
  // no mustExist: this read throws ENOENT when the group is gone (readOptional)
  const current = f.readNumber(dir, 'memory.usage_in_bytes');
  const max = f.readNumber(dir, 'memory.limit_in_bytes', parseV1Limit);
  const memswUsage = f.readNumber(dir, 'memory.memsw.usage_in_bytes');
  const memswMax = f.readNumber(dir, 'memory.memsw.limit_in_bytes', parseV1Limit);
  // total_* counts sub-groups too, like v2's memory.stat
  const inactiveFile = f.readKeyValue(dir, 'memory.stat', ['total_inactive_file', 'inactive_file']);
  const oomControl = f.readKeyValues(dir, 'memory.oom_control');
  return {
    current,
    workingSet: workingSet(current, inactiveFile),
    max,
    swapCurrent: memswUsage === undefined || current === undefined ? undefined : Math.max(0, memswUsage - current),
    swapMax: memswMax === undefined || max === undefined ? undefined : swapFromMemsw(memswMax, max),
    // v1 counts kills but not OOM events; under_oom is set while one is in progress
    oomKill: oomControl?.get('oom_kill'),
    underOom: flagOf(oomControl, 'under_oom'),
    maxHits: sumKnown(f.readNumber(dir, 'memory.failcnt'), f.readNumber(dir, 'memory.memsw.failcnt')),
  };
}

/** A charge refused by memsw.limit is not tried against limit_in_bytes, so the two
 *  failcnt files count different hits: their sum is v2's memory.events max. (Kernel 6.18
 *  here leaves both at "0" even after OOM kills; older kernels count.) */
function sumKnown(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : a + b;
}

export function readV1Pids(f: CgroupFiles, dir: string): PidsStats {
  return {
    current: f.readNumber(dir, 'pids.current'),
    max: f.readNumber(dir, 'pids.max', parseMax),
    maxHits: f.readKeyValues(dir, 'pids.events')?.get('max'),
  };
}

/** cpu (limits, throttling) and cpuacct (usage) may be one dir or two. */
export function readV1Cpu(f: CgroupFiles, cpuDir: string | undefined, acctDir: string | undefined): CpuStats {
  const out: CpuStats = {};
  if (acctDir !== undefined) {
    out.usageUsec = usecFromNs(f.readNumber(acctDir, 'cpuacct.usage'));
    out.userUsec = usecFromNs(f.readNumber(acctDir, 'cpuacct.usage_user'));
    out.systemUsec = usecFromNs(f.readNumber(acctDir, 'cpuacct.usage_sys'));
  }
  if (cpuDir !== undefined) {
    const stat = f.readKeyValues(cpuDir, 'cpu.stat');
    out.nrPeriods = stat?.get('nr_periods');
    out.nrThrottled = stat?.get('nr_throttled');
    out.throttledUsec = usecFromNs(stat?.get('throttled_time'));
    const quota = f.readNumber(cpuDir, 'cpu.cfs_quota_us');
    const period = f.readNumber(cpuDir, 'cpu.cfs_period_us');
    out.limitCpus = quota === undefined || period === undefined ? undefined : cpusFromQuota(quota, period);
    const shares = f.readNumber(cpuDir, 'cpu.shares');
    out.weight = shares === undefined ? undefined : weightFromShares(shares);
  }
  return out;
}

/** Reads ref.v1 under layout.v1, through `f` (its caches). */
export function createV1Driver(layout: CgroupLayout, f: CgroupFiles): CgroupDriver {
  const at = (ref: CgroupRef, ctrl: string) => f.groupDir(layout.v1[ctrl], ref.v1[ctrl]);
  return {
    layout,
    readFile: (path) => f.readText(path),
    close: () => f.close(),
    readStats(ref: CgroupRef): CgroupStats {
      const mem = at(ref, 'memory'), pids = at(ref, 'pids'), cpu = at(ref, 'cpu'), acct = at(ref, 'cpuacct'), freezer = at(ref, 'freezer');
      if (freezer !== undefined) mustExist(freezer);
      return {
        ...emptyStats(V1_FORMULA),
        memory: mem === undefined ? {} : readV1Memory(f, mem),
        pids: pids === undefined ? {} : readV1Pids(f, pids),
        cpu: readV1Cpu(f, cpu, acct),
        frozen: freezer === undefined ? undefined : f.readParsed(freezer, 'freezer.state', parseFreezerState),
      };
    },
    readHot(ref: CgroupRef): CgroupStats {
      const mem = at(ref, 'memory'), pids = at(ref, 'pids'), acct = at(ref, 'cpuacct'), freezer = at(ref, 'freezer');
      if (mem === undefined && pids === undefined && acct === undefined && freezer !== undefined) mustExist(freezer);
      return {
        ...emptyStats(V1_FORMULA),
        memory: mem === undefined ? {} : { current: f.readNumber(mem, 'memory.usage_in_bytes') },
        pids: pids === undefined ? {} : { current: f.readNumber(pids, 'pids.current') },
        cpu: acct === undefined ? {} : { usageUsec: usecFromNs(f.readNumber(acct, 'cpuacct.usage')) },
        frozen: freezer === undefined ? undefined : f.readParsed(freezer, 'freezer.state', parseFreezerState),
      };
    },
    readUsage(ref: CgroupRef): number | undefined {
      const acct = at(ref, 'cpuacct');
      return acct === undefined ? undefined : usecFromNs(f.readNumber(acct, 'cpuacct.usage'));
    },
    // v1 has no PSI per group
    readPsi: () => ({}),
    readPeak(ref: CgroupRef): number | undefined {
      const mem = at(ref, 'memory');
      return mem === undefined ? undefined : f.readNumber(mem, 'memory.max_usage_in_bytes');
    },
    refFromMembership,
    eventSources(ref) {
      const mem = at(ref, 'memory');
      const pids = at(ref, 'pids');
      return {
        notify: [],
        oomControl: existing(mem, ['memory.oom_control']),
        // v1 pids.events never fires inotify (KERNEL-FACTS): poll it
        poll: [...existing(mem, ['memory.failcnt', 'memory.memsw.failcnt']), ...existing(pids, ['pids.events'])],
      };
    },
    create: (path) => createV1Group(layout, path),
    remove: (ref) => v1UniqueDirs(layout, ref).forEach(removeGroupDir),
    setLimits: (ref, change) => setV1Limits(layout, ref, change),
    restrictDevices: (ref) => restrictV1Devices(layout, ref),
    setFrozen: (ref, frozen) => setV1Frozen(layout, ref, frozen),
    killAll: () => false,
    procs: (ref) => v1Procs(layout, ref),
    procsFiles: (ref) => v1UniqueDirs(layout, ref).map((d) => join(d, 'cgroup.procs')),
  };
}
