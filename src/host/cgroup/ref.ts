// /proc/PID/cgroup lines -> where a process is in each hierarchy. Real lines (this host):
//   4:memory:/process_api/7e37d54255b12092d83ed657b80f2d65
//   9:name=systemd:/
//   0::/
import type { CgroupMembership } from '../types.js';
import type { CgroupRef } from './types.js';

/** The kernel appends this to a v2 path whose cgroup was removed. */
const DELETED = ' (deleted)';

export function refFromMembership(lines: readonly CgroupMembership[]): CgroupRef {
  const ref: CgroupRef = { v1: {} };
  for (const l of lines) {
    const path = l.path.endsWith(DELETED) ? l.path.slice(0, -DELETED.length) : l.path;
    if (l.hierarchyId === 0 && l.controllers.length === 0) ref.unified = path;
    else for (const c of l.controllers) ref.v1[c] = path;
  }
  return ref;
}
