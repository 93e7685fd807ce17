// Namespaces view, the way lsns counts: one row per (kind, inode) over all processes
// whose link was readable; pid/user/command are those of the lowest pid in it.
import { NS_TYPES, type NsIds, type NsType } from '../host/vocabulary.js';
import { commandOf, type ProcInput } from './input.js';
import type { NamespaceRow } from './types.js';

export function buildNamespaces(
  procs: readonly ProcInput[],
  hostNs: NsIds,
  containerOf: ReadonlyMap<number, string>,
  userName: (uid: number | undefined) => string,
): NamespaceRow[] {
  type Acc = { type: NsType; ns: number; nprocs: number; lowest: ProcInput; containers: Set<string> };
  const acc = new Map<string, Acc>();
  for (const p of procs) {
    for (const type of NS_TYPES) {
      const ns = p.ns[type];
      if (ns === undefined) continue;
      const key = `${type}:${ns}`;
      const a = acc.get(key);
      const c = containerOf.get(p.pid);
      if (!a) acc.set(key, { type, ns, nprocs: 1, lowest: p, containers: new Set(c ? [c] : []) });
      else {
        a.nprocs++;
        if (p.pid < a.lowest.pid) a.lowest = p;
        if (c) a.containers.add(c);
      }
    }
  }
  return [...acc.values()]
    .map((a) => ({
      ns: a.ns,
      type: a.type,
      nprocs: a.nprocs,
      pid: a.lowest.pid,
      user: userName(a.lowest.uid),
      command: commandOf(a.lowest),
      containers: [...a.containers].sort(),
      host: hostNs[a.type] === a.ns,
    }))
    .sort((x, y) => x.ns - y.ns || x.type.localeCompare(y.type));
}
