// The selection is a row's identity, never a position: rows re-sort every tick (by MEM%)
// and appear and vanish, and a key like k must hit what the user saw selected. The App
// settles the selection against each frame's rows here before drawing it or reducing a
// key. Cost per tick: one lookup of the key (O(rows), no allocation) while it stays put.
import type { Scope, UiState, ViewState } from './types.js';

/** A view's rows as drawn: keys in screen order, and what narrowed them. */
export type Shown = {
  keys: readonly string[];
  nameAt: (index: number) => string;
  filter: string;
  scope?: Scope;
};

const put = (s: UiState, vs: ViewState): UiState => ({ ...s, views: { ...s.views, [s.view]: vs } });

/** Index of `key` in `keys`, trying the hint first (no re-sort: no scan). */
export function indexOfKey(keys: readonly string[], key: string, hint: number): number {
  return keys[hint] === key ? hint : keys.indexOf(key);
}

/** The row next to `gone` in the order last shown that is still here: below first, then
 *  above, then further out. Undefined when `gone` was not shown or nothing of it is left. */
function neighbour(keys: readonly string[], before: readonly string[], from: number): number | undefined {
  // a rare path (a row vanished): a set, so a mass exit is not rows x rows
  const here = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) here.set(keys[i]!, i);
  for (let d = 1; d < before.length; d++) {
    const below = here.get(before[from + d] ?? '');
    if (below !== undefined) return below;
    const above = here.get(before[from - d] ?? '');
    if (above !== undefined) return above;
  }
  return undefined;
}

/** `s` with the current view's selection settled on `now`'s rows (`s` itself when nothing
 *  moves). `before`: the same view's rows as last drawn, for the neighbour of a vanished
 *  selection; a vanishing says so only when the filter and drill-in are as they were
 *  (otherwise it was the user who hid the row). */
export function followSelection(s: UiState, now: Shown, before: Shown | undefined): UiState {
  const vs = s.views[s.view];
  const keys = now.keys;
  // no rows (a filter that matches nothing, a refresh in between): keep the identity,
  // it may come back
  if (keys.length === 0) return s;
  if (vs.pending !== undefined) {
    const at = keys.indexOf(vs.pending);
    if (at >= 0) return put(s, { ...vs, selectedKey: vs.pending, selected: at, pending: undefined });
  }
  if (vs.selectedKey === undefined) return put(s, { ...vs, selectedKey: keys[0], selected: 0 });
  if (indexOfKey(keys, vs.selectedKey, vs.selected) >= 0) return s;
  const was = before ? before.keys.indexOf(vs.selectedKey) : -1;
  const near = was >= 0 ? neighbour(keys, before!.keys, was) : undefined;
  const at = near ?? Math.min(vs.selected, keys.length - 1);
  // F: the followed row is awaited (a relaunch under its name, a filter undone)
  const followed = vs.follow === vs.selectedKey;
  const moved = put(s, { ...vs, selectedKey: keys[at], selected: at, ...(followed ? { pending: vs.follow } : {}) });
  if (followed) return { ...moved, message: `${was >= 0 ? before!.nameAt(was) : 'the followed row'} is gone: selected again when it is back (F)` };
  if (was < 0 || before!.filter !== now.filter || before!.scope !== now.scope) return moved;
  return { ...moved, message: `${before!.nameAt(was)} is gone: selection moved to ${now.nameAt(at)}` };
}
