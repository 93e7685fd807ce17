// Containers view: usage against limits, pressure, limit-hit counters, history.
import type { Counter, ContainerRow } from '../../model/types.js';
import { fit, formatBytes, formatCount, formatNsMask, formatOf, formatPct, formatShortCount, NA } from '../format.js';
import { finite, levelTone, type Column, type Seg, type Tone } from './column.js';
import { NET_COLUMN, NETHIST_COLUMN, NETIO_COLUMN } from './net-columns.js';
import { oomKilled, peakFraction, peakText, stoppedText } from '../../model/ending.js';

/** A container as the Containers view shows it: with its branch prefix below its pod,
 *  or a pod's own row (podOf: its containers' ids) when pods are grouped (pod-tree.ts). */
export type ContainerLine = ContainerRow & { prefix?: string; podOf?: readonly string[] };

/** memory.current as a fraction of memory.max; undefined without a finite limit. */
export function memFraction(c: ContainerRow): number | undefined {
  const m = c.stats?.memory;
  return m?.current !== undefined && finite(m.max) ? m.current / m.max : undefined;
}

const cpuLimitPct = (c: ContainerRow): number | undefined => {
  const l = c.stats?.cpu.limitCpus;
  return finite(l) ? l * 100 : undefined;
};

function psiText(c: ContainerRow): string {
  const p = c.stats?.psi;
  if (!p || (!p.cpu && !p.memory && !p.io)) return NA;
  return `c${avg10(p.cpu)} m${avg10(p.memory)} i${avg10(p.io)}`;
}

const avg10 = (x?: { some: { avg10: number } }): string => (x ? x.some.avg10.toFixed(1) : '-');

/** How long a counter that moved stays highlighted on its row. */
export const FLASH_MS = 5000;

/** The counter went up within FLASH_MS (seen by a tick or by the event watcher). */
export const moved = (k: Counter, now: number): boolean => (k.changedAt !== undefined ? now - k.changedAt < FLASH_MS : (k.delta ?? 0) > 0);

/** Memory or cpu stalls above 10 % of the time are worth a look, above 40 % hurt. */
function psiTone(c: ContainerRow): Tone | undefined {
  const p = c.stats?.psi;
  const worst = Math.max(p?.memory?.some.avg10 ?? 0, p?.cpu?.some.avg10 ?? 0, p?.io?.some.avg10 ?? 0);
  return worst >= 40 ? 'bad' : worst >= 10 ? 'warn' : undefined;
}

const hitTone = (k: Counter, now: number): Tone | undefined => (moved(k, now) ? 'hot' : k.value ? 'warn' : undefined);

/** Any limit counter of the row moved lately (the row's name lights up too). */
export const rowHit = (c: ContainerRow, now: number): boolean =>
  moved(c.counters.oomKill, now) || moved(c.counters.pidsMax, now) || moved(c.counters.oom, now) || moved(c.counters.memoryMaxHits, now);

function counter(id: string, title: string, help: string, drop: number, pick: (c: ContainerRow) => Counter): Column<ContainerRow> {
  return { id, title, reads: GROUP, help, width: Math.max(4, title.length), align: 'right', drop, desc: true, sortKey: (c) => pick(c).value, render: (c) => formatShortCount(pick(c).value), tone: (c, ctx) => hitTone(pick(c), ctx.now) };
}

const BAR = 8;

/** A usage bar that ends in its limit line (red once usage is at the limit), then the
 *  figures; without a finite limit, `none` in place of the bar. */
function limitCell(width: number, barMax: number, fraction: number | undefined, text: string, none: string): Seg[] {
  const bar = Math.min(barMax, Math.max(0, width - text.length - 1));
  if (bar < 3) return [{ text: fit(text, width, 'right') }];
  const lead: Seg[] = fraction !== undefined ? [{ bar: fraction, width: bar, tone: levelTone(fraction), limit: true, limitTone: fraction >= 0.95 ? 'bad' : 'dim' }] : [{ text: fit(none, bar), tone: 'dim' }];
  return [...lead, { text: fit(text, width - bar, 'right') }];
}

