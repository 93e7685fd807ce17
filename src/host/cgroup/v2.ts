// cgroup v2 driver: one directory per group under the cgroup2 mount (ref.unified).
// Lines per cgroup-v2.rst:
//   memory.current "20971520"   memory.max "max"   memory.swap.max "0"
//   memory.events  "oom_kill 1" (also low, high, max, oom, oom_group_kill)
//   memory.stat    "inactive_file 4194304"
//   pids.current "3"   pids.max "20"   pids.events "max 2"
//   cpu.stat "usage_usec 1500000" (user_usec system_usec nr_periods nr_throttled throttled_usec)
//   cpu.max "50000 100000"   cpu.weight "100"   cgroup.events "populated 1" / "frozen 0"
import { cpusFromQuota, workingSet } from './converters.js';
import { existing, groupDir, mustExist, readKeyValue, readKeyValues, readNumber, readOptional, readParsed } from './files.js';
import { flagOf, parseCpuMax, parseMax } from './parse.js';
import { readPsi } from './psi.js';
import { emptyStats } from './stats.js';
import { refFromMembership } from './ref.js';
import { createV2Group, killV2, setV2Frozen, setV2Limits, v2Dir, v2Procs } from './v2-write.js';
import { removeGroupDir } from './write.js';
import { join } from 'node:path';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats, CpuStats, MemoryStats, PidsStats } from './types.js';

export const V2_FORMULA = 'memory.current (page cache included); working set = current - memory.stat inactive_file';

export function readV2Memory(dir: string): MemoryStats {
  const current = readNumber(dir, 'memory.current');
  const events = readKeyValues(dir, 'memory.events');
  return {
    current,
    workingSet: workingSet(current, readKeyValue(dir, 'memory.stat', ['inactive_file'])),
    max: readNumber(dir, 'memory.max', parseMax),
    high: readNumber(dir, 'memory.high', parseMax),
    swapCurrent: readNumber(dir, 'memory.swap.current'),
    swapMax: readNumber(dir, 'memory.swap.max', parseMax),
    oom: events?.get('oom'),
    oomKill: events?.get('oom_kill'),
    maxHits: events?.get('max'),
    highHits: events?.get('high'),
  };
}

export function readV2Pids(dir: string): PidsStats {
  return {
    current: readNumber(dir, 'pids.current'),
    max: readNumber(dir, 'pids.max', parseMax),
    maxHits: readKeyValues(dir, 'pids.events')?.get('max'),
  };
}

export function readV2Cpu(dir: string, withController = true): CpuStats {
  // cpu.stat's usage/user/system lines exist even without the cpu controller
  const stat = readKeyValues(dir, 'cpu.stat');
  const max = withController ? readParsed(dir, 'cpu.max', parseCpuMax) : undefined;
  return {
    usageUsec: stat?.get('usage_usec'),
    userUsec: stat?.get('user_usec'),
    systemUsec: stat?.get('system_usec'),
    nrPeriods: stat?.get('nr_periods'),
    nrThrottled: stat?.get('nr_throttled'),
    throttledUsec: stat?.get('throttled_usec'),
    limitCpus: max === undefined ? undefined : cpusFromQuota(max.quota, max.period),
    weight: withController ? readNumber(dir, 'cpu.weight') : undefined,
  };
}

/** Which controllers' files a group has: its cgroup.controllers (a real line: "cpuset cpu
 *  io memory hugetlb pids rdma misc"; empty in a hybrid host's unified tree). A lookup
 *  answers true for all when the file cannot be read (a fixture tree without it): the
 *  files themselves then say what is there. Without this, a hybrid host tried ten
 *  missing memory/pids/cpu files per group and full read (a failed open each). */
export function controllersOf(dir: string): (name: string) => boolean {
  const text = readOptional(dir, 'cgroup.controllers');
  if (text === undefined) return () => true;
  const names = new Set(text.split(/\s+/));
  return (name) => names.has(name);
}

/** Everything of one group dir; throws ENOENT when the group is gone. */
export function readV2Dir(dir: string): CgroupStats {
  mustExist(dir);
  const has = controllersOf(dir);
  const events = readKeyValues(dir, 'cgroup.events');
  return {
    memory: has('memory') ? readV2Memory(dir) : {},
    pids: has('pids') ? readV2Pids(dir) : {},
    cpu: readV2Cpu(dir, has('cpu')),
    psi: readPsi(dir),
    frozen: flagOf(events, 'frozen'),
    populated: flagOf(events, 'populated'),
    memoryFormula: V2_FORMULA,
  };
}

/** The hot part (driver readHot); `withCpu` false when another hierarchy has CPU time. */
export function readV2Hot(dir: string, withCpu = true): CgroupStats {
  mustExist(dir);
  const has = controllersOf(dir);
  const events = readKeyValues(dir, 'cgroup.events');
  return {
    ...emptyStats(V2_FORMULA),
    memory: has('memory') ? { current: readNumber(dir, 'memory.current') } : {},
    pids: has('pids') ? { current: readNumber(dir, 'pids.current') } : {},
    cpu: withCpu ? { usageUsec: readV2Usage(dir) } : {},
    frozen: flagOf(events, 'frozen'),
    populated: flagOf(events, 'populated'),
  };
}

/** cpu.stat's usage_usec: cgroup2 keeps it in every group, with or without the cpu
 *  controller (a real first line: "usage_usec 1791246"). */
export function readV2Usage(dir: string): number | undefined {
  return readKeyValue(dir, 'cpu.stat', ['usage_usec']);
}

/** Reads ref.unified under layout.unified (the v2 root, or a hybrid host's unified mount). */
export function createV2Driver(layout: CgroupLayout): CgroupDriver {
  return {
    layout,
    readStats(ref: CgroupRef): CgroupStats {
      const dir = groupDir(layout.unified, ref.unified);
      return dir === undefined ? emptyStats(V2_FORMULA) : readV2Dir(dir);
    },
    readHot(ref: CgroupRef): CgroupStats {
      const dir = groupDir(layout.unified, ref.unified);
      return dir === undefined ? emptyStats(V2_FORMULA) : readV2Hot(dir);
    },
    readUsage(ref: CgroupRef): number | undefined {
      const dir = groupDir(layout.unified, ref.unified);
      return dir === undefined ? undefined : readV2Usage(dir);
    },
    refFromMembership,
    eventSources(ref) {
      const dir = groupDir(layout.unified, ref.unified);
      return { notify: existing(dir, ['memory.events', 'pids.events', 'cgroup.events']), oomControl: [], poll: [] };
    },
    create: (path) => (createV2Group(layout, path, true), { v1: {}, unified: path }),
    remove: (ref) => {
      const dir = v2Dir(layout, ref);
      if (dir !== undefined) removeGroupDir(dir);
    },
    setLimits: (ref, change) => setV2Limits(layout, ref, change),
    setFrozen: (ref, frozen) => setV2Frozen(layout, ref, frozen),
    killAll: (ref) => killV2(layout, ref),
    procs: (ref) => v2Procs(layout, ref),
    procsFiles: (ref) => {
      const dir = v2Dir(layout, ref);
      return dir === undefined ? [] : [join(dir, 'cgroup.procs')];
    },
  };
}
