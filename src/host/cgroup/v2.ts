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
 *  io memory hugetlb pids rdma misc"; empty in a hybrid host's unified tree), or undefined
 *  when the file cannot be read (a fixture tree without it): every file is then tried and
 *  the files themselves say what is there. Without this, a hybrid host tried ten missing
 *  memory/pids/cpu files per group and full read (a failed open each). Remembered for
 *  CONTROLLERS_MS per directory, so hot reads (4-6 files) do not pay one more: a
 *  controller handed down later (systemd enabling memory for a new MemoryMax=) shows
 *  within that, as a file found absent does (files.ts). */
export function groupControllers(dir: string): ReadonlySet<string> | undefined {
  const now = Date.now();
  const known = controllersSeen.get(dir);
  if (known !== undefined && now < known.until) return known.names;
  const text = readOptional(dir, 'cgroup.controllers');
  const names = text === undefined ? undefined : new Set(text.split(/\s+/));
  if (controllersSeen.size >= CONTROLLERS_KEPT) controllersSeen.clear();
  controllersSeen.set(dir, { names, until: now + CONTROLLERS_MS });
  return names;
}

const CONTROLLERS_MS = 10_000;
const CONTROLLERS_KEPT = 20_000;
const controllersSeen = new Map<string, { names: ReadonlySet<string> | undefined; until: number }>();
/** No cgroup.controllers to go by: try every controller's files. */
const has = (names: ReadonlySet<string> | undefined, controller: string): boolean => names === undefined || names.has(controller);

/** Everything of one group dir; throws ENOENT when the group is gone. */
export function readV2Dir(dir: string): CgroupStats {
  mustExist(dir);
  const ctrl = groupControllers(dir);
  const events = readKeyValues(dir, 'cgroup.events');
  return {
    memory: has(ctrl, 'memory') ? readV2Memory(dir) : {},
    pids: has(ctrl, 'pids') ? readV2Pids(dir) : {},
    cpu: readV2Cpu(dir, has(ctrl, 'cpu')),
    psi: readPsi(dir),
    frozen: flagOf(events, 'frozen'),
    populated: flagOf(events, 'populated'),
    memoryFormula: V2_FORMULA,
  };
}

/** The hot part (driver readHot); `withCpu` false when another hierarchy has CPU time. */
export function readV2Hot(dir: string, withCpu = true): CgroupStats {
  mustExist(dir);
  const ctrl = groupControllers(dir);
  const events = readKeyValues(dir, 'cgroup.events');
  return {
    ...emptyStats(V2_FORMULA),
    memory: has(ctrl, 'memory') ? { current: readNumber(dir, 'memory.current') } : {},
    pids: has(ctrl, 'pids') ? { current: readNumber(dir, 'pids.current') } : {},
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
