// Whether a change of the process table leaves the container groups as groupContainers
// (group.ts) made them, so that they need not be made again over every process: on a host
// where some process starts every second (a cron job, a shell prompt, a health check) the
// grouping ran each tick for a process no container has anything to do with. A process
// that came or went (or changed identity) leaves the groups alone when it is:
// - in the host's pid namespace (pid namespaces make ad-hoc groups), above the pids the
//   host's namespaces were taken from (host-ns.ts), not nstop's stage (its children in
//   transit are not groups);
// - not a member of a group, nor the parent of a group's init (a launcher such as
//   `unshare --fork`, counted in when it shares the init's cgroups);
// - in no cgroup a runtime's naming matches (runtimes.ts), and in no cgroup at or below
//   the cgroup of a group's init (which is the group's own only while no process outside
//   the group is in it or under it; nspawn's unit: the parent of its payload leaf).
// Anything else, and a change not kept (process-table.ts: lastChange), makes them again.
import type { ContainerGroup } from './group.js';
import { runtimeOf, STAGE_COMM } from './group.js';
import type { ProcInput } from './input.js';

const PAYLOAD = '/payload';

export function groupsUnmovedBy(groups: readonly ContainerGroup[], hostNsThrough: number): (touched: readonly ProcInput[]) => boolean {
  const members = new Set<number>();
  const initParents = new Set<number>();
  const owned = new Set<string>();
  for (const g of groups) {
    for (const m of g.members) members.add(m.pid);
    if (!g.init) continue;
    initParents.add(g.init.ppid);
    for (const l of g.init.cgroups) {
      if (l.path === '/') continue;
      owned.add(`${l.hierarchyId}\0${l.path}`);
      if (l.path.endsWith(PAYLOAD)) owned.add(`${l.hierarchyId}\0${l.path.slice(0, -PAYLOAD.length)}`);
    }
  }
  const underOwned = (p: ProcInput): boolean => {
    for (const l of p.cgroups) {
      for (let path = l.path; path !== '/' && path !== ''; path = path.slice(0, path.lastIndexOf('/')) || '/') {
        if (owned.has(`${l.hierarchyId}\0${path}`)) return true;
      }
    }
    return false;
  };
  const outside = (p: ProcInput): boolean =>
    p.nspid.length === 1 && p.pid > hostNsThrough && p.comm !== STAGE_COMM && !members.has(p.pid) && !initParents.has(p.pid) && runtimeOf(p) === undefined && !underOwned(p);
  return (touched) => touched.every(outside);
}
