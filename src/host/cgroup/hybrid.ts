// Hybrid driver (v1 controllers + a controller-less cgroup2 at <root>/unified, like this
// machine): the v1 driver for limits and stats, the unified hierarchy (ref.unified, which
// can differ from the v1 paths) for PSI and cgroup.events (populated, frozen). A figure
// the v1 side lacks is taken from the unified side when it has it (e.g. cpu.stat
// usage_usec, which cgroup2 keeps without any controller; or a controller bound to v2).
import { fillMissing } from './stats.js';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats } from './types.js';
import { createV1Driver } from './v1.js';
import { createV2Driver, readV2Hot, readV2Usage } from './v2.js';
import type { CgroupFiles } from './files.js';
import { canFreezeV2, createV2Group } from './v2-write.js';

/** Frozen if either freezer says so (v1 freezer.state or v2 cgroup.freeze). */
function eitherFrozen(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a === true || b === true ? true : (a ?? b);
}

export function mergeHybrid(v1: CgroupStats, unified: CgroupStats | undefined): CgroupStats {
  if (unified === undefined) return v1;
  return {
    memory: fillMissing(v1.memory, unified.memory),
    pids: fillMissing(v1.pids, unified.pids),
    cpu: fillMissing(v1.cpu, unified.cpu),
    psi: unified.psi,
    frozen: eitherFrozen(v1.frozen, unified.frozen),
    populated: unified.populated,
    memoryFormula: v1.memory.current === undefined && unified.memory.current !== undefined ? unified.memoryFormula : v1.memoryFormula,
  };
}

export function createHybridDriver(layout: CgroupLayout, f: CgroupFiles): CgroupDriver {
  // one CgroupFiles for both sides: one set of kept fds and memos, closed once
  const v1 = createV1Driver(layout, f);
  const v2 = createV2Driver(layout, f);
  return {
    layout,
    readFile: v1.readFile,
    close: v1.close,
    readStats(ref: CgroupRef): CgroupStats {
      const a = v1.readStats(ref);
      return mergeHybrid(a, ref.unified === undefined ? undefined : v2.readStats(ref));
    },
    readHot(ref: CgroupRef): CgroupStats {
      const a = v1.readHot(ref);
      const dir = f.groupDir(layout.unified, ref.unified);
      return mergeHybrid(a, dir === undefined ? undefined : readV2Hot(f, dir, a.cpu.usageUsec === undefined));
    },
    readUsage(ref: CgroupRef): number | undefined {
      const dir = f.groupDir(layout.unified, ref.unified);
      return v1.readUsage(ref) ?? (dir === undefined ? undefined : readV2Usage(f, dir));
    },
    readPsi: (ref, kinds) => v2.readPsi(ref, kinds),
    // the memory controller is v1's here; the unified group has none (no memory.peak)
    readPeak: (ref) => v1.readPeak(ref) ?? v2.readPeak(ref),
    refFromMembership: v1.refFromMembership,
    eventSources(ref) {
      const a = v1.eventSources(ref);
      const b = v2.eventSources(ref);
      return { notify: [...a.notify, ...b.notify], oomControl: [...a.oomControl, ...b.oomControl], poll: [...a.poll, ...b.poll] };
    },
    create(path) {
      const ref = v1.create(path);
      try {
        // the unified side gives PSI, cgroup.freeze and cgroup.kill for the same group
        if (layout.unified !== undefined) ref.unified = (createV2Group(layout, path, false), path);
      } catch (err) {
        v1.remove(ref); // no half-made group
        throw err;
      }
      return ref;
    },
    remove(ref) {
      v1.remove(ref);
      v2.remove(ref);
    },
    setLimits: v1.setLimits,
    restrictDevices: v1.restrictDevices,
    setFrozen: (ref, frozen) => (canFreezeV2(layout, ref) ? v2.setFrozen(ref, frozen) : v1.setFrozen(ref, frozen)),
    killAll: v2.killAll,
    procs: (ref) => [...new Set([...v1.procs(ref), ...v2.procs(ref)])],
    procsFiles: (ref) => [...v1.procsFiles(ref), ...v2.procsFiles(ref)],
  };
}
