// The signal line and the y/n question. The line starts on TERM (htop's default: a
// process may clean up) and Up/Down step through the common signals; what would end a
// whole container, several rows at once or anything by KILL, and forgetting a container,
// ask first, naming what will be hit: re-sorts and a slip of the finger must not cost a
// container.
import type { ActionRequest, UiTarget } from '../actions.js';
import type { Prompt, RowsInfo, UiState } from './types.js';

export const SIGNAL_CHOICES = ['TERM', 'KILL', 'HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'STOP', 'CONT'] as const;
export const FIRST_SIGNAL = SIGNAL_CHOICES[0];

const NAMES_SHOWN = 3;

/** What k acts on: the tagged rows of this view that still show (stopped containers left
 *  out), else the selected row. */
export function signalTargets(s: UiState, info: RowsInfo, cur: number): { targets: UiTarget[]; tags: string[] } | string {
  const tags: string[] = [];
  const targets: UiTarget[] = [];
  if (s.tagged.size > 0) {
    for (let i = 0; i < info.keys.length; i++) {
      const t = s.tagged.has(info.keys[i]!) ? info.targetAt(i) : undefined;
      if (t && t.status !== 'stopped') (targets.push(t), tags.push(info.keys[i]!));
    }
    if (targets.length > 0) return { targets, tags };
  }
  const t = info.targetAt(cur);
  if (!t) return noTarget(info.keys[cur]);
  if (t.status === 'stopped') return `${t.name} is stopped (D forgets it)`;
  return { targets: [t], tags };
}

/** "KILL", "signal 9" */
const signalLabel = (text: string): string => {
  const t = text.trim().toUpperCase().replace(/^SIG/, '');
  return /^\d+$/.test(t) ? `signal ${t}` : t;
};

const isKill = (text: string): boolean => ['KILL', '9'].includes(text.trim().toUpperCase().replace(/^SIG/, ''));

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "box1 (nstop, 3 processes)", "stress (pid 4101)", "3 containers: a, b, c", "5 containers: a, b, c and 2 more" */
export function describeTargets(ts: readonly UiTarget[]): string {
  const one = ts[0];
  if (ts.length === 1 && one) {
    return one.kind === 'container' ? `${one.name} (${[one.runtime, one.nprocs === undefined ? '' : plural(one.nprocs, 'process', 'processes')].filter(Boolean).join(', ')})` : one.name;
  }
  const kind = one?.kind === 'container' ? 'containers' : 'processes';
  const names = ts.slice(0, NAMES_SHOWN).map((t) => t.name).join(', ');
  return `${ts.length} ${kind}: ${names}${ts.length > NAMES_SHOWN ? ` and ${ts.length - NAMES_SHOWN} more` : ''}`;
}

const ask = (s: UiState, question: string, request: ActionRequest, tags?: readonly string[]): UiState => ({
  ...s,
  prompt: { kind: 'confirm', text: `${question}? y/n`, confirm: request, origin: 0, before: '', ...(tags && tags.length > 0 ? { tags } : {}) },
});

/** A confirmed kill or forget: the request, and the rows it hit untagged. */
function send(s: UiState, request: ActionRequest, tags: readonly string[] | undefined): UiState {
  if (!tags || tags.length === 0) return { ...s, prompt: undefined, request };
  const tagged = new Set(s.tagged);
  for (const k of tags) tagged.delete(k);
  return { ...s, prompt: undefined, request, tagged };
}

/** D on a stopped nstop container: forgetting deletes its state and log. */
export const askForget = (s: UiState, t: UiTarget): UiState => ask(s, `forget ${t.name} (${t.runtime ?? 'nstop'}, stopped: its state and log are deleted)`, { type: 'rm', target: t });

function step(p: Prompt, by: number): Prompt {
  const at = SIGNAL_CHOICES.indexOf(p.text.trim().toUpperCase() as (typeof SIGNAL_CHOICES)[number]);
  const n = SIGNAL_CHOICES.length;
  const next = at < 0 ? (by > 0 ? 0 : n - 1) : (at + by + n) % n;
  return { ...p, text: SIGNAL_CHOICES[next]!, picked: true };
}

/** A key on the signal line. */
export function signalKey(s: UiState, p: Prompt, key: string): UiState {
  if (key === 'escape') return { ...s, prompt: undefined, message: 'cancelled' };
  if (key === 'up' || key === 'left') return { ...s, prompt: step(p, -1) };
  if (key === 'down' || key === 'right') return { ...s, prompt: step(p, 1) };
  if (key === 'enter') {
    const targets = p.targets ?? [];
    const signal = p.text.trim() || FIRST_SIGNAL;
    const request: ActionRequest = { type: 'kill', targets, signal };
    const single = targets.length === 1 && targets[0]!.kind === 'process';
    // TERM, HUP, STOP... to one process is htop's everyday move; everything wider asks
    if (single && !isKill(signal)) return send(s, request, p.tags);
    return ask(s, `${signalLabel(signal)} ${describeTargets(targets)}`, request, p.tags);
  }
  const base = p.picked ? '' : p.text;
  const text = key === 'backspace' ? base.slice(0, -1) : Array.from(key).length === 1 && key !== ' ' ? base + key : undefined;
  return text === undefined ? s : { ...s, prompt: { ...p, text, picked: false } };
}

/** y sends, any other key cancels. */
export function confirmKey(s: UiState, p: Prompt, key: string): UiState {
  if (key === 'y' && p.confirm) return send(s, p.confirm, p.tags);
  return { ...s, prompt: undefined, message: `cancelled: ${p.text.replace(/\? y\/n$/, '')}` };
}

/** Why the row under the cursor is no target: none there, or a pod's own row (t). */
export const noTarget = (key: string | undefined): string =>
  key?.startsWith('c:pod:') ? "a pod's row: select one of its containers (t: pods not grouped)" : 'no row selected';
