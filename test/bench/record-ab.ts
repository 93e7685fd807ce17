// A/B of two recorder builds on one load at the same time (a shared, noisy host moves
// both alike): `node dist/test/bench/record-ab.js --a /path/to/other/dist/src/cli.js`
// runs that CLI's `nstop record` beside this tree's, and prints each one's CPU share and
// peak RSS over the window. Root. Reports, never asserts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runBench } from './cleanup.js';
import { ensurePidRoom, reapStaleLoads, startLoad } from './load.js';
import { nodeFlags } from './node-flags.js';
import { ownTicks, peakRssBytes, rssSplitText } from './proc.js';
import { cli } from '../helpers/act.js';

const { values } = parseArgs({ options: { a: { type: 'string' }, window: { type: 'string', default: '90' }, warmup: { type: 'string', default: '30' }, containers: { type: 'string', default: '200' }, 'per-container': { type: 'string', default: '50' }, pairs: { type: 'string', default: '2' } } });
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const ticks = ownTicks;
const hwm = peakRssBytes;

function recorder(path: string, name: string): ChildProcess {
  const dir = mkdtempSync(join(os.tmpdir(), `nstop-bench-${process.pid}-ab${name}-`));
  onCleanup(`record dir ${name}`, () => rmSync(dir, { recursive: true, force: true }));
  const rec = spawn(process.execPath, [...nodeFlags(path), path, 'record', '--dir', dir, '--interval', '5s'], { stdio: ['ignore', 'ignore', 'ignore'] });
  onCleanup(`recorder ${name}`, () => rec.kill('SIGKILL'));
  return rec;
}

async function main(): Promise<number> {
  if (!values.a) throw new Error('--a CLI: the other build to compare');
  installCleanupHandlers();
  reapStaleLoads();
  const containers = Number(values.containers);
  const per = Number(values['per-container']);
  ensurePidRoom(containers * per);
  const load = await startLoad(containers, per, `nstop-bench-${process.pid}-ab`, 'own');
  for (let pair = 0; pair < Number(values.pairs); pair++) {
    const recs = { A: recorder(values.a, 'A'), B: recorder(cli, 'B') };
    await sleep(Number(values.warmup));
    const t0 = { A: ticks(recs.A.pid!), B: ticks(recs.B.pid!) };
    const w0 = Date.now();
    await sleep(Number(values.window));
    const s = (Date.now() - w0) / 1000;
    for (const k of ['A', 'B'] as const) {
      const cpu = (ticks(recs[k].pid!) - t0[k]) / 100 / s;
      console.log(`pair ${pair + 1} ${k === 'A' ? 'A (--a)' : 'B (this)'}: ${(cpu * 100).toFixed(2)} % of a core, peak RSS ${(hwm(recs[k].pid!) / 2 ** 20).toFixed(1)} MiB; ${rssSplitText(recs[k].pid!)}`);
      recs[k].kill('SIGTERM');
    }
    await Promise.all(Object.values(recs).map((r) => new Promise((res) => (r.exitCode !== null ? res(0) : r.once('exit', res)))));
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  }
  load.teardown();
  return 0;
}

runBench('record-ab', main);
