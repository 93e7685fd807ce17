// Limits changed between two samples, by nstop or anyone else (docker update, a write to
// the cgroup file): recorded as events, since the ledger has no kind for them.
import type { ContainerRow, Snapshot } from '../model/types.js';
import type { EventFrame } from './records.js';

const LIMITS: readonly [string, (c: ContainerRow) => number | undefined][] = [
  ['memory max', (c) => c.stats?.memory.max],
  ['memory high', (c) => c.stats?.memory.high],
  ['swap max', (c) => c.stats?.memory.swapMax],
  ['pids max', (c) => c.stats?.pids.max],
  ['cpus', (c) => c.stats?.cpu.limitCpus],
  ['cpu weight', (c) => c.stats?.cpu.weight],
];

const text = (v: number) => (v === Infinity ? 'max' : String(v));

export function limitChanges(before: Snapshot, now: Snapshot): EventFrame[] {
  const prev = new Map<string, ContainerRow>();
  before.containers.forEach((c) => prev.set(c.id, c));
  const out: EventFrame[] = [];
  // index loops, no destructuring: the recorder runs without TurboFan, where both take
  // an iterator and allocate per step (every container, every sample)
  for (let i = 0; i < now.containers.length; i++) {
    const c = now.containers[i]!;
    const p = prev.get(c.id);
    if (!p) continue;
    let changes: string[] | undefined;
    for (let j = 0; j < LIMITS.length; j++) {
      const get = LIMITS[j]![1];
      const a = get(p);
      const b = get(c);
      // a figure not read this time (undefined) is no change
      if (a !== undefined && b !== undefined && a !== b) (changes ??= []).push(`${LIMITS[j]![0]} ${text(a)} -> ${text(b)}`);
    }
    if (changes === undefined) continue;
    out.push({ k: 'e', t: now.time, e: { container: c.name, id: c.id, kind: 'limit', value: null, delta: null, detail: changes.join(', ') } });
  }
  return out;
}
