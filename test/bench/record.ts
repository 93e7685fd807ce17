// The flight recorder's costs (issue 23): `nstop record` at 5 s on a load of 10,000
// processes in 200 containers (load.ts, shape own), its CPU share and peak RSS over a
// window after a warm-up, and the bytes its recording takes per container-sample, with
// the 24 h extrapolation for 200 containers. Reports, never asserts. Root.
// Two windows: right after the load's start, and once the load has settled. Starting
// 10,000 processes stalls their groups' CPU, and each group's PSI avg10 then decays for
// a minute or two, which the recorder follows (a PSI file a group a sample); a host whose
// containers have run for a while (the target's case) has no such decay.
//   node dist/test/bench/record.js [--window 90] [--warmup 30] [--containers 200] [--per-container 50] [--prof DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runBench } from './cleanup.js';
import { cgroupHierarchies, ensurePidRoom, reapStaleLoads, startLoad } from './load.js';
import { nodeFlags } from './node-flags.js';
import { ownTicks, peakRssBytes, rssSplitText } from './proc.js';
import { cli } from '../helpers/act.js';
import { PSI_KINDS } from '../../src/host/cgroup/psi.js';
import { parsePressure } from '../../src/host/procfs/pressure.js';
import { readRecording } from '../../src/record/read.js';
import { stalls } from '../../src/sampler/group-stats.js';
import { listSegments } from '../../src/record/segments.js';

const { values } = parseArgs({ options: { window: { type: 'string', default: '90' }, warmup: { type: 'string', default: '30' }, containers: { type: 'string', default: '200' }, 'per-container': { type: 'string', default: '50' }, prof: { type: 'string' } } });
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
  const tag = `nstop-bench-${process.pid}-rec`;
  const load = await startLoad(containers, per, tag, 'own');
  const started = Date.now();
  const dir = mkdtempSync(join(os.tmpdir(), `nstop-bench-${process.pid}-rec-`));
  onCleanup('record dir', () => rmSync(dir, { recursive: true, force: true }));
  // --prof DIR: a V8 CPU profile of the recorder into DIR
  const prof = values.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.prof}`];
  const rec = spawn(process.execPath, [...nodeFlags(cli), ...prof, cli, 'record', '--dir', dir, '--interval', '5s'], { stdio: ['ignore', 'ignore', 'inherit'] });
  onCleanup('recorder', () => rec.kill('SIGKILL'));
  const hz = 100; // USER_HZ
  const windowCpu = async (): Promise<number> => {
    const t0 = ticks(rec.pid!);
    const w0 = Date.now();
    await sleep(Number(values.window));
    return (ticks(rec.pid!) - t0) / hz / ((Date.now() - w0) / 1000);
  };
  await sleep(Number(values.warmup));
  const fresh = await windowCpu();
  const settledIn = await settle(tag, started);
  const cpu = await windowCpu();
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
  console.log(`recorder, the load settled (${settledIn}): ${(cpu * 100).toFixed(2)} % of a core over ${values.window} s, peak RSS ${(peak / 2 ** 20).toFixed(1)} MiB; at the end ${split}`);
  console.log(`recorder right after the load's start (${values.warmup} s on, its groups' PSI still decaying): ${(fresh * 100).toFixed(2)} % of a core over ${values.window} s`);
  console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`recording: ${bytes} bytes, ${samples} samples, ${cs} container-samples: ${(bytes / cs).toFixed(1)} bytes per container-sample; 24 h of 200 containers at 5 s: ${(per24h / 2 ** 20).toFixed(1)} MiB`);
  load.teardown();
  return 0;
}

/** Waits (at most 4 min from the load's start) until every PSI avg10 of the load's
 *  groups reads 0.00 again, e.g. "some avg10=0.00 avg60=1.85 avg300=1.93 total=8731098";
 *  says how long the load took, or that it did not settle. */
async function settle(tag: string, started: number): Promise<string> {
  const v2 = cgroupHierarchies().find((h) => h.kind === 'cgroup2');
  if (!v2) return 'no cgroup2 tree: PSI not followed';
  const top = `${v2.mount}/${tag}`;
  const still = (): boolean => {
    for (const c of readdirSync(top, { withFileTypes: true })) {
      if (!c.isDirectory()) continue;
      for (const kind of PSI_KINDS) {
        let text = '';
        try {
          text = readFileSync(`${top}/${c.name}/${kind}.pressure`, 'utf8');
        } catch {
          continue; // no PSI on this kernel
        }
        if (stalls(parsePressure(text))) return false;
      }
    }
    return true;
  };
  while (!still()) {
    if (Date.now() - started > 240_000) return 'not settled after 4 min';
    await sleep(2);
  }
  return `PSI avg10 at zero ${((Date.now() - started) / 1000).toFixed(0)} s after its start`;
}

runBench('record', main);
