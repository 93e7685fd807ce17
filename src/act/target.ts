// NAME|PID as the user typed it -> what to act on. nstop's own containers by name first
// (their state file), then a pid, then containers of other runtimes by name.
import { existsSync } from 'node:fs';
import type { ContainerRow, Snapshot } from '../model/types.js';
import type { ActContext } from './context.js';
import { ActError } from './errors.js';
import { isAlive } from './liveness.js';
import type { ContainerState } from './state.js';

export type Target =
  | { kind: 'nstop'; state: ContainerState; pid: number | undefined; alive: boolean }
  | { kind: 'pid'; pid: number }
  | { kind: 'container'; row: ContainerRow; pid: number | undefined };

const NAME_LIKE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export async function resolveTarget(ctx: ActContext, text: string, snapshot: () => Promise<Snapshot>): Promise<Target> {
  if (!NAME_LIKE.test(text)) throw new ActError(`bad target "${text.slice(0, 40)}": a container name or a pid`);
  const state = ctx.store.read(text);
  if (state) return { kind: 'nstop', state, pid: state.pid, alive: isAlive(state.pid, state.startTime, ctx.procRoot) };
  if (/^\d+$/.test(text)) {
    const pid = Number(text);
    if (pid < 1 || pid > 4194304 || !existsSync(`${ctx.procRoot}/${pid}`)) throw new ActError(`no process ${text}`);
    return { kind: 'pid', pid };
  }
  const s = await snapshot();
  const rows = s.containers.filter((c) => c.name === text || c.id === text || c.id.split(':').pop()?.startsWith(text));
  if (rows.length === 0) throw new ActError(`no container named "${text}" (see nstop ls)`);
  if (rows.length > 1) throw new ActError(`"${text}" matches ${rows.length} containers: ${rows.map((c) => c.name).join(', ')}`);
  return { kind: 'container', row: rows[0]!, pid: rows[0]!.initPid };
}

/** A running process to enter or signal, or a one-line reason why there is none. */
export function livePid(t: Target): number {
  if (t.kind === 'pid') return t.pid;
  if (t.kind === 'nstop') {
    if (!t.alive || t.pid === undefined) throw new ActError(`${t.state.name} is not running (${t.state.status})`);
    return t.pid;
  }
  if (t.pid === undefined) throw new ActError(`${t.row.name} has no process`);
  return t.pid;
}
