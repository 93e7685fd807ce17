// cgroup v2 driver: one directory per group under the cgroup2 mount (ref.unified).
// Lines per cgroup-v2.rst:
//   memory.current "20971520"   memory.max "max"   memory.swap.max "0"
//   memory.events  "oom_kill 1" (also low, high, max, oom, oom_group_kill)
//   memory.stat    "inactive_file 4194304"
//   pids.current "3"   pids.max "20"   pids.events "max 2"
//   cpu.stat "usage_usec 1500000" (user_usec system_usec nr_periods nr_throttled throttled_usec)
//   cpu.max "50000 100000"   cpu.weight "100"   cgroup.events "populated 1" / "frozen 0"
import { cpusFromQuota, workingSet } from './converters.js';
import { existing, mustExist, type CgroupFiles } from './files.js';
import { flagOf, parseCpuMax, parseMax } from './parse.js';
import { readPsi, type PsiKind } from './psi.js';
import { emptyStats } from './stats.js';
import { refFromMembership } from './ref.js';
import { createV2Group, killV2, setV2Frozen, setV2Limits, v2Dir, v2Procs } from './v2-write.js';
import { removeGroupDir } from './write.js';
import { join } from 'node:path';
import type { PsiSet } from '../types.js';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats, CpuStats, MemoryStats, PidsStats } from './types.js';

export const V2_FORMULA = 'memory.current (page cache included); working set = current - memory.stat inactive_file';

export function readV2Memory(f: CgroupFiles, dir: string): MemoryStats {
  const current = f.readNumber(dir, 'memory.current');
  const events = f.readKeyValues(dir, 'memory.events');
  return {
    current,
    workingSet: workingSet(current, f.readKeyValue(dir, 'memory.stat', ['inactive_file'])),
    max: f.readNumber(dir, 'memory.max', parseMax),
    high: f.readNumber(dir, 'memory.high', parseMax),
    swapCurrent: f.readNumber(dir, 'memory.swap.current'),
    swapMax: f.readNumber(dir, 'memory.swap.max', parseMax),
    oom: events?.get('oom'),
    oomKill: events?.get('oom_kill'),
    maxHits: events?.get('max'),
    highHits: events?.get('high'),
  };
}

export function readV2Pids(f: CgroupFiles, dir: string): PidsStats {
  return {
    current: f.readNumber(dir, 'pids.current'),
    max: f.readNumber(dir, 'pids.max', parseMax),
    maxHits: f.readKeyValues(dir, 'pids.events')?.get('max'),
  };
}

export function readV2Cpu(f: CgroupFiles, dir: string, withController = true): CpuStats {
  // cpu.stat's usage/user/system lines exist even without the cpu controller
  const stat = f.readKeyValues(dir, 'cpu.stat');
  const max = withController ? f.readParsed(dir, 'cpu.max', parseCpuMax) : undefined;
  return {
    usageUsec: stat?.get('usage_usec'),
    userUsec: stat?.get('user_usec'),
    systemUsec: stat?.get('system_usec'),
    nrPeriods: stat?.get('nr_periods'),
    nrThrottled: stat?.get('nr_throttled'),
    throttledUsec: stat?.get('throttled_usec'),
    limitCpus: max === undefined ? undefined : cpusFromQuota(max.quota, max.period),
    weight: withController ? f.readNumber(dir, 'cpu.weight') : undefined,
  };
}

/** Which controllers' files a group has: its cgroup.controllers (a real line: "cpuset cpu
 *  io memory hugetlb pids rdma misc"; empty in a hybrid host's unified tree), or undefined
 *  when the file cannot be read (a fixture tree without it): every file is then tried and
 *  the files themselves say what is there. Without this, a hybrid host tried ten missing
 *  memory/pids/cpu files per group and full read (a failed open each). Remembered in the
 *  driver's f.controllers for ABSENT_TICKS ticks per directory, so hot reads (4-6 files)
 *  do not pay one more: a controller handed down later (systemd enabling memory for a new
 *  MemoryMax=) shows within that, as a file found absent does (files.ts). */
export function groupControllers(f: CgroupFiles, dir: string): ReadonlySet<string> | undefined {
  const now = f.now();
  const known = f.controllers.entry(dir, now);
  if (known !== undefined) return known.value;
  const text = f.readOptional(dir, 'cgroup.controllers');
  const names = text === undefined ? undefined : new Set(text.split(/\s+/));
  f.controllers.set(dir, names, now);
  return names;
}
/** No cgroup.controllers to go by: try every controller's files. */
const has = (names: ReadonlySet<string> | undefined, controller: string): boolean => names === undefined || names.has(controller);

