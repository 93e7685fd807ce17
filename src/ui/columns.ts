// The columns of each view, as data: title, width, how to sort and how to show a row.
// `drop` orders what goes first when the terminal is narrow (highest drops first).
import { bytes, count, pct } from '../cli/format.js';
import { isolatedShort } from '../cli/ns-short.js';
import type { ContainerRow, NamespaceRow, ProcessRow } from '../model/types.js';
import { bar, sparkline, type Glyphs } from './glyphs.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'dim' | 'hot' | undefined;
export type Cell = { text: string; tone?: Tone };
export type Ctx = { g: Glyphs; names: ReadonlyMap<string, string> };
export type Column<R> = {
  title: string;
  width: number;
  align?: 'right';
  /** 0 = always shown; higher = dropped earlier on narrow terminals. */
  drop: number;
  /** the column that takes the leftover width (one per view). */
  flex?: boolean;
  sort: (r: R) => number | string;
  cell: (r: R, ctx: Ctx) => Cell;
};

const none = -Infinity;
const memFraction = (c: ContainerRow): number | undefined => {
  const cur = c.stats?.memory.current;
  const max = c.stats?.memory.max;
  return cur !== undefined && max !== undefined && Number.isFinite(max) && max > 0 ? cur / max : undefined;
};
const toneOf = (f: number | undefined): Tone => (f === undefined ? undefined : f >= 0.85 ? 'bad' : f >= 0.6 ? 'warn' : 'ok');
const psiText = (c: ContainerRow): string => {
  const p = c.stats?.psi;
  if (!p || (!p.cpu && !p.memory && !p.io)) return 'n/a';
  const f = (x?: { some: { avg10: number } }) => (x ? x.some.avg10.toFixed(1) : '-');
  return `c${f(p.cpu)} m${f(p.memory)} i${f(p.io)}`;
};
const hits = (c: { value?: number; delta?: number }): Cell => ({ text: count(c.value), tone: c.delta ? 'hot' : undefined });

export const CONTAINER_COLUMNS: Column<ContainerRow>[] = [
  { title: 'NAME', width: 14, drop: 0, sort: (c) => c.name, cell: (c) => ({ text: c.name }) },
  { title: 'RUNTIME', width: 10, drop: 3, sort: (c) => c.runtime, cell: (c) => ({ text: c.runtime }) },
  { title: 'PID', width: 7, align: 'right', drop: 4, sort: (c) => c.initPid ?? none, cell: (c) => ({ text: count(c.initPid) }) },
  { title: 'CPU%', width: 6, align: 'right', drop: 0, sort: (c) => c.cpuPct ?? none, cell: (c) => ({ text: pct(c.cpuPct) }) },
  { title: 'CPUS', width: 5, align: 'right', drop: 6, sort: (c) => c.stats?.cpu.limitCpus ?? none, cell: (c) => ({ text: c.stats?.cpu.limitCpus === undefined ? 'n/a' : Number.isFinite(c.stats.cpu.limitCpus) ? c.stats.cpu.limitCpus.toFixed(2) : 'max' }) },
  {
    title: 'MEMORY', width: 10, drop: 2, sort: (c) => memFraction(c) ?? none,
    cell: (c, { g }) => {
      const f = memFraction(c);
      return f === undefined ? { text: c.stats?.memory.current === undefined ? 'n/a' : 'no limit', tone: 'dim' } : { text: bar(f, 10, g), tone: toneOf(f) };
    },
  },
  { title: 'MEM%', width: 5, align: 'right', drop: 0, sort: (c) => memFraction(c) ?? none, cell: (c) => { const f = memFraction(c); return { text: f === undefined ? 'n/a' : (f * 100).toFixed(0), tone: toneOf(f) }; } },
  { title: 'USED/LIMIT', width: 17, align: 'right', drop: 0, sort: (c) => c.stats?.memory.current ?? none, cell: (c) => ({ text: `${bytes(c.stats?.memory.current)}/${bytes(c.stats?.memory.max)}` }) },
  { title: 'TASKS', width: 9, align: 'right', drop: 1, sort: (c) => c.stats?.pids.current ?? none, cell: (c) => ({ text: `${count(c.stats?.pids.current)}/${count(c.stats?.pids.max)}` }) },
  { title: 'PSI some10', width: 16, drop: 5, sort: (c) => c.stats?.psi.memory?.some.avg10 ?? none, cell: (c) => ({ text: psiText(c) }) },
  { title: 'OOMK', width: 4, align: 'right', drop: 1, sort: (c) => c.counters.oomKill.value ?? none, cell: (c) => hits(c.counters.oomKill) },
  { title: 'PMAX', width: 4, align: 'right', drop: 1, sort: (c) => c.counters.pidsMax.value ?? none, cell: (c) => hits(c.counters.pidsMax) },
  { title: 'THROT', width: 5, align: 'right', drop: 5, sort: (c) => c.counters.throttled.value ?? none, cell: (c) => ({ text: count(c.counters.throttled.value) }) },
  { title: 'CPU hist', width: 12, drop: 7, sort: (c) => c.cpuPct ?? none, cell: (c, { g }) => ({ text: sparkline(c.history.cpuPct, 12, g) }) },
  { title: 'MEM hist', width: 12, drop: 7, sort: (c) => c.stats?.memory.current ?? none, cell: (c, { g }) => ({ text: sparkline(c.history.memoryBytes, 12, g, c.stats?.memory.max !== undefined && Number.isFinite(c.stats.memory.max) ? c.stats.memory.max : undefined) }) },
  { title: 'PROCS', width: 5, align: 'right', drop: 6, sort: (c) => c.nprocs, cell: (c) => ({ text: String(c.nprocs) }) },
  { title: 'NS', width: 10, drop: 4, flex: true, sort: (c) => c.isolated.length, cell: (c) => ({ text: isolatedShort(c.isolated) }) },
];

