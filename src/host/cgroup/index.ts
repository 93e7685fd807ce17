// The cgroup driver: the layout is detected once, then one driver reads every group.
// Callers never branch on v1/v2/hybrid; they ask the driver.
import { detectCgroupLayout } from './detect.js';
import { createHybridDriver } from './hybrid.js';
import { keepFilesUnder } from './kept-files.js';
import type { CgroupDriver, CgroupLayout, CgroupMode } from './types.js';
import { createV1Driver } from './v1.js';
import { createV2Driver } from './v2.js';

export { detectCgroupLayout } from './detect.js';
export { refFromMembership } from './ref.js';

const DRIVERS: Record<CgroupMode, (layout: CgroupLayout) => CgroupDriver> = {
  v1: createV1Driver,
  v2: createV2Driver,
  hybrid: createHybridDriver,
};

export function createCgroupDriver(cgroupRoot = '/sys/fs/cgroup'): CgroupDriver {
  const layout = detectCgroupLayout(cgroupRoot);
  for (const mount of new Set([...Object.values(layout.v1), ...(layout.unified === undefined ? [] : [layout.unified])])) keepFilesUnder(mount);
  return DRIVERS[layout.mode](layout);
}
