// Namespaces view, the way lsns counts: one row per (kind, inode) over all processes
// whose link was readable; pid/user/command are those of the lowest pid in it.
import type { OwnerLookup } from './owners.js';
import { NS_TYPES, type NsIds, type NsType } from '../host/vocabulary.js';
import { commandOf, type ProcInput } from './input.js';
import type { NamespaceRow } from './types.js';

type Acc = { type: NsType; ns: number; nprocs: number; lowest: ProcInput; containers: Set<string> };

// Built again whenever a pid comes or goes: one map per kind keyed by the inode number,
// not a "kind:inode" string per process and kind (80,000 strings made and hashed at
// 10,000 processes, most of this function's time), and one container lookup a process.
export function buildNamespaces(
  procs: readonly ProcInput[],
  hostNs: NsIds,
  containerOf: OwnerLookup,
  userName: (uid: number | undefined) => string,
): NamespaceRow[] {
  const byKind = NS_TYPES.map(() => new Map<number, Acc>());
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const c = containerOf.get(p.pid);
    for (let k = 0; k < NS_TYPES.length; k++) {
      const type = NS_TYPES[k]!;
      const ns = p.ns[type];
      if (ns === undefined) continue;
      const accs = byKind[k]!;
      const a = accs.get(ns);
      if (!a) accs.set(ns, { type, ns, nprocs: 1, lowest: p, containers: new Set(c ? [c] : []) });
      else {
        a.nprocs++;
        if (p.pid < a.lowest.pid) a.lowest = p;
        if (c) a.containers.add(c);
      }
    }
  }
  const rows: NamespaceRow[] = [];
  for (const accs of byKind) {
    for (const a of accs.values()) {
      rows.push({
        ns: a.ns,
        type: a.type,
        nprocs: a.nprocs,
        pid: a.lowest.pid,
        user: userName(a.lowest.uid),
        command: commandOf(a.lowest),
        containers: [...a.containers].sort(),
        host: hostNs[a.type] === a.ns,
      });
    }
  }
  return rows.sort((x, y) => x.ns - y.ns || x.type.localeCompare(y.type));
}
