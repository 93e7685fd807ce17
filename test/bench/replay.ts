// The replay's target (issue 23): opens at any time of a 24 h recording of 200
// containers at 5 s and steps a sample in ≤ 200 ms. The recording is made by the real
// recorder from made-up snapshots at made-up times (test/helpers/synthetic-recording.ts):
// 22 h as the downsampling leaves them (a sample a minute), the last 2 h at 5 s, an
// oom_kill every 37 min. Then, at 13 times spread over the day (the first sample, every
// 2 h, the last), the time to open (index + decode + snapshot) and the slowest of 10
// steps back and 10 on, and ±1 h and event jumps; wall and this process's CPU time.
// Reports, never asserts. No root, no load: `node dist/test/bench/replay.js`, and part of
// `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openReplay, type ReplayMove, type ReplaySource } from '../../src/record/replay-source.js';
import { listSegments } from '../../src/record/segments.js';
import { writeSynthetic } from '../helpers/synthetic-recording.js';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const w = performance.now();
  const c = cpuMs();
  const value = fn();
  return { value, wall: performance.now() - w, cpu: cpuMs() - c };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function replayBench(out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), `nstop-bench-${process.pid}-replay-`));
  try {
    const from = Date.UTC(2026, 0, 1, 0, 0, 0);
    const made = timed(() => writeSynthetic(dir, { from, hours: 24, fullHours: 2, containers: 200, eventEveryMs: 37 * 60_000 }));
    const syn = made.value;
    const bytes = listSegments(dir).reduce((n, s) => n + s.bytes, 0);
    out(`replay: a 24 h recording of 200 containers (22 h downsampled, 2 h at 5 s; ${syn.samples.length} samples, ${syn.events.length} events, ${(bytes / 2 ** 20).toFixed(1)} MiB), written by the recorder in ${(made.wall / 1000).toFixed(1)} s`);
    const opens: number[] = [];
    const openCpu: number[] = [];
    const steps: number[] = [];
    const stepCpu: number[] = [];
    const jumps: number[] = [];
    const points = [from, ...Array.from({ length: 11 }, (_, i) => from + (i + 1) * 2 * 3_600_000), syn.samples.at(-1)!];
    for (const at of points) {
      const o = timed(() => openReplay(dir, at));
      const src: ReplaySource = o.value;
      opens.push(o.wall);
      openCpu.push(o.cpu);
      const move = (m: ReplayMove, into: number[], cpu?: number[]) => {
        const t = timed(() => src.move(m));
        into.push(t.wall);
        cpu?.push(t.cpu);
      };
      for (let k = 0; k < 10; k++) move({ kind: 'step', dir: -1 }, steps, stepCpu);
      for (let k = 0; k < 10; k++) move({ kind: 'step', dir: 1 }, steps, stepCpu);
      move({ kind: 'jump', ms: at === from ? 3_600_000 : -3_600_000 }, jumps);
      move({ kind: 'event', dir: 1 }, jumps);
      move({ kind: 'event', dir: -1 }, jumps);
      src.close();
    }
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    out(`replay: open at ${points.length} times of the day: median ${ms(pct(opens, 0.5))}, max ${ms(Math.max(...opens))} wall (CPU median ${ms(pct(openCpu, 0.5))}, max ${ms(Math.max(...openCpu))})`);
    out(`replay: a sample back or on (${steps.length} steps): median ${ms(pct(steps, 0.5))}, p95 ${ms(pct(steps, 0.95))}, max ${ms(Math.max(...steps))} wall (CPU max ${ms(Math.max(...stepCpu))}); ±1 h and event jumps: max ${ms(Math.max(...jumps))}`);
    out(`replay: target open and step ≤ 200 ms: ${Math.max(...opens, ...steps) <= 200 ? 'met' : 'NOT met'} (wall, on this machine's load)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('/bench/replay.js')) {
  replayBench().catch((err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  });
}
