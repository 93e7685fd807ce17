// "Did any group below this one run?" is one file: CPU time is counted up the tree (v1
// cpuacct.usage and v2 cpu.stat usage_usec of a group include every group below it).
// While a parent's CPU time stands still no group below it ran, so one read of the
// parent's (docker's /docker, a load's parent, a pod slice) stands for the reads of all
// its idle children. A child compares the parent's reading with the one taken when the
// child itself was last read (the parent's read first): never two readings of the parent
// in a row, so a child looked at less often than its siblings misses no run between its
// looks. Where the parent runs too (the root, a busy slice) it costs one read more.
import { dirname } from 'node:path';
import type { CgroupRef } from '../host/cgroup/types.js';

/** The group one level up in every hierarchy the ref names; none where that is a root
 *  (its CPU time moves whenever anything runs: a read for nothing) or for a ref without
 *  absolute paths (a test's fake). */
export function parentRef(ref: CgroupRef): CgroupRef | undefined {
  const up = (p: string): string | undefined => {
    const d = p.startsWith('/') ? dirname(p) : '/';
    return d === '/' ? undefined : d;
  };
  const v1: Record<string, string> = {};
  let any = false;
  for (const [k, p] of Object.entries(ref.v1)) {
    const d = up(p);
    if (d === undefined) return undefined;
    v1[k] = d;
    any = true;
  }
  if (ref.unified === undefined) return any ? { v1 } : undefined;
  const u = up(ref.unified);
  return u === undefined ? undefined : { unified: u, v1 };
}

export type Above = { key: string; ref: CgroupRef };

/** parentRef with a key to share it by, once per ref object (refs live as long as their
 *  grouping: a tick asks again for the same objects) */
export function createAbove(): (ref: CgroupRef) => Above | undefined {
  const memo = new WeakMap<CgroupRef, Above | null>();
  return (ref) => {
    let a = memo.get(ref);
    if (a === undefined) {
      const p = parentRef(ref);
      a = p ? { key: JSON.stringify(p), ref: p } : null;
      memo.set(ref, a);
    }
    return a ?? undefined;
  };
}
