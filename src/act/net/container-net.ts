// A container's network from launch to reap: check the mode (nothing made yet), prepare
// it (bridge: an address lease and the bridge, under the net lock; container:NAME: an
// fd of that container's namespace for the stage), wire it while the stage holds the
// command back, and release it (the veth, the lease, the bridge with its last lease)
// when the container ends or a launch fails.
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ActContext } from '../context.js';
import { ActError } from '../errors.js';
import { isAlive } from '../liveness.js';
import { dropLeases, leasesOf, removeLeaseDir, takeAddress, type Lease } from './addresses.js';
import { bridgeRecords, currentNetns, ensureBridge, removeBridge } from './bridge.js';
import { deleteLink } from './ip.js';
import { withNetLock } from './lock.js';
import type { NetMode, NetState } from '../../host/vocabulary.js';
import { formatSubnet, gatewayOf } from './subnet.js';
import { connectVeth, vethName } from './veth.js';
import { formatIpv4 } from '../../host/net/ipv4.js';

export type PreparedNet = {
  state: NetState;
  /** extra arguments for the stage (native/stage/stage.h) */
  stageArgs: string[];
  /** container mode: the other container's /proc/PID/ns/net, the stage's fd 4 */
  netnsFd?: number;
  /** bridge mode: wire the veth into the new namespace of this (host) pid */
  onNetns?: (pid: number) => Promise<void>;
};

/** The fd number the stage finds the joined namespace at (after stdio and the sync socket). */
export const NETNS_FD = 4;

export const netDirOf = (ctx: ActContext): string => join(ctx.store.dir, '.net');

function runningTarget(ctx: ActContext, name: string) {
  const st = ctx.store.read(name);
  if (!st) throw new ActError(`--net container:${name}: no container named "${name}" started by nstop`);
  if (st.status === 'stopped' || !isAlive(st.pid, st.startTime, ctx.procRoot)) throw new ActError(`--net container:${name}: ${name} is not running`);
  if (st.net?.mode === 'host' || (st.net === undefined && !st.ns.includes('net'))) throw new ActError(`--net container:${name}: ${name} uses the host's network (use --net host)`);
  return st;
}

/** Refusals before anything is made. */
export function checkNet(ctx: ActContext, mode: NetMode): void {
  if (mode.kind === 'container') runningTarget(ctx, mode.name);
}

/** A lease whose container has no state dir any more, or stopped without releasing it. */
function staleLease(ctx: ActContext): (l: Lease) => boolean {
  return (l) => !l.container || !existsSync(ctx.store.dirOf(l.container)) || ctx.store.read(l.container)?.status === 'stopped';
}

export async function prepareNet(ctx: ActContext, name: string, id: string, mode: NetMode): Promise<PreparedNet> {
  if (mode.kind === 'none' || mode.kind === 'host') return { state: { mode: mode.kind }, stageArgs: [] };
  if (mode.kind === 'container') {
    const target = runningTarget(ctx, mode.name);
    const fd = openSync(join(ctx.procRoot, String(target.pid), 'ns', 'net'), 'r');
    // opened, then checked: the fd is that container's namespace, not a reused pid's
    if (!isAlive(target.pid, target.startTime, ctx.procRoot)) {
      closeSync(fd);
      throw new ActError(`--net container:${mode.name}: ${mode.name} is not running`);
    }
    return { state: { mode: 'container', container: mode.name }, stageArgs: ['--netns-fd', String(NETNS_FD)], netnsFd: fd };
  }
  const dir = netDirOf(ctx);
  const veth = vethName(id);
  const { state, reclaimed } = await withNetLock(dir, async () => {
    const bridge = await ensureBridge(dir, mode.subnet);
    let taken;
    try {
      taken = takeAddress(dir, bridge.name, mode.subnet, { container: name, veth }, staleLease(ctx));
    } catch (err) {
      if (leasesOf(dir, bridge.name).length === 0) await dropBridge(dir, bridge.name);
      throw err;
    }
    const s: NetState = {
      mode: 'bridge', bridge: bridge.name, subnet: formatSubnet(mode.subnet), address: `${formatIpv4(taken.address)}/${mode.subnet.prefix}`,
      gateway: formatIpv4(gatewayOf(mode.subnet)), veth, netns: bridge.netns,
    };
    return { state: s, reclaimed: taken.reclaimed };
  });
  try {
    // links of containers that ended without a reap (SIGKILLed shim, reboot)
    for (const l of reclaimed) if (l.veth) await deleteLink(l.veth);
  } catch (err) {
    await releaseNet(ctx, name, state);
    throw err;
  }
  return {
    state,
    stageArgs: ['--net-wait'],
    onNetns: (pid) => connectVeth({ veth, bridge: state.bridge!, address: state.address!, gateway: state.gateway! }, pid),
  };
}

async function dropBridge(dir: string, bridge: string): Promise<void> {
  const rec = bridgeRecords(dir).find((r) => r.name === bridge);
  if (!rec) return;
  await removeBridge(dir, rec);
  if (rec.netns === currentNetns()) removeLeaseDir(dir, bridge);
}

/** Undo a launch's network or release an ended container's: its veth (a container that
 *  joined its namespace keeps running without it, so its address can never be in use
 *  twice), its lease, and the bridge when that was the last lease. Idempotent; links are
 *  only touched from the namespace they live in. */
export async function releaseNet(ctx: ActContext, name: string, net: NetState | undefined): Promise<void> {
  if (net?.mode !== 'bridge' || !net.bridge) return;
  const dir = netDirOf(ctx);
  if (net.veth && net.netns === currentNetns()) await deleteLink(net.veth);
  await withNetLock(dir, async () => {
    dropLeases(dir, net.bridge!, name);
    if (leasesOf(dir, net.bridge!).length === 0) await dropBridge(dir, net.bridge!);
  });
}
