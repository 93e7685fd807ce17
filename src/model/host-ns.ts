// The host's namespace of each kind. /proc/1/ns/* can be EACCES even for root (it is on
// this machine), so: the namespaces of the lowest pid that lives in this /proc's pid
// namespace (NSpid has one entry) and whose link of that kind was readable.
import { NS_TYPES, type NsIds } from '../host/vocabulary.js';
import type { ProcInput } from './input.js';

export function hostNamespaces(procs: readonly ProcInput[]): NsIds {
  return hostNamespacesOf(procs).ns;
}

/** The host's namespaces and the highest pid they were taken from: a process above it
 *  that comes or goes leaves them as they are. */
export function hostNamespacesOf(procs: readonly ProcInput[]): { ns: NsIds; through: number } {
  const from = new Map<(typeof NS_TYPES)[number], ProcInput>();
  for (let i = 0; i < procs.length; i++) {
    const q = procs[i]!;
    if (q.nspid.length !== 1) continue;
    for (const type of NS_TYPES) {
      if (q.ns[type] === undefined) continue;
      const best = from.get(type);
      if (best === undefined || q.pid < best.pid) from.set(type, q);
    }
  }
  const ns: NsIds = {};
  let through = 0;
  for (const type of NS_TYPES) {
    const p = from.get(type);
    if (!p) continue;
    ns[type] = p.ns[type];
    through = Math.max(through, p.pid);
  }
  return { ns, through };
}

/** The last answer per namespace set (the process reader shares one object per set). */
const kindsOf = new WeakMap<NsIds, { host: NsIds; kinds: (typeof NS_TYPES)[number][] }>();

/** Kinds in which `ns` differs from the host (unknown kinds are not claimed as isolated).
 *  The same array for the same (ns, host) objects: callers only read it. */
export function isolatedKinds(ns: NsIds, host: NsIds): (typeof NS_TYPES)[number][] {
  const known = kindsOf.get(ns);
  if (known?.host === host) return known.kinds;
  const kinds = NS_TYPES.filter((t) => ns[t] !== undefined && host[t] !== undefined && ns[t] !== host[t]);
  kindsOf.set(ns, { host, kinds });
  return kinds;
}
