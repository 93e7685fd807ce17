// A recording made by the real recorder (createRecorder: segments, keyframes, column
// deltas, event frames, Namespaces lists, hourly segments and the downsampling of older
// ones) from made-up snapshots at made-up times, so a day of 200 containers takes
// seconds, not a day. Older hours are fed one sample a minute (what downsampling leaves
// of them anyway), the last `fullHours` at the interval.
import type { ContainerRow, NamespaceRow, Snapshot } from '../../src/model/types.js';
import { createRecorder } from '../../src/record/recorder.js';

const MiB = 2 ** 20;

export type Synthetic = { samples: number[]; events: { t: number; container: string; kind: string }[] };

function row(i: number, n: number): ContainerRow {
  const mem = (64 + ((i * 7 + n) % 97)) * MiB;
  return {
    id: `docker:${String(i).padStart(4, '0')}${'ab'.repeat(30)}`, name: `c${i}`, runtime: 'docker', cgroupPath: `/system.slice/docker-${i}.scope`, ownCgroup: true, pids: [], nprocs: 1 + (i % 5),
    ns: {}, isolated: [], command: 'sh', status: 'running', cpuPct: (i * 3 + n) % 100, history: { cpuPct: [], memoryBytes: [] },
    stats: { memory: { current: mem, workingSet: mem - MiB, max: 256 * MiB }, pids: { current: 1 + (i % 5), max: 64 }, cpu: { usageUsec: n * 1000 * (i + 1), limitCpus: Infinity }, psi: {}, memoryFormula: '' },
    counters: { oom: { value: 0 }, oomKill: { value: Math.floor(n / 500) }, memoryMaxHits: { value: 0 }, memoryHighHits: { value: 0 }, pidsMax: { value: 0 }, throttled: {} },
  } as ContainerRow;
}

function namespaces(rows: readonly ContainerRow[]): NamespaceRow[] {
  return rows.slice(0, 20).map((c, i) => ({ ns: 4026532000 + i, type: 'pid', nprocs: c.nprocs, pid: 1000 + i, user: 'root', command: 'sh', containers: [c.id], host: false }));
}

/** `from`: the first sample's time; events: an oom_kill every `eventEveryMs` (of c1). */
export function writeSynthetic(dir: string, o: { from: number; hours: number; fullHours: number; containers: number; intervalMs?: number; eventEveryMs?: number }): Synthetic {
  const interval = o.intervalMs ?? 5000;
  const rec = createRecorder({ dir, intervalMs: interval, retainMs: 30 * 86_400_000, maxBytes: 2 ** 40, host: 'synthetic', layout: { mode: 'v2', root: '/nonexistent', v1: {}, v2Controllers: [] }, kmsgPath: '/nonexistent/kmsg', warn: (t) => { throw new Error(t); } });
  const end = o.from + o.hours * 3_600_000;
  const fullFrom = end - o.fullHours * 3_600_000;
  const out: Synthetic = { samples: [], events: [] };
  let nextEvent = o.eventEveryMs ? o.from + o.eventEveryMs / 2 + 1234 : Infinity;
  let n = 0;
  for (let t = o.from; t < end; t += t < fullFrom ? 60_000 : interval) {
    const rows = Array.from({ length: o.containers }, (_, i) => row(i, n));
    const snap: Snapshot = { seq: n, time: t, host: {} as never, containers: rows, namespaces: namespaces(rows), processes: [], events: [], warnings: [], readOnly: false };
    rec.snapshot(snap);
    out.samples.push(t);
    n++;
    while (nextEvent < t + (t < fullFrom ? 60_000 : interval) && nextEvent < end) {
      rec.event({ time: nextEvent, containerId: rows[1]!.id, container: 'c1', kind: 'oom_kill', value: 1, delta: 1 });
      out.events.push({ t: nextEvent, container: 'c1', kind: 'oom_kill' });
      nextEvent += o.eventEveryMs!;
    }
  }
  rec.close();
  return out;
}
