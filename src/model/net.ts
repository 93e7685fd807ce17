// Network figures per container, pure: counters of its namespace's interfaces (one
// reading per namespace, shared by every container in it) -> rates from the previous
// reading of that namespace, totals without lo, a rate history for the sparkline.
import type { NsIds } from '../host/vocabulary.js';
import type { ContainerGroup } from './group.js';
import { pushHistory } from './history.js';
import { isolatedKinds } from './host-ns.js';
import { liveStatus } from './managed.js';
import type { ContainerNet, ManagedInfo, NetIface } from './types.js';

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

/** One tick of network figures: the namespaces' interfaces (with rates) and which rows
 *  share each namespace, made before the rows so each row gets its `net` as it is built
 *  (no second copy of the row list). */
export type NetTick = {
  readings: ReadonlyMap<number, NetReading>;
  previous: NetMemory;
  byNs: NetMemory['byNs'];
  /** rows in each namespace of their own (a pod), listed before any row's net is made */
  company: Map<number, { id: string; name: string }[]>;
  history: Map<string, number[]>;
};

/** `readings`: this tick's, by namespace inode (the host's network is never read);
 *  `kept`: namespaces the sampler chose not to read this tick (off screen), whose last
 *  figures stand. Any other namespace without a reading starts over: no rate across a gap. */
export function startNetTick(readings: ReadonlyMap<number, NetReading>, memory: NetMemory, kept: ReadonlySet<number> = new Set()): NetTick {
  const byNs: NetMemory['byNs'] = new Map();
  for (const [ns, cur] of readings) byNs.set(ns, { reading: cur, ifaces: interfacesOf(cur, memory.byNs.get(ns)?.reading) });
  for (const ns of kept) {
    const last = memory.byNs.get(ns);
    if (last && !byNs.has(ns)) byNs.set(ns, last);
  }
  return { readings, previous: memory, byNs, company: new Map(), history: new Map() };
}

/** A running row in a network namespace of its own: its pod mates will list it.
 *  (Company is listed for own namespaces only: 200 rows on the host's network made a
 *  copy per row here, quadratic.) */
export function joinNetCompany(t: NetTick, ns: number, id: string, name: string): void {
  const list = t.company.get(ns);
  if (list) list.push({ id, name });
  else t.company.set(ns, [{ id, name }]);
}

/** A row's network figures: undefined without a known namespace or once stopped. */
export function netOf(t: NetTick, id: string, ns: number | undefined, own: boolean, stopped: boolean): ContainerNet | undefined {
  if (ns === undefined || stopped) return undefined;
  // sharing the host's network is not a pod: only own namespaces list their company
  const sharedWith = own ? (t.company.get(ns) ?? []).filter((o) => o.id !== id).map((o) => o.name).sort() : [];
  const list = own ? t.byNs.get(ns)?.ifaces : undefined;
  if (!list) return { ns, own, sharedWith, interfaces: [], history: [] };
  const outside = list.filter((i) => i.name !== 'lo');
  const rxRate = sum(outside.map((i) => i.rxRate));
  const txRate = sum(outside.map((i) => i.txRate));
  // the sparkline moves with fresh readings only
  const h = t.readings.has(ns) ? pushHistory(t.previous.history.get(id), rxRate === undefined && txRate === undefined ? undefined : (rxRate ?? 0) + (txRate ?? 0)) : (t.previous.history.get(id) ?? []);
  t.history.set(id, h);
  return {
    ns, own, sharedWith, interfaces: list,
    rxBytes: outside.reduce((a, i) => a + i.rxBytes, 0), txBytes: outside.reduce((a, i) => a + i.txBytes, 0),
    ...(rxRate !== undefined ? { rxRate } : {}), ...(txRate !== undefined ? { txRate } : {}),
    history: h,
  };
}

/** What the next tick starts from. */
export const netMemoryOf = (t: NetTick): NetMemory => ({ byNs: t.byNs, history: t.history });

/** The network namespace of its own a group's row reads, if any: the init's, when it is
 *  not the host's and the container is not stopped (by its state file). */
export function ownNetOf(g: ContainerGroup, hostNs: NsIds, managed: ReadonlyMap<string, ManagedInfo>): number | undefined {
  const ns = g.init?.ns;
  if (ns?.net === undefined || !isolatedKinds(ns, hostNs).includes('net')) return undefined;
  return liveStatus(g.runtime === 'nstop' ? managed.get(g.name) : undefined, undefined) === 'stopped' ? undefined : ns.net;
}

/** The namespaces a tick reads: one per running container in a network namespace of its
 *  own, through its init. */
export function netTargets(groups: readonly ContainerGroup[], hostNs: NsIds, managed: ReadonlyMap<string, ManagedInfo>): { id: string; name: string; ns: number; pid: number }[] {
  const out: { id: string; name: string; ns: number; pid: number }[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const ns = ownNetOf(g, hostNs, managed);
    if (ns !== undefined) out.push({ id: g.id, name: g.name, ns, pid: g.init!.pid });
  }
  return out;
}
