// The cgroup driver: the layout is detected once, then one driver reads every group.
// Callers never branch on v1/v2/hybrid; they ask the driver.
import { detectCgroupLayout } from './detect.js';
import { createHybridDriver } from './hybrid.js';
import { CgroupFiles } from './files.js';
import type { CgroupDriver, CgroupLayout, CgroupMode } from './types.js';
import { createV1Driver } from './v1.js';
import { createV2Driver } from './v2.js';

export { detectCgroupLayout } from './detect.js';
export { refFromMembership } from './ref.js';

const DRIVERS: Record<CgroupMode, (layout: CgroupLayout, f: CgroupFiles) => CgroupDriver> = {
  v1: createV1Driver,
  v2: createV2Driver,
  hybrid: createHybridDriver,
};

export type DriverOptions = {
  /** the current tick (the sampler's counter): kept fds close and memos of absent files
   *  age by it. Without one the driver keeps nothing open and remembers no absent file
   *  (one-shot reads, the write side). */
  clock?: () => number;
};

/** A driver with caches of its own (files.ts CgroupFiles), released by its close(). */
export function createCgroupDriver(cgroupRoot = '/sys/fs/cgroup', o: DriverOptions = {}): CgroupDriver {
  const layout = detectCgroupLayout(cgroupRoot);
  const mounts = [...new Set([...Object.values(layout.v1), ...(layout.unified === undefined ? [] : [layout.unified])])];
  return DRIVERS[layout.mode](layout, new CgroupFiles({ mounts, ...(o.clock ? { clock: o.clock } : {}) }));
}
