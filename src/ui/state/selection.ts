// Selection and scrolling, pure: which row is selected and which rows are on screen.
import { indexOfKey } from './follow.js';
import type { ViewState } from './types.js';

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(v, hi));

/** The selected row's index among `keys`: found by key, else (no rows yet, or before
 *  followSelection settled it) the old index clamped. */
export function currentIndex(vs: ViewState, keys: readonly string[]): number {
  const byKey = vs.selectedKey === undefined ? -1 : indexOfKey(keys, vs.selectedKey, vs.selected);
  return byKey >= 0 ? byKey : clamp(vs.selected, 0, Math.max(0, keys.length - 1));
}

/** First row to show so that `selected` is on screen, moving the window as little as
 *  possible (htop scrolls only when the cursor leaves the page). */
export function scrollFor(selected: number, scroll: number, page: number, total: number): number {
  const rows = Math.max(1, page);
  let top = scroll;
  if (selected < top) top = selected;
  if (selected >= top + rows) top = selected - rows + 1;
  return clamp(top, 0, Math.max(0, total - rows));
}

/** Select row `index` (clamped), keeping it on screen; `scrollBy` moves the window too
 *  (paging). A choice the user makes drops a launch's pending one: it would steal the
 *  selection from under them when its row shows; so does a follow (F), as in htop. */
export function selectRow(vs: ViewState, keys: readonly string[], index: number, page: number, scrollBy = 0): ViewState {
  const n = keys.length;
  const selected = clamp(index, 0, Math.max(0, n - 1));
  return { ...vs, selected, selectedKey: keys[selected] ?? vs.selectedKey, pending: undefined, follow: undefined, scroll: scrollFor(selected, vs.scroll + scrollBy, page, n) };
}
