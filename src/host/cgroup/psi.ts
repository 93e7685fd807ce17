// PSI and cgroup.events of a group on a cgroup2 hierarchy (pure v2, or the unified mount
// of a hybrid host, where PSI, freeze and kill work without any controller).
import { join } from 'node:path';
import { parsePressure } from '../procfs/pressure.js';
import type { PsiSet } from '../types.js';
import { parseKeyValues, readOptional } from './files.js';

export function readPsi(dir: string): PsiSet {
  const out: PsiSet = {};
  for (const kind of ['cpu', 'memory', 'io'] as const) {
    const text = readOptional(dir, `${kind}.pressure`);
    if (text !== undefined && text.trim() !== '') out[kind] = parsePressure(text, join(dir, `${kind}.pressure`));
  }
  return out;
}

/** cgroup.events: "populated 1\nfrozen 0". */
export function readEvents(dir: string): { populated?: boolean; frozen?: boolean } {
  const text = readOptional(dir, 'cgroup.events');
  if (text === undefined) return {};
  const kv = parseKeyValues(text, join(dir, 'cgroup.events'));
  const flag = (k: string) => (kv.has(k) ? kv.get(k) === 1 : undefined);
  return { populated: flag('populated'), frozen: flag('frozen') };
}
