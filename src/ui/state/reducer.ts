// Dashboard state, pure: keys become actions, actions become state. Row data is not
// here (it comes with each snapshot); selection is kept by row key so a refresh that
// reorders rows does not move the cursor to another container.
import type { Action } from '../keymap.js';

export type View = 'containers' | 'namespaces' | 'processes';
export const VIEWS: View[] = ['containers', 'namespaces', 'processes'];

export type Scope = { kind: 'container'; id: string; label: string } | { kind: 'namespace'; type: string; ns: number; label: string };

export type ViewState = { selected: number; sort: number; desc: boolean; filter: string };

export type Prompt = { kind: 'search' | 'filter'; text: string };

export type UiState = {
  view: View;
  views: Record<View, ViewState>;
  tree: boolean;
  tagged: Set<string>;
  help: boolean;
  prompt?: Prompt;
  search: string;
  scope?: Scope;
  message?: string;
  quit: boolean;
};

export const initialState = (defaultSorts: Record<View, { sort: number; desc: boolean }>): UiState => ({
  view: 'containers',
  views: {
    containers: { selected: 0, filter: '', ...defaultSorts.containers },
    namespaces: { selected: 0, filter: '', ...defaultSorts.namespaces },
    processes: { selected: 0, filter: '', ...defaultSorts.processes },
  },
  tree: false,
  tagged: new Set(),
  help: false,
  search: '',
  quit: false,
});

/** What the reducer needs to know about the rows on screen. */
export type RowsInfo = { keys: string[]; texts: string[]; columns: number; pageRows: number; selectedScope?: Scope; readOnly: boolean };

export type UiEvent = { type: 'action'; action: Action } | { type: 'text'; key: string };

const clamp = (v: number, n: number): number => Math.max(0, Math.min(v, n - 1));

function patchView(s: UiState, patch: Partial<ViewState>): UiState {
  return { ...s, views: { ...s.views, [s.view]: { ...s.views[s.view], ...patch } } };
}

function findFrom(texts: string[], needle: string, start: number): number | undefined {
  const n = needle.toLowerCase();
  for (let i = 0; i < texts.length; i++) {
    const j = (start + i) % texts.length;
    if (texts[j]!.toLowerCase().includes(n)) return j;
  }
  return undefined;
}

/** Typing into the search/filter prompt. */
function promptKey(s: UiState, key: string, rows: RowsInfo): UiState {
  const p = s.prompt!;
  if (key === 'escape') return { ...(p.kind === 'filter' ? patchView(s, { filter: '' }) : s), prompt: undefined };
  if (key === 'enter') return { ...s, prompt: undefined, search: p.kind === 'search' ? p.text : s.search };
  const text = key === 'backspace' ? p.text.slice(0, -1) : key === 'space' ? p.text + ' ' : key.length === 1 ? p.text + key : p.text;
  const next = { ...s, prompt: { ...p, text } };
  if (p.kind === 'filter') return patchView(next, { filter: text, selected: 0 });
  const hit = text === '' ? undefined : findFrom(rows.texts, text, 0);
  return hit === undefined ? next : patchView(next, { selected: hit });
}

export function reduce(s: UiState, ev: UiEvent, rows: RowsInfo): UiState {
  if (ev.type === 'text') return s.prompt ? promptKey(s, ev.key, rows) : s.help ? { ...s, help: false } : s;
  const v = s.views[s.view];
  const n = rows.keys.length;
  const cleared = { ...s, message: undefined };
  if (s.help) return ev.action === 'quit' ? { ...s, quit: true } : { ...cleared, help: false };
  switch (ev.action) {
    case 'up': return patchView(cleared, { selected: clamp(v.selected - 1, n) });
    case 'down': return patchView(cleared, { selected: clamp(v.selected + 1, n) });
    case 'pageUp': return patchView(cleared, { selected: clamp(v.selected - rows.pageRows, n) });
    case 'pageDown': return patchView(cleared, { selected: clamp(v.selected + rows.pageRows, n) });
    case 'home': return patchView(cleared, { selected: 0 });
    case 'end': return patchView(cleared, { selected: Math.max(0, n - 1) });
    case 'help': return { ...cleared, help: true };
    case 'search': return { ...cleared, prompt: { kind: 'search', text: '' } };
    case 'filter': return { ...cleared, prompt: { kind: 'filter', text: v.filter } };
    case 'searchNext': {
      const hit = s.search ? findFrom(rows.texts, s.search, v.selected + 1) : undefined;
      return hit === undefined ? { ...cleared, message: s.search ? `"${s.search}" not found` : 'no search (F3)' } : patchView(cleared, { selected: hit });
    }
    case 'tree': return s.view === 'processes' ? { ...cleared, tree: !s.tree } : { ...cleared, message: 'tree: Processes view only (3)' };
    case 'sortNext': return patchView(cleared, { sort: (v.sort + 1) % rows.columns });
    case 'sortPrev': return patchView(cleared, { sort: (v.sort - 1 + rows.columns) % rows.columns });
    case 'sortInvert': return patchView(cleared, { desc: !v.desc });
    case 'tag': {
      const key = rows.keys[v.selected];
      if (key === undefined) return cleared;
      const tagged = new Set(s.tagged);
      if (tagged.has(key)) tagged.delete(key);
      else tagged.add(key);
      return patchView({ ...cleared, tagged }, { selected: clamp(v.selected + 1, n) });
    }
    case 'kill': return { ...cleared, message: rows.readOnly ? 'read-only: run nstop as root to act' : 'kill arrives with the Act release' };
    case 'quit': return { ...s, quit: true };
    case 'nextView': return { ...cleared, view: VIEWS[(VIEWS.indexOf(s.view) + 1) % 3]! };
    case 'prevView': return { ...cleared, view: VIEWS[(VIEWS.indexOf(s.view) + 2) % 3]! };
    case 'view1': return { ...cleared, view: 'containers' };
    case 'view2': return { ...cleared, view: 'namespaces' };
    case 'view3': return { ...cleared, view: 'processes' };
    case 'drill':
      if (s.view === 'processes' || !rows.selectedScope) return cleared;
      return { ...cleared, view: 'processes', scope: rows.selectedScope, views: { ...s.views, processes: { ...s.views.processes, selected: 0 } } };
    case 'back': return { ...cleared, scope: undefined };
  }
}
