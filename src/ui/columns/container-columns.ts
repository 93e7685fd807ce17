// Containers view: usage against limits, pressure, limit-hit counters, history.
import type { Counter, ContainerRow } from '../../model/types.js';
import { fit, formatBytes, formatCount, formatNsMask, formatOf, formatPct, formatShortCount, NA } from '../format.js';
import { finite, levelTone, type Column, type Seg, type Tone } from './column.js';

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
  const f = (x?: { some: { avg10: number } }) => (x ? x.some.avg10.toFixed(1) : '-');
  return `c${f(p.cpu)} m${f(p.memory)} i${f(p.io)}`;
}

const hitTone = (k: Counter): Tone | undefined => (k.delta ? 'hot' : k.value ? 'warn' : undefined);

function counter(id: string, title: string, help: string, drop: number, pick: (c: ContainerRow) => Counter): Column<ContainerRow> {
  return { id, title, help, width: Math.max(4, title.length), align: 'right', drop, desc: true, sortKey: (c) => pick(c).value, render: (c) => formatShortCount(pick(c).value), tone: (c) => hitTone(pick(c)) };
}

const BAR = 8;

function memoryCell(c: ContainerRow, width: number): Seg[] {
  const m = c.stats?.memory;
  const bar = Math.min(BAR, Math.max(0, width - 18));
  if (m?.current === undefined) return [{ text: fit(NA, width) }];
  const f = memFraction(c);
  const text = finite(m.max) ? `${formatBytes(m.current)}/${formatBytes(m.max)}` : formatBytes(m.current);
  const lead: Seg[] = f !== undefined ? [{ bar: f, width: bar, tone: levelTone(f) }] : [{ text: fit(m.max === Infinity ? 'no limit' : NA, bar), tone: 'dim' }];
  return bar > 0 ? [...lead, { text: fit(text, width - bar, 'right') }] : [{ text: fit(text, width, 'right') }];
}

export const CONTAINER_COLUMNS: readonly Column<ContainerRow>[] = [
  { id: 'name', title: 'NAME', help: 'container name (runtime id when it has none)', width: 12, flex: true, max: 24, drop: 0, sortKey: (c) => c.name, render: (c) => c.name },
  { id: 'runtime', title: 'RUNTIME', help: 'nstop, docker, podman, containerd, kubernetes, cri-o, lxc, nspawn, ad-hoc', width: 8, drop: 5, sortKey: (c) => c.runtime, render: (c) => c.runtime },
  {
    id: 'status', title: 'STATUS', help: 'running, paused (frozen), created; exit N / sig N: stopped', width: 7, drop: 4,
    sortKey: (c) => c.status,
    render: (c) => (c.status === 'stopped' && c.managed ? (c.managed.signal ? `sig ${c.managed.signal}` : `exit ${c.managed.exitCode ?? '?'}`) : c.status),
    tone: (c) => (c.status === 'paused' ? 'warn' : c.status === 'stopped' ? 'dim' : undefined),
  },
  { id: 'pid', title: 'PID', help: 'host pid of its init', width: 7, align: 'right', drop: 6, sortKey: (c) => c.initPid, render: (c) => formatCount(c.initPid) },
  {
    id: 'cpu', title: 'CPU%', help: 'cpu use, % of one core; "/50" = its cpu limit (0.5 cpus)', width: 9, align: 'right', drop: 0, desc: true,
    sortKey: (c) => c.cpuPct,
    render: (c) => (c.cpuPct === undefined ? NA : cpuLimitPct(c) !== undefined ? `${formatPct(c.cpuPct)}/${formatPct(cpuLimitPct(c), 0)}` : formatPct(c.cpuPct)),
    tone: (c) => { const l = cpuLimitPct(c); return c.cpuPct !== undefined && l !== undefined ? levelTone(c.cpuPct / l) : undefined; },
  },
  {
    id: 'memory', title: 'MEMORY', help: 'memory.current vs memory.max: bar green <60%, yellow <85%, red above', width: 26, drop: 0, desc: true,
    sortKey: (c) => c.stats?.memory.current,
    render: (c) => { const m = c.stats?.memory; return m?.current === undefined ? NA : finite(m.max) ? `${formatBytes(m.current)}/${formatBytes(m.max)}` : `${formatBytes(m.current)} no limit`; },
    draw: (c, _ctx, width) => memoryCell(c, width),
  },
  {
    id: 'mempct', title: 'MEM%', help: 'memory use as % of its limit (the default sort: closest to its limit first)', width: 5, align: 'right', drop: 0, desc: true,
    sortKey: (c) => memFraction(c),
    render: (c) => { const f = memFraction(c); return f === undefined ? NA : formatPct(f * 100); },
    tone: (c) => levelTone(memFraction(c)),
  },
  {
    id: 'pids', title: 'PIDS', help: 'pids.current/pids.max (the kernel counts threads)', width: 9, align: 'right', drop: 1, desc: true,
    sortKey: (c) => c.stats?.pids.current,
    render: (c) => formatOf(c.stats?.pids.current, c.stats?.pids.max),
    tone: (c) => { const p = c.stats?.pids; return p?.current !== undefined && finite(p.max) ? levelTone(p.current / p.max) : undefined; },
  },
  { id: 'psi', title: 'PSI some10', help: 'pressure stall, some avg10 %: c=cpu m=memory i=io (- = not available)', width: 16, drop: 8, desc: true, sortKey: (c) => c.stats?.psi.memory?.some.avg10, render: psiText },
  counter('oomkill', 'OOMK', 'OOM kills (memory.events oom_kill); highlighted when it moved', 2, (c) => c.counters.oomKill),
  counter('pidsmax', 'PMAX', 'forks refused by pids.max (pids.events max)', 2, (c) => c.counters.pidsMax),
  counter('throttled', 'THROT', 'periods throttled by the cpu limit (cpu.stat nr_throttled)', 6, (c) => c.counters.throttled),
  { id: 'procs', title: 'PROCS', help: 'processes in the container', width: 5, align: 'right', drop: 3, desc: true, sortKey: (c) => c.nprocs, render: (c) => String(c.nprocs) },
  {
    id: 'cpuhist', title: 'CPU hist', help: 'recent cpu %, scaled to its limit (or 100%)', width: 10, drop: 9, desc: true,
    sortKey: (c) => c.cpuPct, render: () => '',
    draw: (c, _ctx, width) => [{ spark: c.history.cpuPct, width, max: Math.max(cpuLimitPct(c) ?? 100, ...c.history.cpuPct), tone: 'accent' }],
  },
  {
    id: 'memhist', title: 'MEM hist', help: 'recent memory use, scaled to its limit (or its peak)', width: 10, drop: 9, desc: true,
    sortKey: (c) => c.stats?.memory.current, render: () => '',
    draw: (c, _ctx, width) => [{ spark: c.history.memoryBytes, width, max: finite(c.stats?.memory.max) ? c.stats.memory.max : undefined, tone: 'accent' }],
  },
  { id: 'ns', title: 'NS', help: 'isolated from the host: m=mnt n=net p=pid u=uts i=ipc U=user c=cgroup t=time', width: 8, drop: 7, sortKey: (c) => c.isolated.length, desc: true, render: (c) => formatNsMask(c.isolated, c.ns) },
  { id: 'command', title: 'COMMAND', help: 'command of its init', width: 12, flex: true, drop: 10, sortKey: (c) => c.command, render: (c) => c.command || NA },
];
