// Where the frame puts things, for the mouse (mouse.ts hit-tests against it): built from
// the same layout, tab labels, F-key bar and fitted columns the frame is drawn with.
import type { Snapshot } from '../model/types.js';
import { fitColumns } from './columns.js';
import { fkeySpans } from './components/fkey-bar.js';
import { tabLabels } from './components/view-tabs.js';
import type { ScreenLayout } from './layout.js';
import { spansOf, type ScreenMap } from './mouse.js';
import type { UiState } from './state/types.js';
import type { ViewRows } from './view-rows.js';
import type { View } from './views.js';

/** Rows per view for the tabs; the current view says "shown/all" while filtered. */
export function counts(snap: Snapshot, view: View, shown: number, total: number): Record<View, string> {
  const out = { containers: String(snap.containers.length), namespaces: String(snap.namespaces.length), processes: String(snap.processes.length) };
  out[view] = shown === total ? String(total) : `${shown}/${total}`;
  return out;
}

/** `headerLines`: the lines above the tabs; `scroll`: the table's first row shown. */
export function screenMap(snap: Snapshot, ui: UiState, rows: ViewRows, layout: ScreenLayout, headerLines: number, width: number, height: number, scroll: number): ScreenMap {
  const tabs = tabLabels(counts(snap, ui.view, rows.shown ?? rows.keys.length, rows.total), ui.scope?.label, ui.tree);
  const table = !ui.setup && !ui.help && !ui.form;
  return {
    tabsY: headerLines,
    tabs: spansOf(tabs),
    tableY: headerLines + 1,
    body: layout.table - 1,
    scroll: table ? scroll : 0,
    rowCount: table ? rows.keys.length : 0,
    columns: table ? fitColumns(rows.columns, width - 1) : [],
    fkeysY: height - 1,
    fkeys: fkeySpans(width),
  };
}
