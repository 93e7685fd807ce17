// Hybrid driver (v1 controllers + a controller-less cgroup2 at <root>/unified, like this
// machine): the v1 driver for limits and stats, the unified hierarchy (ref.unified, which
// can differ from the v1 paths) for PSI and cgroup.events (populated, frozen). A figure
// the v1 side lacks is taken from the unified side when it has it (e.g. cpu.stat
// usage_usec, which cgroup2 keeps without any controller; or a controller bound to v2).
import { fillMissing } from './stats.js';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats } from './types.js';
import { createV1Driver } from './v1.js';
import { createV2Driver } from './v2.js';

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

export function createHybridDriver(layout: CgroupLayout): CgroupDriver {
  const v1 = createV1Driver(layout);
  const v2 = createV2Driver(layout);
  return {
    layout,
    readStats(ref: CgroupRef): CgroupStats {
      const a = v1.readStats(ref);
      return mergeHybrid(a, ref.unified === undefined ? undefined : v2.readStats(ref));
    },
    refFromMembership: v1.refFromMembership,
  };
}
