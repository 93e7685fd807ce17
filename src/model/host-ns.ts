// The host's namespace of each kind. /proc/1/ns/* can be EACCES even for root (it is on
// this machine), so: the namespaces of the lowest pid that lives in this /proc's pid
// namespace (NSpid has one entry) and whose link of that kind was readable.
import { NS_TYPES, type NsIds } from '../host/vocabulary.js';
import type { ProcInput } from './input.js';

export function hostNamespaces(procs: readonly ProcInput[]): NsIds {
  const host: NsIds = {};
  const sorted = [...procs].sort((a, b) => a.pid - b.pid);
  for (const type of NS_TYPES) {
    const p = sorted.find((q) => q.nspid.length === 1 && q.ns[type] !== undefined);
    if (p) host[type] = p.ns[type];
  }
  return host;
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
