// NAME|RUNTIME:NAME|ID-PREFIX|PID as the user typed it -> what to act on. A name is
// looked up among nstop's own (their state files) and every other runtime's containers
// (a snapshot) at once: a name both have is refused, listing the candidates, never
// resolved to one of them without a word. Then a pid, then an id prefix.
import { existsSync } from 'node:fs';
import { ambiguityText, selectContainers, splitQualified } from '../model/select.js';
import type { ContainerRow, Snapshot } from '../model/types.js';
import type { ActContext } from './context.js';
import { ActError } from './errors.js';
import { isAlive } from './liveness.js';
import { managedInfo } from './managed.js';
import { reap } from './reap.js';
import type { ContainerState } from './state.js';
import { endedText } from '../model/ending.js';

export type Target =
  | { kind: 'nstop'; state: ContainerState; pid: number | undefined; alive: boolean }
  | { kind: 'pid'; pid: number }
  | { kind: 'container'; row: ContainerRow; pid: number | undefined };

const NAME_LIKE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export async function resolveTarget(ctx: ActContext, text: string, snapshot: () => Promise<Snapshot>): Promise<Target> {
  if (!NAME_LIKE.test(text)) throw new ActError(`bad target "${text.slice(0, 40)}": a container name, RUNTIME:NAME, an id prefix or a pid`);
  const { runtime, rest } = splitQualified(text);
  // nstop's own by their state file: a stopped one is in no snapshot
  const state = runtime === undefined || runtime === 'nstop' ? ctx.store.read(rest) : undefined;
  // one that has just ended is recorded first (its stage may still be writing the exit
  // status), so what it says is how it ended, not "running" with no process
  const own = async (st: ContainerState): Promise<Target> => {
    if (isAlive(st.pid, st.startTime, ctx.procRoot)) return { kind: 'nstop', state: st, pid: st.pid, alive: true };
    const ended = st.status === 'stopped' ? st : ((await reap(ctx, st.name)) ?? st);
    return { kind: 'nstop', state: ended, pid: ended.pid, alive: false };
  };
  if (runtime === 'nstop') {
    if (state) return own(state);
    throw new ActError(`no container named "${text}" started by nstop (see nstop ls)`);
  }
  // another runtime's container of the same name makes the bare name ambiguous
  const others = (await snapshot()).containers.filter((c) => c.runtime !== 'nstop');
  const sameName = others.filter((c) => c.name === rest && (runtime === undefined || c.runtime === runtime));
  if (state) {
    if (sameName.length > 0) throw new ActError(ambiguityText(text, [{ runtime: 'nstop', name: state.name, id: `nstop:${state.name}` }, ...sameName]));
    return own(state);
  }
  if (sameName.length === 1) return { kind: 'container', row: sameName[0]!, pid: sameName[0]!.initPid };
  if (sameName.length > 1) throw new ActError(ambiguityText(text, sameName));
  if (runtime === undefined && /^\d+$/.test(text)) {
    const pid = Number(text);
    if (pid < 1 || pid > 4194304 || !existsSync(`${ctx.procRoot}/${pid}`)) throw new ActError(`no process ${text}`);
    return { kind: 'pid', pid };
  }
  const sel = selectContainers(others, text);
  if (sel.kind === 'one') return { kind: 'container', row: sel.row, pid: sel.row.initPid };
  if (sel.kind === 'many') throw new ActError(ambiguityText(text, sel.rows));
  throw new ActError(`no container named "${text}" (see nstop ls)`);
}

/** A running process to enter or signal, or a one-line reason why there is none. */
export function livePid(t: Target): number {
  if (t.kind === 'pid') return t.pid;
  if (t.kind === 'nstop') {
    if (!t.alive || t.pid === undefined) throw notRunning(t.state);
    return t.pid;
  }
  if (t.pid === undefined) throw new ActError(`${t.row.name} has no process`);
  return t.pid;
}

/** "box is not running (exit 0)", "(oom-killed)", "(created)": the refusal for a
 *  container of nstop's own that has no live process. */
export function notRunning(st: ContainerState): ActError {
  return new ActError(`${st.name} is not running (${st.status === 'stopped' ? endedText(managedInfo(st)) : st.status})`);
}
