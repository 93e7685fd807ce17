// Processes in tree order (parent, then its children by ppid), with htop's branch prefixes.
import type { ProcessRow } from '../model/types.js';
import type { Glyphs } from './glyphs.js';

/** `order` sorts siblings (and roots); processes whose parent is not in the list are roots.
 *  `folded`: a process whose children are hidden (htop's + and -): its prefix ends in "+". */
export function treeLines<P extends ProcessRow>(procs: readonly P[], g: Glyphs, order: (rows: P[]) => P[], folded?: (p: P) => boolean): (P & { prefix: string })[] {
  const pids = new Set(procs.map((p) => p.pid));
  const kids = new Map<number, P[]>();
  const roots: P[] = [];
  for (const p of procs) {
    if (p.ppid !== p.pid && pids.has(p.ppid)) {
      const list = kids.get(p.ppid);
      if (list) list.push(p);
      else kids.set(p.ppid, [p]);
    } else roots.push(p);
  }
  const out: (P & { prefix: string })[] = [];
  const seen = new Set<number>();
  const walk = (p: P, lead: string, last: boolean, depth: number): void => {
    if (seen.has(p.pid)) return; // a ppid cycle (pid reuse mid-scan) must not loop
    seen.add(p.pid);
    const mine = kids.get(p.pid) ?? [];
    const shut = mine.length > 0 && folded !== undefined && folded(p);
    out.push({ ...p, prefix: (depth === 0 ? '' : lead + (last ? g.elbow : g.tee)) + (shut ? '+' : '') });
    if (shut) {
      // hidden, but not "left over": they must not show flat below
      const hide = (q: P): void => { if (seen.has(q.pid)) return; seen.add(q.pid); for (const k of kids.get(q.pid) ?? []) hide(k); };
      for (const k of mine) hide(k);
      return;
    }
    const children = order(mine);
    const childLead = depth === 0 ? '' : lead + (last ? g.gap : g.pipe);
    children.forEach((c, i) => walk(c, childLead, i === children.length - 1, depth + 1));
  };
  for (const r of order(roots)) walk(r, '', true, 0);
  // anything left (only in a cycle) still shows, flat
  for (const p of procs) if (!seen.has(p.pid)) out.push({ ...p, prefix: '' });
  return out;
}
