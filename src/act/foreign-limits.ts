// `nstop set` on another runtime's container: write its cgroup files, as `runc update`
// does. Only a container with cgroups of its own (a shared group would limit others
// too), and only when every file the change needs is its own: a change is made whole
// or not at all. The runtime's record is not touched (nstop never writes another
// runtime's files): its inspect still shows the old limits and a restart undoes these.
import type { CgroupRef, LimitChange } from '../host/cgroup/types.js';
import type { ContainerRow } from '../model/types.js';
import type { ActContext } from './context.js';
import { ActError } from './errors.js';

/** Where each runtime shows the limits it believes in. */
const SHOWN_BY: Partial<Record<ContainerRow['runtime'], string>> = { docker: 'docker inspect', podman: 'podman inspect', lxc: 'its lxc config', kubernetes: 'its pod spec', 'cri-o': 'crictl inspect', containerd: 'its OCI spec', runc: 'its runc state', nspawn: 'its unit' };

/** The one line said before the write. */
export const foreignNote = (row: Pick<ContainerRow, 'runtime' | 'name'>): string =>
  `note: ${row.runtime}'s own record of ${row.name} is not changed: ${SHOWN_BY[row.runtime] ?? 'its runtime'} still shows the old limits, and a restart of ${row.name} undoes this`;

/** Which controllers a change writes (v1 names; v2 has them all in one group). */
function controllersOf(c: LimitChange): string[] {
  const out: string[] = [];
  if (c.memory !== undefined || c.swap !== undefined) out.push('memory');
  if (c.pids !== undefined) out.push('pids');
  if (c.cpus !== undefined || c.cpuWeight !== undefined) out.push('cpu');
  return out;
}

/** Refuses (ActError, nothing written) or returns the ref to write. */
export function foreignRef(ctx: ActContext, row: ContainerRow, change: LimitChange): CgroupRef {
  if (row.status !== 'running' && row.status !== 'paused') throw new ActError(`${row.name} is not running (${row.status})`);
  const ref = row.cgroupRef;
  if (!ref) throw new ActError(`${row.name} has no cgroup of its own (it shares one with other processes): a limit there would limit them too`);
  const missing = ctx.driver.layout.mode === 'v2' ? (ref.unified === undefined ? controllersOf(change) : []) : controllersOf(change).filter((c) => ref.v1[c] === undefined);
  if (missing.length > 0) throw new ActError(`${row.name} has no ${missing.join(', ')} cgroup of its own: nothing changed`);
  return ref;
}

export function setForeignLimits(ctx: ActContext, row: ContainerRow, ref: CgroupRef, change: LimitChange): void {
  try {
    ctx.driver.setLimits(ref, change);
  } catch (err) {
    throw new ActError(`${row.name}: ${(err as Error).message}`);
  }
}
