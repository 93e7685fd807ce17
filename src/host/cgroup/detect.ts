// Decide ONCE whether the host is cgroup v1, v2 or hybrid, from the directory itself
// (so fixture trees work): v2 root has cgroup.controllers; v1 has controller dirs;
// hybrid is v1 plus a cgroup2 at <root>/unified (this machine, and older systemd hosts).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout } from './types.js';

const V1_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'cpuset', 'freezer', 'blkio', 'devices', 'net_cls', 'net_prio', 'perf_event', 'hugetlb', 'rdma', 'misc'];

function controllersOf(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

export function detectCgroupLayout(root = '/sys/fs/cgroup'): CgroupLayout {
  if (existsSync(join(root, 'cgroup.controllers'))) {
    return { mode: 'v2', root, v1: {}, unified: root, v2Controllers: controllersOf(root) };
  }
  const v1: Record<string, string> = {};
  let entries: string[] = [];
  try {
    entries = readdirSync(root);
  } catch {
    entries = [];
  }
  for (const name of entries) {
    const dir = join(root, name);
    let real: string;
    try {
      if (!statSync(dir).isDirectory()) continue;
      real = realpathSync(dir); // "cpu" -> "cpu,cpuacct" on co-mounting hosts
    } catch {
      continue;
    }
    // a v1 hierarchy root has cgroup.procs but not cgroup.controllers
    if (!existsSync(join(dir, 'cgroup.procs')) || existsSync(join(dir, 'cgroup.controllers'))) continue;
    for (const c of name.split(',')) if (V1_CONTROLLERS.includes(c) || c === 'systemd') v1[c === 'systemd' ? 'name=systemd' : c] ??= real;
  }
  const unifiedDir = join(root, 'unified');
  const unified = existsSync(join(unifiedDir, 'cgroup.controllers')) ? unifiedDir : undefined;
  return { mode: unified ? 'hybrid' : 'v1', root, v1, unified, v2Controllers: unified ? controllersOf(unified) : [] };
}