export const NAMESPACE_COLUMNS: Column<NamespaceRow>[] = [
  { title: 'NS', width: 10, align: 'right', drop: 0, sort: (r) => r.ns, cell: (r) => ({ text: String(r.ns) }) },
  { title: 'TYPE', width: 6, drop: 0, sort: (r) => r.type, cell: (r) => ({ text: r.type }) },
  { title: 'NPROCS', width: 6, align: 'right', drop: 0, sort: (r) => r.nprocs, cell: (r) => ({ text: String(r.nprocs) }) },
  { title: 'PID', width: 7, align: 'right', drop: 0, sort: (r) => r.pid, cell: (r) => ({ text: String(r.pid) }) },
  { title: 'USER', width: 8, drop: 2, sort: (r) => r.user, cell: (r) => ({ text: r.user }) },
  { title: 'CONTAINERS', width: 18, drop: 1, sort: (r) => (r.host ? '' : r.containers.join(',')), cell: (r, { names }) => ({ text: r.host ? 'host' : r.containers.map((id) => names.get(id) ?? id).join(',') || '-', tone: r.host ? 'dim' : undefined }) },
  { title: 'COMMAND', width: 10, drop: 0, flex: true, sort: (r) => r.command, cell: (r) => ({ text: r.command }) },
];

export type ProcessLine = ProcessRow & { prefix: string };

export const PROCESS_COLUMNS: Column<ProcessLine>[] = [
  { title: 'PID', width: 7, align: 'right', drop: 0, sort: (p) => p.pid, cell: (p) => ({ text: String(p.pid) }) },
  { title: 'NSPID', width: 6, align: 'right', drop: 1, sort: (p) => p.nspid[p.nspid.length - 1] ?? none, cell: (p) => ({ text: p.nspid.length > 1 ? String(p.nspid[p.nspid.length - 1]) : '-', tone: p.nspid.length > 1 ? undefined : 'dim' }) },
  { title: 'USER', width: 8, drop: 3, sort: (p) => p.user, cell: (p) => ({ text: p.user }) },
  { title: 'S', width: 1, drop: 4, sort: (p) => p.state ?? '', cell: (p) => ({ text: p.state ?? '?' }) },
  { title: 'CPU%', width: 5, align: 'right', drop: 0, sort: (p) => p.cpuPct ?? none, cell: (p) => ({ text: pct(p.cpuPct) }) },
  { title: 'RSS', width: 9, align: 'right', drop: 2, sort: (p) => p.rssBytes ?? none, cell: (p) => ({ text: bytes(p.rssBytes) }) },
  { title: 'THR', width: 4, align: 'right', drop: 5, sort: (p) => p.threads ?? none, cell: (p) => ({ text: count(p.threads) }) },
  { title: 'NS', width: 14, drop: 3, sort: (p) => p.isolated.length, cell: (p) => (Object.keys(p.ns).length === 0 ? { text: 'n/a', tone: 'dim' } : { text: isolatedShort(p.isolated), tone: p.isolated.length ? undefined : 'dim' }) },
  { title: 'CONTAINER', width: 12, drop: 2, sort: (p) => p.containerId ?? '', cell: (p, { names }) => ({ text: p.containerId ? (names.get(p.containerId) ?? p.containerId) : '-' }) },
  { title: 'COMMAND', width: 10, drop: 0, flex: true, sort: (p) => p.cmdline.join(' ') || p.comm, cell: (p) => ({ text: p.prefix + (p.cmdline.length > 0 ? p.cmdline.join(' ') : p.kernelThread ? `[${p.comm}]` : p.comm) }) },
];

/** Sort first on MEM% (closest to its limit on top): the question people ask first. */
export const DEFAULT_SORT = {
  containers: { sort: CONTAINER_COLUMNS.findIndex((c) => c.title === 'MEM%'), desc: true },
  namespaces: { sort: 0, desc: false },
  processes: { sort: 0, desc: false },
};

/** Columns that fit `width`, dropping by priority; flex column takes the rest. */
export function fitColumns<R>(cols: Column<R>[], width: number): { col: Column<R>; width: number }[] {
  let shown = cols;
  const need = (cs: Column<R>[]) => cs.reduce((a, c) => a + c.width + 1, 0);
  while (need(shown) > width) {
    const worst = Math.max(...shown.map((c) => c.drop));
    if (worst === 0) break;
    const i = shown.map((c) => c.drop).lastIndexOf(worst);
    shown = shown.filter((_, j) => j !== i);
  }
  const spare = Math.max(0, width - need(shown));
  return shown.map((col) => ({ col, width: col.flex ? col.width + spare : col.width }));
}
