// The columns of each view, as data tables (columns/*.ts): the Table draws them, the
// sorter and the filter read them, the help screen lists them.
import type { View } from './views.js';
import type { Column } from './columns/column.js';
import { CONTAINER_COLUMNS } from './columns/container-columns.js';
import { NAMESPACE_COLUMNS } from './columns/namespace-columns.js';
import { PROCESS_COLUMNS } from './columns/process-columns.js';

export type { Column, Ctx, Seg, SortKey, Tone } from './columns/column.js';
export { CONTAINER_COLUMNS, memFraction } from './columns/container-columns.js';
export { NAMESPACE_COLUMNS } from './columns/namespace-columns.js';
export { PROCESS_COLUMNS, commandOf, type ProcessLine } from './columns/process-columns.js';

/** Every view's columns, for code that only needs ids, titles and help. */
export const COLUMNS: Record<View, readonly Column<never>[]> = {
  containers: CONTAINER_COLUMNS as readonly Column<never>[],
  namespaces: NAMESPACE_COLUMNS as readonly Column<never>[],
  processes: PROCESS_COLUMNS as readonly Column<never>[],
};

/** Containers: closest to its memory limit first (the question asked first);
 *  namespaces by inode like lsns; processes by CPU like htop. */
export const DEFAULT_SORT: Record<View, { sort: string; desc: boolean }> = {
  containers: { sort: 'mempct', desc: true },
  namespaces: { sort: 'ns', desc: false },
  processes: { sort: 'cpu', desc: true },
};

export type FittedColumn<R> = { col: Column<R>; width: number };

/** The columns that fit `width` cells (one space between them): drop the highest `drop`
 *  first; flex columns then share what is left, in order, each up to its `max`. The same
 *  (columns, width) gives the same answer, asked every frame: remembered. */
export function fitColumns<R>(cols: readonly Column<R>[], width: number): FittedColumn<R>[] {
  const key = cols as readonly object[];
  let byWidth = fitted.get(key);
  if (!byWidth) fitted.set(key, (byWidth = new Map()));
  let out = byWidth.get(width) as FittedColumn<R>[] | undefined;
  if (!out) byWidth.set(width, (out = fit(cols, width)));
  return out;
}

const fitted = new WeakMap<readonly object[], Map<number, readonly object[]>>();

function fit<R>(cols: readonly Column<R>[], width: number): FittedColumn<R>[] {
  let shown = [...cols];
  const need = (cs: readonly Column<R>[]) => cs.reduce((a, c) => a + c.width, 0) + Math.max(0, cs.length - 1);
  while (need(shown) > width) {
    const worst = Math.max(...shown.map((c) => c.drop));
    if (worst <= 0) break;
    const i = shown.map((c) => c.drop).lastIndexOf(worst);
    shown = shown.filter((_, j) => j !== i);
  }
  let spare = Math.max(0, width - need(shown));
  const widths = shown.map((c) => c.width);
  // bounded flex columns first (names), then the unbounded ones (commands) take the rest
  for (const bounded of [true, false]) {
    shown.forEach((col, i) => {
      if (!col.flex || (col.max !== undefined) !== bounded) return;
      const grow = Math.min(spare, col.max === undefined ? spare : Math.max(0, col.max - col.width));
      widths[i]! += grow;
      spare -= grow;
    });
  }
  return shown.map((col, i) => ({ col, width: widths[i]! }));
}
