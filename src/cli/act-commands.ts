// exec, set, kill, freeze/thaw, rm, logs and the stage's __reap: each resolves its target,
// acts, and explains a refusal in one line.
import { UsageError } from './commands.js';
import { createReadStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { openPty } from '../../native/pty.js';
import type { ActContext } from '../act/context.js';
import { ActError } from '../act/errors.js';
import { startExec } from '../act/exec.js';
import { SIGKILL, parseSignal, signalProcess } from '../act/kill.js';
import { changeLimits, childExit, forget, signalContainer } from '../act/control.js';
import { hasLimits, parseLimits, type LimitFlags } from '../act/limits.js';
import { isAlive } from '../act/liveness.js';
import { reap } from '../act/reap.js';
import { relay } from '../act/relay.js';
import { checkEnv, parseUser } from '../act/spec.js';
import { livePid, notRunning, resolveTarget, type Target } from '../act/target.js';
import type { Snapshot } from '../model/types.js';
import { requireRoot } from './run-command.js';
import { foreignNote, foreignRef, setForeignLimits } from '../act/foreign-limits.js';
import { displayText } from '../host/display-text.js';

type Snap = () => Promise<Snapshot>;

function nstopOnly(t: Target, what: string) {
  if (t.kind !== 'nstop') throw new ActError(`${what} works on containers nstop started (see nstop ls, RUNTIME nstop)`);
  return t;
}

export async function execCommand(ctx: ActContext, target: string, command: string[], f: { env: string[]; workdir?: string; user?: string }, snap: Snap): Promise<number> {
  const env = checkEnv(f.env);
  const user = f.user === undefined ? undefined : parseUser(f.user);
  requireRoot('nstop exec');
  const t = await resolveTarget(ctx, target, snap);
  const pid = livePid(t);
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const pty = terminal ? openPty() : undefined;
  const started = await startExec(
    ctx,
    { pid, ...(t.kind === 'nstop' ? { state: t.state } : {}), command: command.length > 0 ? command : ['/bin/sh'], env, ...(f.workdir !== undefined ? { workdir: f.workdir } : {}), ...(user ? { user } : {}) },
    pty ? { kind: 'pty', slavePath: pty.slavePath } : { kind: 'inherit' },
  );
  if (pty) return relay(started.child, pty.master);
  return childExit(started.child);
}

export async function setCommand(ctx: ActContext, target: string, f: LimitFlags, snap: Snap): Promise<number> {
  const change = parseLimits(f, os.totalmem());
  if (!hasLimits(change)) throw new ActError('nothing to set: give --memory, --swap, --pids, --cpus or --cpu-weight');
  requireRoot('nstop set');
  const t = await resolveTarget(ctx, target, snap);
  if (t.kind === 'pid') throw new ActError(`set works on containers, not a pid (see nstop ls)`);
  if (t.kind === 'container') {
    // another runtime's: its cgroup files, as runc update writes them, said first
    const ref = foreignRef(ctx, t.row, change);
    process.stderr.write(`nstop: ${displayText(foreignNote(t.row))}\n`);
    setForeignLimits(ctx, t.row, ref, change);
    return 0;
  }
  if (!t.alive) throw notRunning(t.state);
  changeLimits(ctx, t.state, change);
  return 0;
}

export async function killCommand(ctx: ActContext, target: string, signalText: string | undefined, snap: Snap): Promise<number> {
  const signal = signalText === undefined ? SIGKILL : parseSignal(signalText);
  requireRoot('nstop kill');
  const t = await resolveTarget(ctx, target, snap);
  if (t.kind === 'pid') {
    if (!signalProcess(t.pid, signal)) throw new ActError(`no process ${t.pid} (it exited)`);
    return 0;
  }
  if (t.kind === 'container') {
    if (t.row.pids.length === 0) throw new ActError(`${t.row.name} has no process`);
    for (const pid of t.row.pids) signalProcess(pid, signal);
    return 0;
  }
  if (!t.alive) throw notRunning(t.state);
  await signalContainer(ctx, t.state, signal);
  return 0;
}

export async function freezeCommand(ctx: ActContext, target: string, frozen: boolean, snap: Snap): Promise<number> {
  requireRoot(frozen ? 'nstop freeze' : 'nstop thaw');
  const t = nstopOnly(await resolveTarget(ctx, target, snap), frozen ? 'freeze' : 'thaw');
  if (!t.alive) throw notRunning(t.state);
  try {
    await ctx.driver.setFrozen(t.state.cgroup, frozen);
  } catch (err) {
    throw new ActError(`${t.state.name}: ${(err as Error).message}`);
  }
  return 0;
}

export async function rmCommand(ctx: ActContext, names: string[], force: boolean): Promise<number> {
  if (names.length === 0) throw new UsageError('usage: nstop rm NAME... [--force]');
  requireRoot('nstop rm');
  // say what went, one line a name (as docker rm does), so a script or a person knows
  for (const name of names) {
    await forget(ctx, name, force);
    process.stdout.write(`removed ${name}\n`);
  }
  return 0;
}

export async function logsCommand(ctx: ActContext, name: string, follow: boolean): Promise<number> {
  const st = ctx.store.read(name);
  if (!st) throw new ActError(`no container named "${name}" started by nstop`);
  const path = ctx.store.logPath(name);
  if (!existsSync(path)) throw new ActError(`${name} ran in the foreground: it has no log`);
  let offset = 0;
  const copy = () =>
    new Promise<void>((resolve, reject) => {
      const size = statSync(path).size;
      if (size <= offset) return resolve();
      const s = createReadStream(path, { start: offset, end: size - 1 });
      offset = size;
      s.on('error', reject);
      s.on('end', resolve);
      s.pipe(process.stdout, { end: false });
    });
  await copy();
  while (follow) {
    const now = ctx.store.read(name);
    const running = now !== undefined && now.status !== 'stopped' && isAlive(now.pid, now.startTime, ctx.procRoot);
    await new Promise((r) => setTimeout(r, 200));
    await copy();
    if (!running) break;
  }
  return 0;
}

export async function reapCommand(ctx: ActContext, name: string | undefined): Promise<number> {
  if (!name) throw new UsageError('usage: nstop __reap NAME');
  await reap(ctx, name);
  return 0;
}
