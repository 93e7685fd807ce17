// PSI of a group on a cgroup2 hierarchy (pure v2, or the unified mount of a hybrid host,
// where X.pressure works without any controller). Real line, this machine's unified root:
//   cpu.pressure: "some avg10=0.04 avg60=2.07 avg300=5.03 total=63437952"
// An empty file or a kernel without PSI (ENOENT, EOPNOTSUPP) leaves the kind undefined.
import { parsePressure } from '../procfs/pressure.js';
import type { PsiSet } from '../types.js';
import type { CgroupFiles } from './files.js';

export type PsiKind = keyof PsiSet;
/** the kinds, each in its file `<kind>.pressure` */
export const PSI_KINDS = ['cpu', 'memory', 'io'] as const satisfies readonly PsiKind[];
const FILES = PSI_KINDS.map((kind) => [kind, `${kind}.pressure`] as const);

/** `kinds`: only these files (default all three). */
export function readPsi(f: CgroupFiles, dir: string, kinds?: readonly PsiKind[]): PsiSet {
  const out: PsiSet = {};
  for (const [kind, file] of FILES) {
    if (kinds !== undefined && !kinds.includes(kind)) continue;
    const text = f.readOptional(dir, file);
    if (text !== undefined && text.trim() !== '') out[kind] = parsePressure(text, f.filePath(dir, file));
  }
  return out;
}
