// The cgroup driver: version decided once by detect.ts, one reading interface for all.
// Hybrid = the v1 driver for limits and stats + the unified hierarchy for PSI and
// cgroup.events (populated, frozen).
import type { CgroupMembership } from '../types.js';
import { detectCgroupLayout } from './detect.js';
import { readEvents, readPsi } from './psi.js';
import type { CgroupDriver, CgroupLayout, CgroupRef, CgroupStats } from './types.js';
import { readV1Stats } from './v1.js';
import { readV2Stats } from './v2.js';
import { join } from 'node:path';
import { mustExist } from './files.js';

/** /proc/PID/cgroup lines -> where the process is in each hierarchy. */
export function refFromMembership(lines: readonly CgroupMembership[]): CgroupRef {
  const ref: CgroupRef = { v1: {} };
  for (const l of lines) {
    if (l.hierarchyId === 0) ref.unified = l.path;
    else for (const c of l.controllers) ref.v1[c] = l.path;
  }
  return ref;
}

const empty = (formula: string): CgroupStats => ({ memory: {}, pids: {}, cpu: {}, psi: {}, memoryFormula: formula });

function readStatsFor(layout: CgroupLayout, ref: CgroupRef): CgroupStats {
  if (layout.mode === 'v2') return ref.unified === undefined ? empty('n/a') : readV2Stats(layout, ref.unified);
  const stats = Object.keys(ref.v1).length > 0 ? readV1Stats(layout.v1, ref) : empty('n/a');
  if (layout.mode === 'hybrid' && layout.unified !== undefined && ref.unified !== undefined) {
    const dir = join(layout.unified, ref.unified);
    mustExist(dir);
    const ev = readEvents(dir);
    return { ...stats, psi: readPsi(dir), populated: ev.populated, frozen: ev.frozen ?? stats.frozen };
  }
  return stats;
}

export function createCgroupDriver(cgroupRoot = '/sys/fs/cgroup'): CgroupDriver {
  const layout = detectCgroupLayout(cgroupRoot);
  return {
    layout,
    readStats: (ref) => readStatsFor(layout, ref),
    refFromMembership,
  };
}
