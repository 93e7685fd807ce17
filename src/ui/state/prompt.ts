// Keys while the search/filter input line is open: typing goes into the text,
// Enter keeps it, Esc cancels, F3 (searching) jumps to the next match.
import { bindingFor } from '../keymap.js';
import { findRow } from './find.js';
import { currentIndex, selectRow } from './selection.js';
import type { Prompt, RowsInfo, UiState } from './types.js';

const NAVIGATION = new Set(['up', 'down', 'pageUp', 'pageDown', 'home', 'end']);

function patch(s: UiState, prompt: Prompt | undefined, filter?: string): UiState {
  const vs = s.views[s.view];
  const views = filter === undefined ? s.views : { ...s.views, [s.view]: { ...vs, filter, scroll: 0 } };
  return { ...s, prompt, views };
}

/** Jump to the first row matching the prompt's text, from `start`. */
function seek(s: UiState, p: Prompt, info: RowsInfo, start: number): UiState {
  const hit = findRow(info.keys.length, info.textAt, p.text, start);
  if (hit === undefined) return { ...s, prompt: { ...p, missed: p.text !== '' } };
  const vs = selectRow(s.views[s.view], info.keys, hit, info.pageRows);
  return { ...s, prompt: { ...p, missed: false }, views: { ...s.views, [s.view]: vs } };
}

/** null: not a prompt key (the caller handles navigation keys as usual). */
export function promptKey(s: UiState, p: Prompt, key: string, info: RowsInfo): UiState | null {
  if (key === 'escape') return p.kind === 'filter' ? patch(s, undefined, p.before) : patch(s, undefined);
  if (key === 'enter') return p.kind === 'search' ? { ...patch(s, undefined), search: p.text } : patch(s, undefined);
  if (key === 'f3' && p.kind === 'search') {
    const text = p.text || s.search;
    return seek(s, { ...p, text }, info, currentIndex(s.views[s.view], info.keys) + (p.text ? 1 : 0));
  }
  const action = bindingFor(key)?.action;
  if (action && NAVIGATION.has(action)) return null;
  const text = key === 'backspace' ? p.text.slice(0, -1) : key === 'space' ? p.text + ' ' : Array.from(key).length === 1 ? p.text + key : p.text;
  if (text === p.text) return s;
  const next = { ...p, text };
  return p.kind === 'filter' ? patch(s, next, text) : seek(s, next, info, p.origin);
}
