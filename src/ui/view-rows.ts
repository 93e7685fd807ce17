// Snapshot + UI state -> the rows of the current view: scoped, filtered, sorted (or in
// tree order), with a key, a searchable text and a drill-in target per row. Pure.
import type { ContainerRow, NamespaceRow, ProcessRow, Snapshot } from '../model/types.js';
import { CONTAINER_COLUMNS, NAMESPACE_COLUMNS, PROCESS_COLUMNS, type Column, type Ctx, type ProcessLine } from './columns.js';
import type { Glyphs } from './glyphs.js';
import { treeLines } from './process-tree.js';
import { podLines } from './pod-tree.js';
import type { ContainerLine } from './columns/container-columns.js';
import { matches } from './state/find.js';
import type { RowsInfo, Scope, UiState } from './state/types.js';
import type { UiTarget } from './actions.js';
import { isFolded } from './state/fold.js';
import { withHost } from './columns/host-column.js';
import type { View } from './views.js';

/** One view's table. Rows are `unknown` here so the three views share one shape; each
 *  view's columns are only ever paired with that view's rows (see buildRows). */
export type ViewRows = {
  columns: readonly Column<unknown>[];
  rows: readonly unknown[];
  keys: string[];
  /** the searchable text of row i, built on first ask (10k rows: not every frame) */
  textAt: (index: number) => string;
  scopeAt: (index: number) => Scope | undefined;
  /** what an action (kill, exec, set...) on row i acts on */
  targetAt: (index: number) => UiTarget | undefined;
  /** row i's name for messages: "box1", "net:[4026532604]", "sh (pid 4100)" */
  nameAt: (index: number) => string;
  /** rows before filtering (for "3 of 12") */
  total: number;
  /** of those rows, how many are shown when it is not every row (the pod rows t adds in
   *  the Containers view are not counted) */
  shown?: number;
};

// Per-frame code here uses loops and module-level functions rather than closures made
// per call: V8 drops the optimized code of dead closures at every full GC and compiles
// them again (README: "Memory").
export function contextOf(snap: Snapshot, g: Glyphs): Ctx {
  const names = new Map<string, string>();
  for (const c of snap.containers) names.set(c.id, c.name);
  return { g, names, now: snap.time };
}

const rowText = <R>(r: R, cols: readonly Column<R>[], ctx: Ctx): string => cols.map((c) => c.render(r, ctx)).join(' ');

export function sortRows<R>(rows: readonly R[], col: Column<R> | undefined, desc: boolean, ctx: Ctx): R[] {
  if (!col) return [...rows];
  const keyed: Keyed<R>[] = [];
  for (const r of rows) keyed.push({ r, k: col.sortKey(r, ctx) });
  keyed.sort(desc ? byKeyDesc : byKeyAsc);
  const out: R[] = [];
  for (const x of keyed) out.push(x.r);
  return out;
}

type Keyed<R> = { r: R; k: string | number | undefined };

function byKeyAsc(a: Keyed<unknown>, b: Keyed<unknown>): number {
  if (a.k === undefined || b.k === undefined) return a.k === b.k ? 0 : a.k === undefined ? 1 : -1; // unknown last
  return typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
}

function byKeyDesc(a: Keyed<unknown>, b: Keyed<unknown>): number {
  const c = byKeyAsc(a, b);
  return a.k === undefined || b.k === undefined ? c : -c; // unknown last either way
}

const containerKey = (c: ContainerRow): string => `c:${c.id}`;
const namespaceKey = (r: NamespaceRow): string => `n:${r.type}:${r.ns}`;
const processKey = (p: ProcessLine): string => `p:${p.pid}:${p.starttime}`;

export function inScope(p: ProcessRow, scope: Scope | undefined): boolean {
  if (!scope) return true;
  return scope.kind === 'container' ? p.containerId === scope.id : p.ns[scope.type] === scope.ns;
}

function table<R>(columns: readonly Column<R>[], all: readonly R[], ui: UiState, ctx: Ctx, keyOf: (r: R) => string, order?: (rows: R[], sort: (rs: R[]) => R[]) => R[]): ViewRows & { rows: readonly R[] } {
  const vs = ui.views[ui.view];
  const kept = vs.filter ? all.filter((r) => matches(rowText(r, columns, ctx), vs.filter)) : [...all];
  const sort = (rs: R[]) => sortRows(rs, columns.find((c) => c.id === vs.sort), vs.desc, ctx);
  const rows = order ? order(kept, sort) : sort(kept);
  const texts: (string | undefined)[] = [];
  const textAt = (i: number): string => (texts[i] ??= rows[i] === undefined ? '' : rowText(rows[i]!, columns, ctx));
  return { columns: columns as readonly Column<unknown>[], rows, keys: rows.map(keyOf), textAt, scopeAt: () => undefined, targetAt: () => undefined, nameAt: () => '', total: all.length };
}

/** The processes of the drill-in scope, without kernel threads when K hid them, of
 *  one user when u picked one. */
function processesShown(all: readonly ProcessRow[], ui: UiState): ProcessLine[] {
  const out: ProcessLine[] = [];
  for (let i = 0; i < all.length; i++) {
    const p = all[i]!;
    if ((!ui.hideKernel || !p.kernelThread) && inScope(p, ui.scope) && (ui.user === undefined || p.user === ui.user)) out.push(p);
  }
  return out;
}

/** The columns F2 setup left shown (the first, which names the row, always): one array
 *  per choice, so fitColumns' memo by array keeps working. */
