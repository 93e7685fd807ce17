// The flight recorder's costs (issue 23): `nstop record` at 5 s on a load of 10,000
// processes in 200 containers (load.ts, shape own), its CPU share and peak RSS over a
// window after a warm-up, and the bytes its recording takes per container-sample, with
// the 24 h extrapolation for 200 containers. Reports, never asserts. Root.
//   node dist/test/bench/record.js [--window 120] [--warmup 30] [--containers 200] [--per-container 50] [--prof DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runBench } from './cleanup.js';
import { ensurePidRoom, reapStaleLoads, startLoad } from './load.js';
import { nodeFlags } from './node-flags.js';
import { ownTicks, peakRssBytes, rssSplitText } from './proc.js';
import { cli } from '../helpers/act.js';
import { readRecording } from '../../src/record/read.js';
import { listSegments } from '../../src/record/segments.js';

const { values } = parseArgs({ options: { window: { type: 'string', default: '120' }, warmup: { type: 'string', default: '30' }, containers: { type: 'string', default: '200' }, 'per-container': { type: 'string', default: '50' }, prof: { type: 'string' } } });
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const ticks = ownTicks;
const hwm = peakRssBytes;

async function main(): Promise<number> {
  installCleanupHandlers();
  reapStaleLoads();
  const containers = Number(values.containers);
  const per = Number(values['per-container']);
  const raised = ensurePidRoom(containers * per);
  if (raised) console.log(raised);
  const load = await startLoad(containers, per, `nstop-bench-${process.pid}-rec`, 'own');
  const dir = mkdtempSync(join(os.tmpdir(), `nstop-bench-${process.pid}-rec-`));
  onCleanup('record dir', () => rmSync(dir, { recursive: true, force: true }));
  // --prof DIR: a V8 CPU profile of the recorder into DIR
  const prof = values.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.prof}`];
  const rec = spawn(process.execPath, [...nodeFlags(cli), ...prof, cli, 'record', '--dir', dir, '--interval', '5s'], { stdio: ['ignore', 'ignore', 'inherit'] });
  onCleanup('recorder', () => rec.kill('SIGKILL'));
  const hz = 100; // USER_HZ
  await sleep(Number(values.warmup));
  const t0 = ticks(rec.pid!);
  const w0 = Date.now();
  await sleep(Number(values.window));
  const cpu = (ticks(rec.pid!) - t0) / hz / ((Date.now() - w0) / 1000);
  const peak = hwm(rec.pid!);
  const split = rssSplitText(rec.pid!);
  rec.kill('SIGTERM');
  await new Promise((r) => rec.once('exit', r));
  let cs = 0;
  let samples = 0;
  readRecording(dir, -Infinity, Infinity, { sample: (s) => { samples++; cs += s.containers.length; } });
  const bytes = listSegments(dir).reduce((n, s) => n + s.bytes, 0);
  const per24h = (bytes / cs) * 17_280 * 200;
  console.log(`load: ${load.count()} processes in ${containers} containers (+ the host's own)`);
  console.log(`recorder: ${(cpu * 100).toFixed(2)} % of a core over ${values.window} s, peak RSS ${(peak / 2 ** 20).toFixed(1)} MiB; at the end ${split}`);
  console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`recording: ${bytes} bytes, ${samples} samples, ${cs} container-samples: ${(bytes / cs).toFixed(1)} bytes per container-sample; 24 h of 200 containers at 5 s: ${(per24h / 2 ** 20).toFixed(1)} MiB`);
  load.teardown();
  return 0;
}

runBench('record', main);
