// Final counters of a container's group, read just before it is removed.
import type { CgroupRef } from '../host/cgroup/types.js';
import type { ActContext } from './context.js';
import type { FinalCounters } from './state.js';

export function readFinalCounters(ctx: ActContext, ref: CgroupRef): FinalCounters | undefined {
  try {
    const s = ctx.driver.readStats(ref);
    const out: FinalCounters = {};
    if (s.memory.oomKill !== undefined) out.oomKill = s.memory.oomKill;
    if (s.memory.oom !== undefined) out.oom = s.memory.oom;
    if (s.memory.maxHits !== undefined) out.memoryMaxHits = s.memory.maxHits;
    if (s.pids.maxHits !== undefined) out.pidsMaxHits = s.pids.maxHits;
    if (s.cpu.usageUsec !== undefined) out.cpuUsageUsec = s.cpu.usageUsec;
    // the peak against the limit it had then (set may have changed the launch's): what
    // a stopped row shows once the group and its figures are gone
    const peak = ctx.driver.readPeak(ref);
    if (peak !== undefined) out.memoryPeak = peak;
    if (s.memory.max !== undefined && Number.isFinite(s.memory.max)) out.memoryMax = s.memory.max; // absent: none (or unknown)
    return out;
  } catch {
    return undefined; // group already gone: another reaper was first
  }
}
