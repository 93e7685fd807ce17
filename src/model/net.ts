// Network figures per container, pure: counters of its namespace's interfaces (one
// reading per namespace, shared by every container in it) -> rates from the previous
// reading of that namespace, totals without lo, a rate history for the sparkline.
import { pushHistory } from './history.js';
import type { ContainerRow } from './types.js';

export type NetIface = {
  name: string;
  /** "10.77.0.2/24", "fd00::2/64" (IPv4 from fib_trie + route, IPv6 from if_inet6) */
  addresses: string[];
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  /** bytes per second since the last reading; undefined on the first and after a reset */
  rxRate?: number;
  txRate?: number;
};

export type ContainerNet = {
  /** inode of its network namespace */
  ns: number;
  /** false: it uses the host's network (nothing of its own to show) */
  own: boolean;
  /** the other containers in the same namespace (a pod), by name */
  sharedWith: string[];
  interfaces: NetIface[];
  /** over its interfaces except lo (traffic that never leaves it) */
  rxBytes?: number;
  txBytes?: number;
  rxRate?: number;
  txRate?: number;
  /** recent rx + tx bytes/s, oldest first */
  history: number[];
};

export type NetReading = {
  time: number;
  ifaces: { name: string; rxBytes: number; txBytes: number; rxPackets: number; txPackets: number }[];
  addresses: ReadonlyMap<string, string[]>;
};

export type NetMemory = {
  /** last reading per namespace, with the interfaces (and rates) made from it */
  byNs: Map<number, { reading: NetReading; ifaces: NetIface[] }>;
  /** sparkline per container id */
  history: Map<string, number[]>;
};

export const emptyNetMemory = (): NetMemory => ({ byNs: new Map(), history: new Map() });

/** Bytes per second; undefined without a previous value, time, or after a reset. */
function rate(cur: number, prev: number | undefined, seconds: number): number | undefined {
  if (prev === undefined || seconds <= 0 || cur < prev) return undefined;
  return (cur - prev) / seconds;
}

const sum = (xs: (number | undefined)[]): number | undefined => {
  const known = xs.filter((x): x is number => x !== undefined);
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
};

function interfacesOf(cur: NetReading, prev: NetReading | undefined): NetIface[] {
  const seconds = prev ? (cur.time - prev.time) / 1000 : 0;
  return cur.ifaces.map((i) => {
    const p = prev?.ifaces.find((x) => x.name === i.name);
    const rxRate = rate(i.rxBytes, p?.rxBytes, seconds);
    const txRate = rate(i.txBytes, p?.txBytes, seconds);
    return { ...i, addresses: cur.addresses.get(i.name) ?? [], ...(rxRate !== undefined ? { rxRate } : {}), ...(txRate !== undefined ? { txRate } : {}) };
  });
}

/** Rows get `net` when their init's namespace is known. `readings`: this tick's, by
 *  namespace inode (the host's network is never read); `kept`: namespaces the sampler
 *  chose not to read this tick (off screen), whose last figures stand. Any other
 *  namespace without a reading starts over: no rate across a gap. */
export function attachNet(rows: readonly ContainerRow[], readings: ReadonlyMap<number, NetReading>, memory: NetMemory, kept: ReadonlySet<number> = new Set()): { rows: ContainerRow[]; memory: NetMemory } {
  // company is listed for own namespaces only (200 rows on the host's network made a
  // copy per row here, quadratic)
  const byNs = new Map<number, ContainerRow[]>();
  for (const r of rows) {
    if (r.ns.net === undefined || r.status === 'stopped' || !r.isolated.includes('net')) continue;
    const list = byNs.get(r.ns.net);
    if (list) list.push(r);
    else byNs.set(r.ns.net, [r]);
  }
  const next: NetMemory['byNs'] = new Map();
  for (const [ns, cur] of readings) next.set(ns, { reading: cur, ifaces: interfacesOf(cur, memory.byNs.get(ns)?.reading) });
  for (const ns of kept) {
    const last = memory.byNs.get(ns);
    if (last && !next.has(ns)) next.set(ns, last);
  }
  const history = new Map<string, number[]>();
  const out: ContainerRow[] = [];
  for (const r of rows) {
    const ns = r.ns.net;
    if (ns === undefined || r.status === 'stopped') {
      out.push(r);
      continue;
    }
    const own = r.isolated.includes('net');
    // sharing the host's network is not a pod: only own namespaces list their company
    const sharedWith = own ? (byNs.get(ns) ?? []).filter((o) => o.id !== r.id).map((o) => o.name).sort() : [];
    const list = own ? next.get(ns)?.ifaces : undefined;
    if (!list) {
      out.push({ ...r, net: { ns, own, sharedWith, interfaces: [], history: [] } });
      continue;
    }
    const outside = list.filter((i) => i.name !== 'lo');
    const rxRate = sum(outside.map((i) => i.rxRate));
    const txRate = sum(outside.map((i) => i.txRate));
    // the sparkline moves with fresh readings only
    const h = readings.has(ns) ? pushHistory(memory.history.get(r.id), rxRate === undefined && txRate === undefined ? undefined : (rxRate ?? 0) + (txRate ?? 0)) : (memory.history.get(r.id) ?? []);
    history.set(r.id, h);
    const net: ContainerNet = {
      ns, own, sharedWith, interfaces: list,
      rxBytes: outside.reduce((a, i) => a + i.rxBytes, 0), txBytes: outside.reduce((a, i) => a + i.txBytes, 0),
      ...(rxRate !== undefined ? { rxRate } : {}), ...(txRate !== undefined ? { txRate } : {}),
      history: h,
    };
    out.push({ ...r, net });
  }
  return { rows: out, memory: { byNs: next, history } };
}
