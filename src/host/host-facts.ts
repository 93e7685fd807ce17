// Host facts for the header: static ones once (systeminformation in the dashboard, the
// os module for quick CLI commands), live ones (load, memory, PSI) from procfs each tick.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { isDenied, isVanished } from './errors.js';
import { parseLoadavg } from './procfs/loadavg.js';
import { parseMeminfo } from './procfs/meminfo.js';
import { parsePressure } from './procfs/pressure.js';
import { parseUptime } from './procfs/uptime.js';
import { parseCpuStat, type CpuTicks } from './procfs/cpu-stat.js';


import type { LoadAvg, PsiSet } from './types.js';

export type StaticHostFacts = { hostname: string; kernel: string; cpus: number; os?: string };

export function staticFactsFromOs(): StaticHostFacts {
  return { hostname: os.hostname(), kernel: os.release(), cpus: os.cpus().length };
}

/** systeminformation once at start; its process list and currentLoad are not used
 *  (they fork ps/sh and take ~1 s, see KERNEL-FACTS). Falls back to os on any failure. */
export async function staticFactsFromSi(): Promise<StaticHostFacts> {
  const fallback = staticFactsFromOs();
  try {
    const si = (await import('systeminformation')).default;
    const [osInfo, cpu] = await Promise.all([si.osInfo(), si.cpu()]);
    return {
      hostname: osInfo.hostname || fallback.hostname,
      kernel: osInfo.kernel || fallback.kernel,
      cpus: cpu.cores || fallback.cpus,
      os: [osInfo.distro, osInfo.release].filter(Boolean).join(' ') || undefined,
    };
  } catch {
    return fallback;
  }
}

export type LiveHostFacts = {
  load?: LoadAvg;
  memTotalBytes?: number;
  memAvailableBytes?: number;
  swapTotalBytes?: number;
  swapFreeBytes?: number;
  /** /proc/stat's cpu lines (all, then each CPU): the header's meters take % between two */
  cpuTicks?: CpuTicks[];
  psi: PsiSet;
  uptimeSec?: number;
};

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    // PSI is absent on kernels without CONFIG_PSI (ENOENT) or disabled (EOPNOTSUPP).
    if (isVanished(err) || isDenied(err) || (err as { code?: string }).code === 'EOPNOTSUPP') return undefined;
    throw err;
  }
}

export function readLiveHostFacts(procRoot: string): LiveHostFacts {
  const load = readOptional(join(procRoot, 'loadavg'));
  const mem = readOptional(join(procRoot, 'meminfo'));
  const up = readOptional(join(procRoot, 'uptime'));
  const stat = readOptional(join(procRoot, 'stat'));
  const psi: PsiSet = {};
  for (const kind of ['cpu', 'memory', 'io'] as const) {
    const path = join(procRoot, 'pressure', kind);
    const text = readOptional(path);
    if (text !== undefined) psi[kind] = parsePressure(text, path);
  }
  const meminfo = mem === undefined ? undefined : parseMeminfo(mem, join(procRoot, 'meminfo'));
  return {
    load: load === undefined ? undefined : parseLoadavg(load, join(procRoot, 'loadavg')),
    memTotalBytes: meminfo?.totalBytes,
    memAvailableBytes: meminfo?.availableBytes,
    swapTotalBytes: meminfo?.swapTotalBytes,
    swapFreeBytes: meminfo?.swapFreeBytes,
    cpuTicks: stat === undefined ? undefined : parseCpuStat(stat, join(procRoot, 'stat')),
    psi,
    uptimeSec: up === undefined ? undefined : parseUptime(up, join(procRoot, 'uptime')),
  };
}
