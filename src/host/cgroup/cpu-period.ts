// The CFS period of a group that has a CPU quota: it runs in bursts of `quota` µs per
// `period` µs, which is what a CPU % over a short window must be measured in whole
// multiples of (sampler/cpu-window.ts). Real lines (this host):
//   v1 cpu.cfs_quota_us "50000", cpu.cfs_period_us "100000" (no quota: "-1")
//   v2 cpu.max "50000 100000" (no quota: "max 100000")
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout, CgroupRef } from './types.js';

/** µs; undefined when the group has no quota (nothing to throttle it) or no cpu files. */
export function cpuPeriodUsec(layout: CgroupLayout, ref: CgroupRef): number | undefined {
  const read = (dir: string, file: string): string | undefined => {
    try {
      return readFileSync(join(dir, file), 'latin1').trim();
    } catch {
      return undefined;
    }
  };
  const v1 = layout.v1['cpu'];
  if (v1 !== undefined && ref.v1['cpu'] !== undefined) {
    const dir = join(v1, ref.v1['cpu']);
    const quota = read(dir, 'cpu.cfs_quota_us');
    if (quota === undefined || quota === '-1') return undefined;
    const period = Number(read(dir, 'cpu.cfs_period_us'));
    return period > 0 ? period : undefined;
  }
  if (layout.unified !== undefined && ref.unified !== undefined) {
    const [quota, period] = (read(join(layout.unified, ref.unified), 'cpu.max') ?? 'max').split(' ');
    return quota === 'max' || !(Number(period) > 0) ? undefined : Number(period);
  }
  return undefined;
}