function memoryCell(c: ContainerRow, width: number): Seg[] {
  const m = c.stats?.memory;
  const peak = stoppedPeak(c);
  if (peak !== undefined) return limitCell(width, BAR, peakFraction(c.managed!), peak, '');
  if (m?.current === undefined) return [{ text: fit(NA, width) }];
  const text = finite(m.max) ? `${formatBytes(m.current)}/${formatBytes(m.max)}` : formatBytes(m.current);
  return limitCell(width, BAR, memFraction(c), text, m.max === Infinity ? 'no limit' : NA);
}

/** A stopped row of nstop's own has no group: the peak read before it went, if any. */
const stoppedPeak = (c: ContainerRow): string | undefined => (c.status === 'stopped' && c.managed ? peakText(c.managed) : undefined);

const pidsFraction = (c: ContainerRow): number | undefined => {
  const p = c.stats?.pids;
  return p?.current !== undefined && finite(p.max) ? p.current / p.max : undefined;
};

function pidsCell(c: ContainerRow, width: number): Seg[] {
  const p = c.stats?.pids;
  if (p?.current === undefined) return [{ text: fit(NA, width, 'right') }];
  return limitCell(width, 5, pidsFraction(c), formatOf(p.current, p.max), ''); // "9/max" already says it
}

/** figures from the container's cgroup files (the name lights up on a limit hit, the
 *  status says paused when frozen); the runtime, pid, procs, ns and command columns come
 *  from process identities */
const GROUP = ['groupStats'] as const;

