// After a container's command ends: record its exit status and final counters (read
// before the cgroups go), kill what is left, remove the cgroups. Called by the stage
// (`nstop __reap`), by a foreground run, and by any nstop that finds a state whose
// process is gone (SIGKILLed shim, reboot). While the shim lives it alone reaps: it holds
// the exit status and reads the final counters before the cgroups go, and a second
// reaper racing it could remove the groups first (final counters lost) or give up on
// the exit record under load (exit status lost). Others wait for it, or pass.
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

/** How long a command (kill, rm, a foreground run) waits for a live shim to finish its
 *  own reaping before doing it itself: the shim execs `nstop __reap`, a Node start. */
export const SHIM_WAIT_MS = 30_000;

export type ReapOptions = {
  /** wait this long for a live shim to reap (0: leave it to the shim and return) */
  shimWaitMs?: number;
};

const shimAlive = (st: ContainerState, procRoot: string): boolean =>
  st.shimPid !== undefined && st.shimPid !== process.pid && isAlive(st.shimPid, st.shimStartTime, procRoot);

export async function reap(ctx: ActContext, name: string, o: ReapOptions = {}): Promise<ContainerState | undefined> {
  let st = ctx.store.read(name);
  if (!st || !processGone(st, ctx.procRoot)) return st;
  if (st.status === 'stopped') return st;
  if (shimAlive(st, ctx.procRoot)) {
    const end = Date.now() + (o.shimWaitMs ?? SHIM_WAIT_MS);
    while (shimAlive(st, ctx.procRoot) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    st = ctx.store.read(name);
    if (!st || st.status === 'stopped') return st;
    // still alive past the wait: a listing passes; a command goes on (a stuck shim)
    if (shimAlive(st, ctx.procRoot) && (o.shimWaitMs ?? SHIM_WAIT_MS) === 0) return st;
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

/** Reap every state whose process is gone and whose shim is not reaping it; returns the
 *  names of those it reaped. */
export async function reapEnded(ctx: ActContext): Promise<string[]> {
  const reaped: string[] = [];
  for (const st of ctx.store.list()) {
    if (st.status !== 'stopped' && processGone(st, ctx.procRoot) && (await reap(ctx, st.name, { shimWaitMs: 0 }))?.status === 'stopped') reaped.push(st.name);
  }
  return reaped;
}
