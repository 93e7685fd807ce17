// Keys become state changes, purely: (state, key name, rows on screen) -> state.
// Testable without Ink; the App feeds it decoded keys and a RowsInfo for the view.
import { helpKey } from './help-keys.js';
import { DEFAULT_SORT } from '../columns.js';
import { bindingFor, bindingOf, keyLabel, NOT_IN_NSTOP, type Action } from '../keymap.js';
import { VIEW_TITLES, VIEWS, type View } from '../views.js';
import { findRow } from './find.js';
import { promptKey } from './prompt.js';
import { actPromptKey, targetAction } from './act-keys.js';
import { formKey, newForm } from './form.js';
import { currentIndex, selectRow } from './selection.js';
import type { RowsInfo, UiState, ViewState } from './types.js';
import { stepInterval } from './interval.js';
import { FIRST_SETUP_LINE, setupKey } from './setup.js';
import { foldAll, foldOne } from './fold.js';
import { openUserPick, userPickKey } from './user-pick.js';

export { stepInterval } from './interval.js';

const viewState = (v: View): ViewState => ({ selected: 0, scroll: 0, filter: '', ...DEFAULT_SORT[v] });

export const initialState = (): UiState => ({
  view: 'containers',
  views: { containers: viewState('containers'), namespaces: viewState('namespaces'), processes: viewState('processes') },
  tree: false,
  tagged: new Set(),
  help: false,
  search: '',
  quit: false,
});

export const READ_ONLY_MESSAGE = 'read-only: run as root to act';


/** One key (as decodeKeys names it). */
export function reduceKey(s: UiState, key: string, info: RowsInfo): UiState {
  if (s.help) return helpKey(s, key, info);
  if (s.setup) return setupKey(s, key, info.intervalMs ?? 1000, Math.max(1, info.pageRows));
  if (s.form) {
    const f = formKey(s.form, key);
    if (f === 'cancel') return { ...s, form: undefined, message: 'launch cancelled' };
    if (f === 'submit') {
      const name = s.form.fields.name.trim();
      return { ...awaitLaunch(s, name), form: undefined, request: { type: 'run', fields: s.form.fields }, message: `launching ${name}…` };
    }
    return { ...s, form: f };
  }
  if (s.prompt && (s.prompt.kind === 'signal' || s.prompt.kind === 'limits' || s.prompt.kind === 'quit' || s.prompt.kind === 'confirm')) return actPromptKey(s, s.prompt, key);
  if (s.prompt?.kind === 'user') return userPickKey(s, s.prompt, key, info);
  if (s.prompt) {
    const next = promptKey(s, s.prompt, key, info);
    if (next) return next;
  }
  const binding = bindingFor(key);
  if (binding) return reduceAction(s, binding.action, info, key);
  const htop = NOT_IN_NSTOP[key];
  return htop ? { ...s, message: htop } : s;
}


const withView = (s: UiState, vs: ViewState): UiState => ({ ...s, views: { ...s.views, [s.view]: vs } });

/** What a launch started gets selected when its row shows (state/follow.ts): on the
 *  Containers view, unfiltered, or a filter could hide it for good. */
function awaitLaunch(s: UiState, name: string): UiState {
  const containers = { ...s.views.containers, pending: `c:nstop:${name}`, filter: '' };
  return { ...s, view: 'containers', views: { ...s.views, containers } };
}
const goTo = (s: UiState, view: View): UiState => ({ ...s, view });

