// Processes view: host pid and pid inside its namespace, usage, isolation, container.
import type { ProcessRow } from '../../model/types.js';
import { formatBytes, formatCount, formatNsMask, formatPct, NA } from '../format.js';
import type { Column } from './column.js';

/** A process as the table shows it: with its tree prefix (none outside tree mode). */
export type ProcessLine = ProcessRow & { prefix?: string };

const innerPid = (p: ProcessRow): number | undefined => p.nspid[p.nspid.length - 1];

export const commandOf = (p: ProcessRow): string => (p.kernelThread ? `[${p.comm}]` : p.cmdline.length > 0 ? p.cmdline.join(' ') : p.comm || NA);

/** figures from /proc/PID/stat and statm, read only while such a column shows */
const STAT = ['processStats'] as const;

export const PROCESS_COLUMNS: readonly Column<ProcessLine>[] = [
  { id: 'pid', title: 'PID', help: 'pid on the host', width: 7, align: 'right', drop: 0, sortKey: (p) => p.pid, render: (p) => String(p.pid) },
  { id: 'nspid', title: 'NSPID', help: 'pid inside its own pid namespace (- when that is the host\'s)', width: 6, align: 'right', drop: 1, sortKey: (p) => (p.nspid.length > 1 ? innerPid(p) : undefined), render: (p) => (p.nspid.length > 1 ? formatCount(innerPid(p)) : '-'), tone: (p) => (p.nspid.length > 1 ? undefined : 'dim') },
  { id: 'user', title: 'USER', help: 'user name (uid when not in passwd)', width: 8, drop: 5, sortKey: (p) => p.user, render: (p) => p.user || (p.uid !== undefined ? String(p.uid) : NA) },
  { id: 'state', title: 'S', help: 'state: R running, S sleeping, D disk wait, Z zombie, T stopped, I idle', width: 1, drop: 4, sortKey: (p) => p.state, render: (p) => p.state ?? '?', tone: (p) => (p.state === 'R' ? 'ok' : p.state === 'D' || p.state === 'Z' ? 'bad' : undefined), reads: STAT },
  { id: 'cpu', title: 'CPU%', help: 'cpu use over the last refresh, % of one core', width: 5, align: 'right', drop: 0, desc: true, sortKey: (p) => p.cpuPct, render: (p) => formatPct(p.cpuPct), reads: STAT },
  { id: 'rss', title: 'RSS', help: 'resident memory', width: 9, align: 'right', drop: 2, desc: true, sortKey: (p) => p.rssBytes, render: (p) => formatBytes(p.rssBytes), reads: STAT },
  { id: 'threads', title: 'THR', help: 'threads', width: 4, align: 'right', drop: 6, desc: true, sortKey: (p) => p.threads, render: (p) => formatCount(p.threads), reads: STAT },
  { id: 'ns', title: 'NS', help: 'isolated from the host: m=mnt n=net p=pid u=uts i=ipc U=user c=cgroup t=time', width: 8, drop: 3, desc: true, sortKey: (p) => p.isolated.length, render: (p) => formatNsMask(p.isolated, p.ns), tone: (p) => (p.isolated.length === 0 ? 'dim' : undefined) },
  { id: 'container', title: 'CONTAINER', help: 'the container it belongs to (- = none)', width: 12, drop: 2, sortKey: (p, { names }) => (p.containerId ? (names.get(p.containerId) ?? p.containerId) : undefined), render: (p, { names }) => (p.containerId ? (names.get(p.containerId) ?? p.containerId) : '-') },
  { id: 'command', title: 'COMMAND', help: 'command line; [name] = kernel thread', width: 20, flex: true, drop: 0, sortKey: (p) => commandOf(p), render: (p) => (p.prefix ?? '') + commandOf(p), tone: (p) => (p.kernelThread ? 'dim' : undefined) },
];