/** Everything of one group dir; throws ENOENT when the group is gone. */
export function readV2Dir(f: CgroupFiles, dir: string): CgroupStats {
  mustExist(dir);
  const ctrl = groupControllers(f, dir);
  const events = f.readKeyValues(dir, 'cgroup.events');
  return {
    memory: has(ctrl, 'memory') ? readV2Memory(f, dir) : {},
    pids: has(ctrl, 'pids') ? readV2Pids(f, dir) : {},
    cpu: readV2Cpu(f, dir, has(ctrl, 'cpu')),
    psi: readPsi(f, dir),
    frozen: flagOf(events, 'frozen'),
    populated: flagOf(events, 'populated'),
    memoryFormula: V2_FORMULA,
  };
}

/** The hot part (driver readHot); `withCpu` false when another hierarchy has CPU time. */
export function readV2Hot(f: CgroupFiles, dir: string, withCpu = true): CgroupStats {
  mustExist(dir);
  const ctrl = groupControllers(f, dir);
  const events = f.readKeyValues(dir, 'cgroup.events');
  return {
    ...emptyStats(V2_FORMULA),
    memory: has(ctrl, 'memory') ? { current: f.readNumber(dir, 'memory.current') } : {},
    pids: has(ctrl, 'pids') ? { current: f.readNumber(dir, 'pids.current') } : {},
    cpu: withCpu ? { usageUsec: readV2Usage(f, dir) } : {},
    frozen: flagOf(events, 'frozen'),
    populated: flagOf(events, 'populated'),
  };
}

/** cpu.stat's usage_usec: cgroup2 keeps it in every group, with or without the cpu
 *  controller (a real first line: "usage_usec 1791246"). */
export function readV2Usage(f: CgroupFiles, dir: string): number | undefined {
  return f.readKeyValue(dir, 'cpu.stat', ['usage_usec']);
}

/** Reads ref.unified under layout.unified (the v2 root, or a hybrid host's unified mount),
 *  through `f` (its caches; shared with the v1 side on a hybrid host). */
export function createV2Driver(layout: CgroupLayout, f: CgroupFiles): CgroupDriver {
  return {
    layout,
    readFile: (path) => f.readText(path),
    close: () => f.close(),
    readStats(ref: CgroupRef): CgroupStats {
      const dir = f.groupDir(layout.unified, ref.unified);
      return dir === undefined ? emptyStats(V2_FORMULA) : readV2Dir(f, dir);
    },
    readHot(ref: CgroupRef): CgroupStats {
      const dir = f.groupDir(layout.unified, ref.unified);
      return dir === undefined ? emptyStats(V2_FORMULA) : readV2Hot(f, dir);
    },
    readUsage(ref: CgroupRef): number | undefined {
      const dir = f.groupDir(layout.unified, ref.unified);
      return dir === undefined ? undefined : readV2Usage(f, dir);
    },
    readPsi(ref: CgroupRef, kinds?: readonly PsiKind[]): PsiSet {
      const dir = f.groupDir(layout.unified, ref.unified);
      // a gone group throws from readOptional (ENOENT and no dir)
      return dir === undefined ? {} : readPsi(f, dir, kinds);
    },
    readPeak(ref: CgroupRef): number | undefined {
      const dir = f.groupDir(layout.unified, ref.unified);
      return dir === undefined ? undefined : f.readNumber(dir, 'memory.peak');
    },
    refFromMembership,
    eventSources(ref) {
      const dir = f.groupDir(layout.unified, ref.unified);
      return { notify: existing(dir, ['memory.events', 'pids.events', 'cgroup.events']), oomControl: [], poll: [] };
    },
    create: (path) => (createV2Group(layout, path, true), { v1: {}, unified: path }),
    remove: (ref) => {
      const dir = v2Dir(layout, ref);
      if (dir !== undefined) removeGroupDir(dir);
    },
    setLimits: (ref, change) => setV2Limits(layout, ref, change),
    // v2 has no devices files: a BPF_CGROUP_DEVICE program does it (native/stage/devices.c)
    restrictDevices: () => undefined,
    setFrozen: (ref, frozen) => setV2Frozen(layout, ref, frozen),
    killAll: (ref) => killV2(layout, ref),
    procs: (ref) => v2Procs(layout, ref),
    procsFiles: (ref) => {
      const dir = v2Dir(layout, ref);
      return dir === undefined ? [] : [join(dir, 'cgroup.procs')];
    },
  };
}