/** `key`: the key pressed, for messages (the binding's first key when absent). */
export function reduceAction(state: UiState, action: Action, info: RowsInfo, key?: string): UiState {
  const b = bindingOf(action);
  if (b.views && !b.views.includes(state.view)) {
    return { ...state, message: `${keyLabel(key ?? b.keys[0]!)}: ${b.views.map((v) => VIEW_TITLES[v]).join(' or ')} view only` };
  }
  const s: UiState = { ...state, message: undefined };
  const vs = s.views[s.view];
  const cur = currentIndex(vs, info.keys);
  const page = Math.max(1, info.pageRows);
  const select = (i: number, scrollBy = 0) => withView(s, selectRow(vs, info.keys, i, page, scrollBy));
  switch (action) {
    case 'up': return select(cur - 1);
    case 'down': return select(cur + 1);
    case 'pageUp': return select(cur - page, -page);
    case 'pageDown': return select(cur + page, page);
    case 'home': return select(0);
    case 'end': return select(info.keys.length - 1);
    case 'help': return { ...s, help: true };
    case 'search': return { ...s, prompt: { kind: 'search', text: '', origin: cur, before: vs.filter } };
    case 'filter': return { ...s, prompt: { kind: 'filter', text: vs.filter, origin: cur, before: vs.filter } };
    case 'searchNext': {
      if (!s.search) return { ...s, message: 'no search yet: F3 or /' };
      const hit = findRow(info.keys.length, info.textAt, s.search, cur + 1);
      return hit === undefined ? { ...s, message: `"${s.search}" not found` } : select(hit);
    }
    case 'tree': return { ...s, tree: !s.tree };
    case 'setup': return { ...s, setup: { cursor: FIRST_SETUP_LINE }, prompt: undefined };
    case 'slower':
    case 'faster': {
      // htop: + and - fold in the tree; btop: they change the interval
      if (s.view === 'processes' && s.tree) {
        const k = info.keys[cur];
        return k === undefined ? s : foldOne(s, k, action === 'slower');
      }
      const ms = stepInterval(s.intervalMs ?? info.intervalMs ?? 1000, action === 'slower' ? 1 : -1);
      return { ...s, intervalMs: ms, message: `refresh every ${ms < 1000 ? `${ms}ms` : `${ms / 1000}s`} (+ slower, - faster)` };
    }
    case 'hideKernel': return { ...s, hideKernel: !s.hideKernel, message: s.hideKernel ? 'kernel threads shown (K hides them)' : 'kernel threads hidden (K shows them)' };
    case 'foldAll': return s.tree ? foldAll(s) : { ...s, message: '*: folds the process tree (t turns it on)' };
    case 'follow': {
      const k = info.keys[cur];
      if (k === undefined) return { ...s, message: 'no row to follow' };
      const on = vs.follow !== k;
      return { ...withView(s, { ...vs, follow: on ? k : undefined }), message: on ? `following ${info.nameAt?.(cur) ?? 'the row'} (F again: stop)` : 'not following' };
    }
    case 'userFilter': return openUserPick(s, info, cur);
    case 'sortNext':
    case 'sortPrev': {
      const ids = info.sortIds;
      if (ids.length === 0) return s;
      const i = ids.indexOf(vs.sort);
      const next = ids[(i + (action === 'sortNext' ? 1 : ids.length - 1)) % ids.length]!;
      return withView(s, { ...vs, sort: next, desc: info.sortDesc(next) });
    }
    case 'sortInvert': return withView(s, { ...vs, desc: !vs.desc });
    case 'tag': {
      const key = info.keys[cur];
      if (key === undefined) return s;
      const tagged = new Set(s.tagged);
      if (!tagged.delete(key)) tagged.add(key);
      return { ...select(cur + 1), tagged };
    }
    case 'quit':
      return info.liveLaunched > 0 && !info.readOnly
        ? { ...s, prompt: { kind: 'quit', text: '', origin: cur, before: vs.filter } }
        : { ...s, quit: true };
    case 'demoMunch': case 'demoBomb': {
      if (info.readOnly) return { ...s, message: info.readOnlyWhy ?? READ_ONLY_MESSAGE };
      const kind = action === 'demoMunch' ? 'munch' : 'forkbomb';
      const name = `${kind}-${Math.random().toString(36).slice(2, 6)}`;
      return { ...awaitLaunch(s, name), request: { type: 'demo', kind, name }, message: `starting ${name}…` };
    }
    case 'net': {
      // reading only: works read-only too; one pane at a time
      const sc = info.scopeAt(cur);
      if (sc?.kind !== 'container') return { ...s, message: 'no row selected' };
      return { ...s, netFor: s.netFor === sc.id ? undefined : sc.id, logFor: undefined };
    }
    case 'launch': return info.readOnly ? { ...s, message: info.readOnlyWhy ?? READ_ONLY_MESSAGE } : { ...s, form: newForm() };
    case 'kill': case 'exec': case 'limits': case 'memUp': case 'memDown': case 'pidsUp': case 'pidsDown': case 'freeze': case 'remove': case 'logs':
      return targetAction(s, action, info, cur);
    case 'nextView': return goTo(s, VIEWS[(VIEWS.indexOf(s.view) + 1) % VIEWS.length]!);
    case 'prevView': return goTo(s, VIEWS[(VIEWS.indexOf(s.view) + VIEWS.length - 1) % VIEWS.length]!);
    case 'view1': return goTo(s, 'containers');
    case 'view2': return goTo(s, 'namespaces');
    case 'view3': return goTo(s, 'processes');
    case 'drill': {
      const scope = info.scopeAt(cur);
      if (!scope) return { ...s, message: 'nothing to drill into' };
      return { ...s, view: 'processes', scope, views: { ...s.views, processes: { ...s.views.processes, selected: 0, selectedKey: undefined, scroll: 0 } } };
    }
    case 'back':
      if (s.view === 'processes' && s.scope) return { ...s, scope: undefined };
      if (s.view === 'processes' && s.user !== undefined) return { ...s, user: undefined, message: 'all users shown' };
      if (vs.filter) return withView(s, { ...vs, filter: '' });
      if (s.search) return { ...s, search: '' };
      return s;
  }
}
