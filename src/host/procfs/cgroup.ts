// /proc/PID/cgroup: "hierarchy-id:controllers:path", one line per hierarchy. Real lines
// from this (hybrid) machine:
//   4:memory:/process_api/6e2dd188a1a9eaa1094e159b4d4cf06b
//   9:name=systemd:/
//   0::/
// Co-mounted controllers read "2:cpu,cpuacct:/docker/x". A directory name may contain
// ":", so split on the first two colons only.
import { ParseError } from '../errors.js';
import type { CgroupMembership } from '../types.js';

export function parseCgroupFile(text: string, path = 'cgroup'): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) throw new ParseError(path, i + 1, `not "id:controllers:path": "${line}"`);
    const id = line.slice(0, a);
    if (!/^\d+$/.test(id)) throw new ParseError(path, i + 1, `bad hierarchy id "${id}"`);
    const controllers = line.slice(a + 1, b);
    const cgPath = line.slice(b + 1);
    if (cgPath === '') throw new ParseError(path, i + 1, `empty path: "${line}"`);
    out.push({ hierarchyId: Number(id), controllers: controllers === '' ? [] : controllers.split(','), path: cgPath });
  });
  return out;
}
