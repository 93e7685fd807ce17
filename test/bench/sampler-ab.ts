// The sampler alone, two builds side by side (no drawing, no tmux): for an A/B of a
// change to the read side on a machine others load too. Starts a load of one shape (the
// bench's load.ts, its clean-up included), then runs each build's sampler in a child of
// its own, alternately, with the Containers view's demand (ON_SCREEN rows on screen): 12
// ticks of warm-up, then TICKS ticks 500 ms apart. It prints per tick the child's CPU
// time (user+sys: noisy on a shared machine) and its read syscalls (/proc/self/io
// syscr, pread included: they do not depend on the machine's load, only on what came and
// went on the host meanwhile).
//   node dist/test/bench/sampler-ab.js mempids 10000 /path/to/new/dist /path/to/old/dist [pairs]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installCleanupHandlers } from './cleanup.js';
import { ensurePidRoom, SHAPES, startLoad, type Shape } from './load.js';

const ON_SCREEN = 35;
const TICKS = 20;
/** the flags of dist/src/cli.js's #! line: the dashboard's heap and JIT settings */
const NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=30', '--single-threaded-gc', '--interrupt-budget=1081344'];

const readSyscalls = (): number => Number(/syscr: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type SamplerModule = typeof import('../../src/sampler/sampler.js');

async function child(dist: string): Promise<void> {
  const { createSampler } = (await import(`${dist}/src/sampler/sampler.js`)) as SamplerModule;
  const s = createSampler({ procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup', intervalMs: 1000, deferIdentity: true, pidEvents: true });
  const first = await s.sample();
  const ids = first.containers.filter((c) => c.name.startsWith('busybox')).slice(0, ON_SCREEN).map((c) => c.id);
  s.setDemand({ processStats: 'none', watch: ids });
  for (let i = 0; i < 12; i++) {
    await sleep(500);
    await s.sample();
  }
  const r0 = readSyscalls();
  const c0 = process.cpuUsage();
  for (let i = 0; i < TICKS; i++) {
    await sleep(500);
    await s.sample();
  }
  const c = process.cpuUsage(c0);
  const reads = readSyscalls() - r0;
  s.stop();
  process.stdout.write(`${((c.user + c.system) / 1000 / TICKS).toFixed(1)} ms CPU/tick, ${(reads / TICKS).toFixed(0)} reads/tick`);
}

async function main(): Promise<number> {
  const [shape, size, a, b, pairs = '2'] = process.argv.slice(2);
  if (!(SHAPES as readonly string[]).includes(shape ?? '') || !Number(size) || !a || !b) {
    process.stderr.write('usage: node dist/test/bench/sampler-ab.js own|mempids|none|churn SIZE NEW_DIST OLD_DIST [pairs]\n');
    return 2;
  }
  installCleanupHandlers();
  ensurePidRoom(Number(size));
  // "bench" in this file's name keeps other benches from reaping the load as stale
  const load = await startLoad(Math.round(Number(size) / 50), 50, `nstop-bench-${process.pid}-${size}`, shape as Shape);
  try {
    process.stdout.write(`load: ${load.count()} processes, shape ${shape}\n`);
    for (let p = 1; p <= Number(pairs); p++) {
      for (const [name, dist] of [['new', a], ['old', b]] as const) {
        const r = spawnSync(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), 'child', dist], { encoding: 'utf8' });
        const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        process.stdout.write(`pair ${p} ${name}: ${r.stdout.trim()}${r.stderr ? ` (${r.stderr.trim().split('\n')[0]})` : ''}; load1 ${load1}\n`);
      }
    }
  } finally {
    load.teardown();
  }
  return 0;
}

if (process.argv[2] === 'child') await child(process.argv[3]!);
else process.exitCode = await main();
