// The control steps the CLI and the dashboard share, so both do exactly the same thing:
// change limits (and remember them), signal a whole container (after KILL: wait for it
// to empty and do the bookkeeping), forget a stopped one, and the exit code of a child.
import os from 'node:os';
import type { ChildProcess } from 'node:child_process';
import type { LimitChange } from '../host/cgroup/types.js';
import type { ActContext } from './context.js';
import { ActError } from './errors.js';
import { SIGKILL, signalGroup, waitEmpty } from './kill.js';
import { processGone, reap } from './reap.js';
import type { ContainerState } from './state.js';
import { removeFs } from '../image/container-fs.js';
import { releaseNet } from './net/container-net.js';

export function changeLimits(ctx: ActContext, st: ContainerState, change: LimitChange): void {
  try {
    ctx.driver.setLimits(st.cgroup, change);
  } catch (err) {
    throw new ActError(`${st.name}: ${(err as Error).message}`);
  }
  ctx.store.write({ ...st, limits: { ...st.limits, ...change } });
}

export async function signalContainer(ctx: ActContext, st: ContainerState, signal: number): Promise<void> {
  await signalGroup(ctx.driver, st.cgroup, signal);
  if (signal === SIGKILL) {
    // wait for the end and the bookkeeping, so the next look sees it stopped. An exiting
    // task leaves cgroup.procs before /proc shows it a zombie: reap only once it is gone,
    // or it finds the init "alive", does nothing, and rm would drop the state and leave
    // the cgroup behind
    await waitEmpty(ctx.driver, st.cgroup);
    for (let i = 0; i < GONE_WAIT_STEPS && !processGone(st, ctx.procRoot); i++) await new Promise((r) => setTimeout(r, 10));
    await reap(ctx, st.name);
  }
}

/** 10 ms steps to wait for a killed init to be gone from /proc (3 s). */
const GONE_WAIT_STEPS = 300;

/** rm: a stopped container's state goes; a running one only with force (killed first). */
export async function forget(ctx: ActContext, name: string, force: boolean): Promise<void> {
  const st = await reap(ctx, name);
  if (!st) throw new ActError(`no container named "${name}" started by nstop`);
  if (st.status !== 'stopped') {
    if (!force) throw new ActError(`${name} is ${st.status}: nstop kill ${name} first, or nstop rm --force ${name}`);
    await signalContainer(ctx, st, SIGKILL);
    // never drop the state of a container whose cgroup reap has not removed yet
    if (ctx.store.read(name)?.status !== 'stopped') throw new ActError(`${name}: killed, but still exiting; run rm again`);
  }
  // a kept layer goes too; never rm -rf through a mount
  if (st.fs) removeFs(st.fs);
  // reap released it; a reap that failed halfway must not leave a lease behind the state
  await releaseNet(ctx, name, st.net);
  ctx.store.remove(name);
}

/** A shell's convention: the code, or 128 + the signal's number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + ((os.constants.signals as Record<string, number>)[signal] ?? 0) : 1;
}

export function childExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(exitCodeOf(child.exitCode, child.signalCode));
  return new Promise((r) => child.once('exit', (c, s) => r(exitCodeOf(c, s))));
}
