// Network columns of the Containers view: the address, rx/tx rates and their history.
// Data from src/model/net.ts; the N pane (components/net-pane.tsx) has every interface.
import type { ContainerRow } from '../../model/types.js';
import { NA } from '../format.js';
import type { Column } from './column.js';

/** Bytes per second in a few cells: 0, 512, 1.2K, 34K, 1.5M, 12M, 3.0G (K = 1024). */
export function formatRate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return NA;
  const units = ['', 'K', 'M', 'G', 'T'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? String(Math.round(v)) : `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/** Its first address outside lo (without the prefix length); "host" on the host's
 *  network; "lo only" with nothing else (--net none). */
export function netAddress(c: ContainerRow): string {
  const n = c.net;
  if (!n) return c.status === 'stopped' ? '-' : NA;
  // --net host said so, even where nstop itself runs in a namespace of its own
  if (!n.own || c.managed?.net?.mode === 'host') return 'host';
  const outside = n.interfaces.filter((i) => i.name !== 'lo');
  const addr = outside.flatMap((i) => i.addresses).find((a) => !a.includes(':')) ?? outside.flatMap((i) => i.addresses)[0];
  if (addr) return addr.slice(0, addr.indexOf('/') < 0 ? undefined : addr.indexOf('/'));
  return n.interfaces.length > 0 ? 'lo only' : NA;
}

const total = (c: ContainerRow): number | undefined =>
  c.net?.rxRate === undefined && c.net?.txRate === undefined ? undefined : (c.net.rxRate ?? 0) + (c.net.txRate ?? 0);

/** figures from /proc/PID/net of the container's namespace */
const NET = ['net'] as const;

export const NET_COLUMN: Column<ContainerRow> = {
  id: 'net', title: 'NET', reads: NET, help: 'first address outside lo; host = the host network; accent: its namespace is shared (a pod); N shows every interface', width: 11, drop: 5,
  sortKey: (c) => netAddress(c), render: netAddress, tone: (c) => (c.net?.sharedWith.length ? 'accent' : c.net && !c.net.own ? 'dim' : undefined),
};

export const NETIO_COLUMN: Column<ContainerRow> = {
  id: 'netio', title: 'RX/TX /s', reads: NET, help: 'bytes per second received/sent over its interfaces except lo (/proc/PID/net/dev)', width: 9, align: 'right', drop: 5, desc: true,
  sortKey: total, render: ioText,
};

/** "rx/tx"; "-" where there is nothing of its own to count (the host's network, or only
 *  lo); n/a on the first reading. */
function ioText(c: ContainerRow): string {
  const n = c.net;
  if (!n) return c.status === 'stopped' ? '-' : NA;
  if (!n.own || c.managed?.net?.mode === 'host' || (n.interfaces.length > 0 && n.interfaces.every((i) => i.name === 'lo'))) return '-';
  return total(c) === undefined ? NA : `${formatRate(n.rxRate)}/${formatRate(n.txRate)}`;
}

export const NETHIST_COLUMN: Column<ContainerRow> = {
  id: 'nethist', title: 'NET hist', reads: NET, help: 'recent rx+tx bytes per second, scaled to its peak', width: 10, drop: 9, desc: true,
  sortKey: total, render: () => '',
  draw: (c, _ctx, width) => [{ spark: c.net?.history ?? [], width, tone: 'accent' }],
};
