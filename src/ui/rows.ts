// Snapshot + UI state -> the rows of the current view: scoped, filtered, sorted, and for
// the process tree, ordered parent-first with tree prefixes. Pure.
import type { ContainerRow, NamespaceRow, ProcessRow, Snapshot } from '../model/types.js';
import { CONTAINER_COLUMNS, NAMESPACE_COLUMNS, PROCESS_COLUMNS, type Column, type Ctx, type ProcessLine } from './columns.js';
import type { Glyphs } from './glyphs.js';
import type { RowsInfo, Scope, UiState } from './state/reducer.js';

export type ViewRows =
  | { view: 'containers'; columns: Column<ContainerRow>[]; rows: ContainerRow[] }
  | { view: 'namespaces'; columns: Column<NamespaceRow>[]; rows: NamespaceRow[] }
  | { view: 'processes'; columns: Column<ProcessLine>[]; rows: ProcessLine[] };

function sortRows<R>(rows: R[], col: Column<R> | undefined, desc: boolean): R[] {
  if (!col) return rows;
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = col.sort(a);
    const y = col.sort(b);
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
  });
}

const rowText = <R>(r: R, cols: Column<R>[], ctx: Ctx): string => cols.map((c) => c.cell(r, ctx).text).join(' ');

function tree(procs: ProcessRow[], g: Glyphs, sortCol: Column<ProcessLine> | undefined, desc: boolean): ProcessLine[] {
  const pids = new Set(procs.map((p) => p.pid));
  const kids = new Map<number, ProcessRow[]>();
  const roots: ProcessRow[] = [];
  for (const p of procs) {
    if (pids.has(p.ppid) && p.ppid !== p.pid) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
    else roots.push(p);
  }
  const out: ProcessLine[] = [];
  const walk = (p: ProcessRow, lead: string, last: boolean, depth: number): void => {
    out.push({ ...p, prefix: depth === 0 ? '' : lead + (last ? g.elbow : g.tee) });
    const children = sortRows((kids.get(p.pid) ?? []).map((c) => ({ ...c, prefix: '' })), sortCol, desc);
    children.forEach((c, i) => walk(c, depth === 0 ? '' : lead + (last ? '  ' : g.pipe), i === children.length - 1, depth + 1));
  };
  for (const r of sortRows(roots.map((p) => ({ ...p, prefix: '' })), sortCol, desc)) walk(r, '', true, 0);
  return out;
}

export function inScope(p: ProcessRow, scope: Scope | undefined, s: Snapshot): boolean {
  if (!scope) return true;
  if (scope.kind === 'container') return p.containerId === scope.id;
  return p.ns[scope.type as keyof ProcessRow['ns']] === scope.ns;
}

export function viewRows(s: Snapshot, ui: UiState, ctx: Ctx): { data: ViewRows; info: Omit<RowsInfo, 'pageRows' | 'readOnly'> } {
  const vs = ui.views[ui.view];
  const match = (text: string) => vs.filter === '' || text.toLowerCase().includes(vs.filter.toLowerCase());
  let data: ViewRows;
  if (ui.view === 'containers') {
    const rows = sortRows(s.containers.filter((c) => match(rowText(c, CONTAINER_COLUMNS, ctx))), CONTAINER_COLUMNS[vs.sort], vs.desc);
    data = { view: 'containers', columns: CONTAINER_COLUMNS, rows };
  } else if (ui.view === 'namespaces') {
    const rows = sortRows(s.namespaces.filter((r) => match(rowText(r, NAMESPACE_COLUMNS, ctx))), NAMESPACE_COLUMNS[vs.sort], vs.desc);
    data = { view: 'namespaces', columns: NAMESPACE_COLUMNS, rows };
  } else {
    const scoped = s.processes.filter((p) => inScope(p, ui.scope, s) && match(rowText({ ...p, prefix: '' }, PROCESS_COLUMNS, ctx)));
    const col = PROCESS_COLUMNS[vs.sort];
    const rows = ui.tree ? tree(scoped, ctx.g, col, vs.desc) : sortRows(scoped.map((p) => ({ ...p, prefix: '' })), col, vs.desc);
    data = { view: 'processes', columns: PROCESS_COLUMNS, rows };
  }
  const keys = keysOf(data);
  const texts = (data.rows as unknown[]).map((r) => rowText(r, data.columns as Column<unknown>[], ctx));
  return { data, info: { keys, texts, columns: data.columns.length, selectedScope: scopeOf(data, vs.selected) } };
}

function keysOf(d: ViewRows): string[] {
  if (d.view === 'containers') return d.rows.map((c) => `c:${c.id}`);
  if (d.view === 'namespaces') return d.rows.map((r) => `n:${r.type}:${r.ns}`);
  return d.rows.map((p) => `p:${p.pid}@${p.starttime}`);
}

function scopeOf(d: ViewRows, i: number): Scope | undefined {
  if (d.view === 'containers') {
    const c = d.rows[i];
    return c && { kind: 'container', id: c.id, label: `container ${c.name}` };
  }
  if (d.view === 'namespaces') {
    const r = d.rows[i];
    return r && { kind: 'namespace', type: r.type, ns: r.ns, label: `${r.type} namespace ${r.ns}` };
  }
  return undefined;
}