export const CONTAINER_COLUMNS: readonly Column<ContainerLine>[] = [
  {
    id: 'name', title: 'NAME', reads: GROUP, help: 'container name (runtime id when it has none); lit up for 5 s when it hits a limit', width: 12, flex: true, max: 24, drop: 0,
    sortKey: (c) => c.name, render: (c) => (c.prefix ?? '') + c.name, tone: (c, ctx) => (c.podOf ? 'accent' : rowHit(c, ctx.now) ? 'hot' : undefined),
  },
  { id: 'runtime', title: 'RUNTIME', help: 'nstop, docker, podman, containerd, kubernetes, cri-o, lxc, nspawn, ad-hoc', width: 8, drop: 6, sortKey: (c) => c.runtime, render: (c) => c.runtime },
  {
    id: 'status', title: 'STATUS', reads: GROUP, help: 'running, paused (frozen), created; stopped: exit N, sig N, oom-killed (the OOM killer ended it); PRIV: running unconfined (--privileged)', width: 10, drop: 1,
    sortKey: (c) => c.status,
    render: (c) => (c.status === 'stopped' ? stoppedText(c) : c.status === 'running' && c.managed?.confine?.privileged ? 'PRIV' : c.status),
    tone: (c) => (c.status === 'paused' ? 'warn' : c.status === 'stopped' ? (c.managed && oomKilled(c.managed) ? 'bad' : 'dim') : c.status === 'running' && c.managed?.confine?.privileged ? 'bad' : undefined),
  },
  { id: 'pid', title: 'PID', help: 'host pid of its init', width: 7, align: 'right', drop: 6, sortKey: (c) => c.initPid, render: (c) => formatCount(c.initPid) },
  {
    id: 'cpu', title: 'CPU%', reads: GROUP, help: 'cpu use, % of one core; "/50" = its cpu limit (0.5 cpus); "~" = read up to 4 refreshes ago (no cpu cgroup of its own, row was off screen)', width: 9, align: 'right', drop: 0, desc: true,
    sortKey: (c) => c.cpuPct,
    render: (c) => (c.cpuPct === undefined ? NA : `${c.cpuAgeMs !== undefined ? '~' : ''}${cpuLimitPct(c) !== undefined ? `${formatPct(c.cpuPct)}/${formatPct(cpuLimitPct(c), 0)}` : formatPct(c.cpuPct)}`),
    tone: (c) => { const l = cpuLimitPct(c); return c.cpuPct !== undefined && l !== undefined ? levelTone(c.cpuPct / l) : undefined; },
  },
  {
    id: 'memory', title: 'MEMORY', reads: GROUP, help: 'memory.current vs memory.max: the bar ends at the limit; green <60%, yellow <85%, red above; stopped: its peak vs its limit', width: 26, drop: 0, desc: true,
    sortKey: (c) => c.stats?.memory.current,
    render: (c) => { const m = c.stats?.memory; return stoppedPeak(c) ?? (m?.current === undefined ? NA : finite(m.max) ? `${formatBytes(m.current)}/${formatBytes(m.max)}` : `${formatBytes(m.current)} no limit`); },
    draw: (c, _ctx, width) => memoryCell(c, width),
  },
  {
    id: 'mempct', title: 'MEM%', reads: GROUP, help: 'memory use as % of its limit (the default sort: closest to its limit first)', width: 5, align: 'right', drop: 0, desc: true,
    sortKey: (c) => memFraction(c),
    render: (c) => { const f = memFraction(c); return f === undefined ? NA : formatPct(f * 100); },
    tone: (c) => levelTone(memFraction(c)),
  },
  {
    id: 'pids', title: 'PIDS', reads: GROUP, help: 'pids.current vs pids.max, the bar ends at the limit (the kernel counts threads)', width: 13, align: 'right', drop: 3, desc: true,
    sortKey: (c) => c.stats?.pids.current,
    render: (c) => formatOf(c.stats?.pids.current, c.stats?.pids.max),
    tone: (c) => levelTone(pidsFraction(c)),
    draw: (c, _ctx, width) => pidsCell(c, width),
  },
  { id: 'psi', title: 'PSI some10', reads: GROUP, help: 'pressure stall, some avg10 %: c=cpu m=memory i=io (- = not available)', width: 16, drop: 5, desc: true, sortKey: (c) => c.stats?.psi.memory?.some.avg10, render: psiText, tone: psiTone },
  counter('oomkill', 'OOMK', 'OOM kills (memory.events oom_kill); highlighted when it moved', 2, (c) => c.counters.oomKill),
  counter('pidsmax', 'PMAX', 'forks refused by pids.max (pids.events max)', 2, (c) => c.counters.pidsMax),
  counter('throttled', 'THROT', 'periods throttled by the cpu limit (cpu.stat nr_throttled)', 6, (c) => c.counters.throttled),
  { id: 'procs', title: 'PROCS', help: 'processes in the container', width: 5, align: 'right', drop: 3, desc: true, sortKey: (c) => c.nprocs, render: (c) => String(c.nprocs) },
  NET_COLUMN,
  NETIO_COLUMN,
  {
    id: 'cpuhist', title: 'CPU hist', reads: GROUP, help: 'recent cpu %, scaled to its limit (or 100%)', width: 10, drop: 9, desc: true,
    sortKey: (c) => c.cpuPct, render: () => '',
    draw: (c, _ctx, width) => [{ spark: c.history.cpuPct, width, max: Math.max(cpuLimitPct(c) ?? 100, ...c.history.cpuPct), tone: 'accent' }],
  },
  {
    id: 'memhist', title: 'MEM hist', reads: GROUP, help: 'recent memory use, scaled to its limit (or its peak)', width: 10, drop: 9, desc: true,
    sortKey: (c) => c.stats?.memory.current, render: () => '',
    draw: (c, _ctx, width) => [{ spark: c.history.memoryBytes, width, max: finite(c.stats?.memory.max) ? c.stats.memory.max : undefined, tone: 'accent' }],
  },
  NETHIST_COLUMN,
  { id: 'ns', title: 'NS', help: 'isolated from the host: m=mnt n=net p=pid u=uts i=ipc U=user c=cgroup t=time', width: 8, drop: 7, sortKey: (c) => c.isolated.length, desc: true, render: (c) => formatNsMask(c.isolated, c.ns) },
  { id: 'command', title: 'COMMAND', help: 'command of its init', width: 12, flex: true, drop: 10, sortKey: (c) => c.command, render: (c) => c.command || NA },
];
