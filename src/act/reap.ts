// After a container's command ends: record its exit status and final counters (read
// before the cgroups go), kill what is left, remove the cgroups. Called by the stage
// (`nstop __reap`), by a foreground run, and by any nstop that finds a state whose
// process is gone (SIGKILLed shim, reboot). Idempotent: several may race harmlessly.
// Network: the veth, the address lease, and the bridge with its last container.
import { readFinalCounters } from './final-counters.js';
import type { ActContext } from './context.js';
import { removeGroup } from './launch.js';
import { isAlive } from './liveness.js';
import { SIGKILL, signalGroup, waitEmpty } from './kill.js';
import type { ContainerState } from './state.js';
import { releaseFs } from '../image/container-fs.js';
import { releaseNet } from './net/container-net.js';

/** A launch that never got past "created" for this long is dead. */
const CREATED_GRACE_MS = 30_000;

export function processGone(st: ContainerState, procRoot = '/proc'): boolean {
  if (st.status === 'stopped') return true;
  if (st.status === 'created') return Date.now() - st.createdAt > CREATED_GRACE_MS && !isAlive(st.shimPid, st.shimStartTime, procRoot);
  return !isAlive(st.pid, st.startTime, procRoot);
}

export async function reap(ctx: ActContext, name: string): Promise<ContainerState | undefined> {
  const st = ctx.store.read(name);
  if (!st || !processGone(st, ctx.procRoot)) return st;
  if (st.status === 'stopped') return st;
  // the stage writes exit.json right after its waitpid: give it a moment
  for (let i = 0; i < 100 && !ctx.store.readExit(name) && isAlive(st.shimPid, st.shimStartTime, ctx.procRoot); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const exit = ctx.store.readExit(name);
  const final = readFinalCounters(ctx, st.cgroup);
  if (ctx.driver.procs(st.cgroup).length > 0) {
    // init gone but something survived (no pid namespace): the container ends with it
    await signalGroup(ctx.driver, st.cgroup, SIGKILL);
    await waitEmpty(ctx.driver, st.cgroup);
  }
  removeGroup(ctx, st.cgroup);
  // after the processes: nothing uses the overlay any more
  if (st.fs) releaseFs(st.fs);
  // its veth, address and (with the last container) the bridge
  await releaseNet(ctx, name, st.net);
  const latest = ctx.store.read(name);
  if (!latest || latest.status === 'stopped') return latest;
  const done: ContainerState = {
    ...latest,
    status: 'stopped',
    exitCode: exit ? (exit.exitCode >= 0 ? exit.exitCode : null) : null,
    signal: exit && exit.signal > 0 ? exit.signal : null,
    finishedAt: exit?.finishedAt ?? Date.now(),
    ...(final ? { final } : {}),
  };
  ctx.store.write(done);
  return done;
}

/** Reap every state whose process is gone; returns the names of those it reaped. */
export async function reapEnded(ctx: ActContext): Promise<string[]> {
  const reaped: string[] = [];
  for (const st of ctx.store.list()) {
    if (st.status !== 'stopped' && processGone(st, ctx.procRoot) && (await reap(ctx, st.name))?.status === 'stopped') reaped.push(st.name);
  }
  return reaped;
}
