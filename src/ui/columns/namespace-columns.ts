// Namespaces view, like lsns: one row per namespace, plus which containers share it.
import type { NamespaceRow } from '../../model/types.js';
import { NA } from '../format.js';
import type { Column, Ctx } from './column.js';

/** Several containers in one namespace of their own (a pod: --net container:NAME shares
 *  a net namespace) say "shared:", so a filter finds them. */
const shared = (r: NamespaceRow): boolean => !r.host && r.containers.length > 1;

function sharedBy(r: NamespaceRow, { names }: Ctx): string {
  const list = r.containers.map((id) => names.get(id) ?? id).join(',');
  if (r.host) return list ? `[host] ${list}` : '[host]';
  return shared(r) ? `shared: ${list}` : list || '-';
}

export const NAMESPACE_COLUMNS: readonly Column<NamespaceRow>[] = [
  { id: 'ns', title: 'NS', help: 'namespace inode (as in /proc/PID/ns/TYPE)', width: 10, align: 'right', drop: 0, sortKey: (r) => r.ns, render: (r) => String(r.ns) },
  { id: 'type', title: 'TYPE', help: 'mnt net pid uts ipc user cgroup time', width: 6, drop: 0, sortKey: (r) => r.type, render: (r) => r.type },
  { id: 'nprocs', title: 'NPROCS', help: 'processes in it', width: 6, align: 'right', drop: 0, desc: true, sortKey: (r) => r.nprocs, render: (r) => String(r.nprocs) },
  { id: 'pid', title: 'PID', help: 'lowest pid in it', width: 7, align: 'right', drop: 1, sortKey: (r) => r.pid, render: (r) => String(r.pid) },
  { id: 'user', title: 'USER', help: 'owner of that process', width: 8, drop: 2, sortKey: (r) => r.user, render: (r) => r.user || NA },
  { id: 'command', title: 'COMMAND', help: 'command of that process', width: 14, flex: true, drop: 0, sortKey: (r) => r.command, render: (r) => r.command || NA },
  { id: 'containers', title: 'CONTAINERS', help: 'containers with processes in it; [host] = the host namespace; shared: = several containers (a pod)', width: 22, flex: true, max: 40, drop: 0, sortKey: (r, ctx) => (r.host ? '' : sharedBy(r, ctx)), render: sharedBy, tone: (r) => (r.host ? 'dim' : shared(r) ? 'accent' : undefined) },
];
