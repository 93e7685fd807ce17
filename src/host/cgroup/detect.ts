// Decide ONCE whether the host is cgroup v1, v2 or hybrid, from the directory tree alone
// (so fixture trees work):
//   <root>/cgroup.controllers                       -> 'v2' (pure cgroup2)
//   <root>/<ctrl>/ v1 hierarchy roots (+ no unified) -> 'v1'
//   the same + <root>/unified/cgroup.controllers     -> 'hybrid' (this machine)
// A v1 hierarchy root has cgroup.procs but no cgroup.controllers. Dir names list the
// controllers mounted there: "cpu,cpuacct" (co-mounted; "cpu" and "cpuacct" are then
// symlinks to it) maps both names to the one dir. "systemd" (and any dir that is not a
// known controller, e.g. "elogind") is a named hierarchy: key "name=systemd", which is
// how /proc/PID/cgroup names it ("9:name=systemd:/").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout } from './types.js';

const V1_CONTROLLERS = new Set([
  'blkio', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'hugetlb', 'memory', 'misc',
  'net_cls', 'net_prio', 'perf_event', 'pids', 'rdma',
]);

/** cgroup.controllers, e.g. "cpuset cpu io memory hugetlb pids rdma misc"; here "hugetlb". */
function controllersOf(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

const isV2Root = (dir: string): boolean => existsSync(join(dir, 'cgroup.controllers'));
const isV1Root = (dir: string): boolean => existsSync(join(dir, 'cgroup.procs')) && !isV2Root(dir);

/** Controller (or "name=X") -> hierarchy dir. Real dirs win over symlinks to them. */
function v1Mounts(root: string): Record<string, string> {
  let entries: { name: string; link: boolean }[];
  try {
    entries = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => ({ name: e.name, link: e.isSymbolicLink() }));
  } catch {
    return {};
  }
  entries.sort((a, b) => Number(a.link) - Number(b.link) || a.name.localeCompare(b.name));
  const out: Record<string, string> = {};
  for (const { name } of entries) {
    const dir = join(root, name);
    if (name === 'unified' || !isV1Root(dir)) continue;
    for (const part of name.split(',')) {
      const key = V1_CONTROLLERS.has(part) || part.startsWith('name=') ? part : `name=${part}`;
      out[key] ??= dir;
    }
  }
  return out;
}

export function detectCgroupLayout(cgroupRoot = '/sys/fs/cgroup'): CgroupLayout {
  const root = cgroupRoot;
  if (isV2Root(root)) return { mode: 'v2', root, v1: {}, unified: root, v2Controllers: controllersOf(root) };
  const v1 = v1Mounts(root);
  const unified = join(root, 'unified');
  if (isV2Root(unified)) return { mode: 'hybrid', root, v1, unified, v2Controllers: controllersOf(unified) };
  // no hierarchy at all (no /sys/fs/cgroup) also lands here: every read is then n/a
  return { mode: 'v1', root, v1, v2Controllers: [] };
}