const chosen = new Map<string, readonly Column<unknown>[]>();
function columnsShown<R>(v: View, all: readonly Column<R>[], ui: UiState): readonly Column<R>[] {
  const ids = ui.columns?.[v];
  if (!ids) return all;
  const sig = `${v}:${ids.join(' ')}`;
  let cols = chosen.get(sig);
  if (!cols) chosen.set(sig, (cols = all.filter((c, i) => i === 0 || ids.includes(c.id)) as readonly Column<unknown>[]));
  return cols as readonly Column<R>[];
}

/** The distinct users of the processes, sorted (u's picker). */
export function usersOf(snap: Snapshot): string[] {
  const set = new Set<string>();
  for (let i = 0; i < snap.processes.length; i++) set.add(snap.processes[i]!.user);
  return [...set].sort();
}

export function buildRows(snap: Snapshot, ui: UiState, ctx: Ctx): ViewRows {
  if (ui.view === 'containers') {
    // t: a pod's containers under the pod's row (pod-tree.ts); that row is no target
    const pods = ui.pods ? (rows: ContainerLine[], sort: (rs: ContainerLine[]) => ContainerLine[]) => podLines(rows, ctx.g, sort) : undefined;
    const t = table<ContainerLine>(withHost(columnsShown('containers', CONTAINER_COLUMNS, ui), snap.containers), snap.containers, ui, ctx, containerKey, pods);
    let podRows = 0;
    if (pods) for (const r of t.rows) if (r.podOf) podRows++;
    return {
      ...t,
      ...(podRows > 0 ? { shown: t.rows.length - podRows } : {}),
      scopeAt: (i) => { const c = t.rows[i]; return c && !c.podOf ? { kind: 'container', id: c.id, label: c.name } : undefined; },
      targetAt: (i) => {
        const c = t.rows[i];
        return c && !c.podOf ? { kind: 'container', name: c.name, id: c.id, ...(c.initPid !== undefined ? { pid: c.initPid } : {}), managed: c.managed !== undefined, status: c.status, runtime: c.runtime, nprocs: c.nprocs } : undefined;
      },
      nameAt: (i) => t.rows[i]?.name ?? '',
    };
  }
  if (ui.view === 'namespaces') {
    const t = table<NamespaceRow>(columnsShown('namespaces', NAMESPACE_COLUMNS, ui), snap.namespaces, ui, ctx, namespaceKey);
    const label = (r: NamespaceRow) => `${r.type}:[${r.ns}]`;
    return {
      ...t,
      scopeAt: (i) => { const r = t.rows[i]; return r && { kind: 'namespace', type: r.type, ns: r.ns, label: label(r) }; },
      nameAt: (i) => { const r = t.rows[i]; return r ? label(r) : ''; },
    };
  }
  // a ProcessRow is a ProcessLine without a prefix: only tree mode copies rows to add one
  const lines: ProcessLine[] = ui.scope || ui.hideKernel || ui.user !== undefined ? processesShown(snap.processes, ui) : (snap.processes as ProcessLine[]);
  const tree = ui.tree ? (rows: ProcessLine[], sort: (rs: ProcessLine[]) => ProcessLine[]) => treeLines(rows, ctx.g, sort, ui.fold ? (p) => isFolded(ui, processKey(p)) : undefined) : undefined;
  const t = table<ProcessLine>(columnsShown('processes', PROCESS_COLUMNS, ui), lines, ui, ctx, processKey, tree);
  const name = (p: ProcessLine) => `${p.comm} (pid ${p.pid})`;
  return {
    ...t,
    targetAt: (i) => { const p = t.rows[i]; return p && { kind: 'process', name: name(p), pid: p.pid, starttime: p.starttime, managed: false }; },
    nameAt: (i) => { const p = t.rows[i]; return p ? name(p) : ''; },
  };
}

export function rowsInfo(v: ViewRows, pageRows: number, readOnly: boolean): RowsInfo {
  return {
    keys: v.keys,
    textAt: v.textAt,
    sortIds: v.columns.map((c) => c.id),
    sortDesc: (id) => v.columns.find((c) => c.id === id)?.desc ?? false,
    pageRows,
    readOnly,
    scopeAt: v.scopeAt,
    targetAt: v.targetAt,
    nameAt: v.nameAt,
    liveLaunched: 0,
  };
}

/** Remembers the last build: the App asks once per render and once per key. */
export function rowsCache(): (snap: Snapshot, ui: UiState, g: Glyphs) => { rows: ViewRows; ctx: Ctx } {
  let last: { snap: Snapshot; g: Glyphs; sig: string; scope: Scope | undefined; fold: UiState['fold']; columns: UiState['columns']; rows: ViewRows; ctx: Ctx } | undefined;
  return (snap, ui, g) => {
    const vs = ui.views[ui.view];
    const sig = [ui.view, vs.filter, vs.sort, vs.desc, ui.tree, ui.pods === true, ui.hideKernel === true, ui.user ?? ''].join('\u0000');
    if (last && last.snap === snap && last.g === g && last.sig === sig && last.scope === ui.scope && last.fold === ui.fold && last.columns === ui.columns) return last;
    const ctx = last && last.snap === snap && last.g === g ? last.ctx : contextOf(snap, g);
    last = { snap, g, sig, scope: ui.scope, fold: ui.fold, columns: ui.columns, rows: buildRows(snap, ui, ctx), ctx };
    return last;
  };
}
