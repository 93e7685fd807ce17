// A mouse hit (mouse.ts) becomes what the same gesture means by keys: a row click selects
// it, a column title sorts by it (again: inverts, as htop's), a tab or an F-key label is
// that key, the wheel is Up/Down three times. While the launch form or an input line is
// open, clicks do nothing: they must never type into a field or answer a question.
import type { Hit } from '../mouse.js';
import { VIEWS } from '../views.js';
import { selectRow } from './selection.js';
import { SETUP_ITEMS } from './setup.js';
import type { RowsInfo, UiState } from './types.js';

const WHEEL_ROWS = 3;

/** `reduce`: the key reducer, for hits that are a key; `setupTop`: the first setup line
 *  shown (a click there picks the line; on the picked line, changes it, like Space). */
export function reduceMouse(s: UiState, hit: Hit, info: RowsInfo, reduce: (s: UiState, key: string) => UiState, setupTop = 0): UiState {
  if (hit.kind === 'none' || s.form || s.prompt) return s;
  if (hit.kind === 'wheel') {
    let out = s;
    for (let i = 0; i < WHEEL_ROWS; i++) out = reduce(out, hit.dir > 0 ? 'down' : 'up');
    return out;
  }
  if (hit.kind === 'key') return reduce(s, hit.key);
  if (s.help) return s;
  if (s.setup) {
    if (hit.kind !== 'line' || hit.line < 1) return s;
    const at = setupTop + hit.line - 1;
    const item = SETUP_ITEMS[at];
    if (!item || item.section) return s;
    return at === s.setup.cursor ? reduce(s, 'space') : { ...s, setup: { cursor: at } };
  }
  const vs = s.views[s.view];
  switch (hit.kind) {
    case 'tab': return hit.view === s.view ? s : reduce(s, String(VIEWS.indexOf(hit.view) + 1));
    case 'sort': {
      if (!info.sortIds.includes(hit.id)) return s;
      const same = vs.sort === hit.id;
      return { ...s, message: undefined, views: { ...s.views, [s.view]: { ...vs, sort: hit.id, desc: same ? !vs.desc : info.sortDesc(hit.id) } } };
    }
    case 'row':
      if (hit.index >= info.keys.length) return s;
      return { ...s, message: undefined, views: { ...s.views, [s.view]: selectRow(vs, info.keys, hit.index, Math.max(1, info.pageRows)) } };
    default: return s;
  }
}
