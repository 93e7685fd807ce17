// Keys that act on the selected row: most become a request for the App at once; kill
// and limits first open the bottom line for a value (Enter sends, Esc cancels), kill and
// forget may then ask y/n (confirm.ts), and quit with launched containers still running
// asks whether to leave or kill them.
import type { Action } from '../keymap.js';
import type { UiTarget } from '../actions.js';
import { askForget, confirmKey, FIRST_SIGNAL, signalKey, signalTargets } from './confirm.js';
import type { Prompt, RowsInfo, UiState } from './types.js';

const MEM_STEP = 64 * 2 ** 20;
const PIDS_STEP = 16;

const needsManaged = (t: UiTarget, what: string): string | undefined =>
  t.kind !== 'container' ? `${what}: select a container (Containers view)` : !t.managed ? `${what}: only containers nstop started (RUNTIME nstop)` : undefined;
/** limits work on any runtime's container (its cgroup files, as `nstop set` writes them);
 *  a stopped one is refused here, a shared group by the act side, which can tell */
const needsLive = (t: UiTarget, what: string): string | undefined =>
  t.kind !== 'container' ? `${what}: select a container (Containers view)` : !t.managed && t.status === 'stopped' ? `${what}: ${t.name} is not running (stopped)` : undefined;

export function targetAction(s: UiState, action: Action, info: RowsInfo, cur: number): UiState {
  // the log pane only reads: it works read-only too
  if (info.readOnly && action !== 'logs') return { ...s, message: info.readOnlyWhy ?? 'read-only: run as root to act' };
  const t = info.targetAt(cur);
  if (!t) return { ...s, message: 'no row selected' };
  const prompt = (kind: Prompt['kind'], text: string): UiState => ({ ...s, prompt: { kind, text, target: t, origin: cur, before: s.views[s.view].filter } });
  const stopped = t.status === 'stopped';
  const refuse = (m: string | undefined) => (m ? { ...s, message: m } : undefined);
  switch (action) {
    case 'kill': {
      const hit = signalTargets(s, info, cur);
      if (typeof hit === 'string') return { ...s, message: hit };
      return { ...s, prompt: { kind: 'signal', text: FIRST_SIGNAL, picked: true, targets: hit.targets, tags: hit.tags, origin: cur, before: s.views[s.view].filter } };
    }
    case 'exec':
      return stopped || t.pid === undefined ? { ...s, message: `${t.name} has no running process` } : { ...s, request: { type: 'exec', target: t } };
    case 'limits':
      return refuse(needsLive(t, 'limits')) ?? prompt('limits', '');
    case 'memUp': case 'memDown': case 'pidsUp': case 'pidsDown': {
      const mem = action === 'memUp' || action === 'memDown';
      const up = action === 'memUp' || action === 'pidsUp';
      return refuse(needsLive(t, 'limits')) ?? { ...s, request: { type: 'nudge', target: t, field: mem ? 'memory' : 'pids', step: (up ? 1 : -1) * (mem ? MEM_STEP : PIDS_STEP) } };
    }
    case 'freeze':
      return refuse(needsManaged(t, 'freeze')) ?? { ...s, request: { type: 'freeze', target: t } };
    case 'logs':
      if (t.kind !== 'container' || !t.managed) return { ...s, message: 'logs: only containers nstop started (RUNTIME nstop)' };
      return { ...s, logFor: s.logFor === t.name ? undefined : t.name, netFor: undefined };
    case 'remove':
      return refuse(needsManaged(t, 'remove')) ?? (stopped ? askForget(s, t) : { ...s, message: `${t.name} is ${t.status}: kill it first (k)` });
    default:
      return s;
  }
}

export function actPromptKey(s: UiState, p: Prompt, key: string): UiState {
  if (p.kind === 'quit') {
    if (key === 'l') return { ...s, prompt: undefined, request: { type: 'quit', killLaunched: false } };
    if (key === 'k') return { ...s, prompt: undefined, request: { type: 'quit', killLaunched: true } };
    if (key === 'escape') return { ...s, prompt: undefined, message: 'quit cancelled' };
    return s;
  }
  if (p.kind === 'confirm') return confirmKey(s, p, key);
  if (p.kind === 'signal') return signalKey(s, p, key);
  if (key === 'escape') return { ...s, prompt: undefined, message: 'cancelled' };
  if (key === 'enter') return { ...s, prompt: undefined, request: { type: 'set', target: p.target!, text: p.text } };
  const text = key === 'backspace' ? p.text.slice(0, -1) : key === 'space' ? p.text + ' ' : Array.from(key).length === 1 ? p.text + key : p.text;
  return text === p.text ? s : { ...s, prompt: { ...p, text } };
}
