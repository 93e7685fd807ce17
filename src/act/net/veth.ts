// A bridge container's link: a veth pair whose host end (nsv + the container's id) joins
// the bridge and whose other end is born inside the container's namespace as eth0 (so a
// half-made pair never has an eth0 on the host), then the address and default route are
// set in there. Runs between clone and the command's first instruction (--net-wait).
import { deleteLink, ipBatch } from './ip.js';

export type VethPlan = {
  /** host end, at most 15 characters (IFNAMSIZ) */
  veth: string;
  bridge: string;
  /** "10.77.0.2/24" */
  address: string;
  gateway: string;
};

export const vethName = (containerId: string): string => `nsv${containerId.slice(0, 12)}`;

/** Pid: the container's init (host pid), whose network namespace gets eth0. */
export async function connectVeth(p: VethPlan, pid: number): Promise<void> {
  try {
    await ipBatch([`link add name ${p.veth} type veth peer name eth0 netns ${pid}`, `link set dev ${p.veth} master ${p.bridge}`, `link set dev ${p.veth} up`]);
    await ipBatch([`addr add ${p.address} dev eth0`, 'link set dev eth0 up', `route add default via ${p.gateway} dev eth0`], pid);
  } catch (err) {
    // the peer goes with it: nothing half-made stays on the host or in the container
    await deleteLink(p.veth);
    throw err;
  }
}
