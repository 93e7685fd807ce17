// node dist/test/bench/serve.js [--size 10000] [--per-container 50] [--scrapes 10] [--idle 20] [--warmup 10] [--prof DIR]
//                               [--ab CLI_A,CLI_B [--pairs 2]]
// (root): `nstop serve` on the bench's load (load.ts, shape own: 200 containers of 50
// processes at 10,000): CPU of the serving process per /metrics scrape, and its CPU
// while nobody scrapes. Reports; never asserts. --ab: two builds (their dist/src/cli.js)
// serving side by side on one load, scraped in turn (A B, then B A) and idle over the
// same window, --pairs times, so a change is judged against its base on the same host
// at the same moment (other engineers' loads come and go on this machine). The load and nstop serve are stopped and removed
// in finally and on a signal (cleanup.ts).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/children.js';
import { cleanupAll, onCleanup, runBench } from './cleanup.js';
import { standAloneLoad } from './load.js';
import { nodeFlags } from './node-flags.js';
import { allPids, CLK_TCK, readStat } from './proc.js';
import { log, numArg, sleep } from './util.js';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

type Run = { series: number; containers: number; perScrape: number[]; scrapeMs: number; idlePct: number };
type Serve = { cli: string; port: number; ticks: () => number; stop: () => Promise<void> };
type Opts = { scrapes: number; idleSec: number; warmupSec: number; prof: string[] };

/** `nstop serve` of `cli`, answering /healthz. */
async function startServe(cli: string, prof: string[]): Promise<Serve> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags(cli), ...prof, cli, 'serve', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const pid = child.pid!;
  const off = onCleanup(`nstop serve ${pid}`, () => void child.kill('SIGKILL'));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(undefined)));
    off();
  };
  for (let i = 0; ; i++) {
    if (i > 600) {
      await stop();
      throw new Error('nstop serve did not answer /healthz in 60 s');
    }
    const ok = await get(port, '/healthz').then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(100);
  }
  return { cli, port, ticks: () => readStat(pid)?.ticks ?? NaN, stop };
}

/** The first scrape (every process seen for the first time: start-up, not a scrape), its
 *  series, then a scrape every 2 s through the warm-up (the load's start leaves the host
 *  busy for a while: not a steady host). */
async function warm(all: readonly Serve[], warmupSec: number): Promise<{ series: number; containers: number }[]> {
  const out: { series: number; containers: number }[] = [];
  for (const s of all) {
    const lines = (await get(s.port, '/metrics')).body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    // per container of the host (other loads' containers are exported too): distinct ids
    out.push({ series: lines.length, containers: new Set(lines.map((l) => /\bid="([^"]*)"/.exec(l)?.[1])).size });
  }
  for (let t = 0; t < warmupSec; t += 2) {
    await sleep(2000);
    for (const s of all) await get(s.port, '/metrics');
  }
  await sleep(1000);
  return out;
}

/** Scrapes 1 s apart, each serve in turn (the order swapped each round), then the idle
 *  window, the same one for all: every serve meets the same host. */
async function measure(all: readonly Serve[], o: Opts): Promise<Run[]> {
  const sizes = await warm(all, o.warmupSec);
  const perScrape = all.map((): number[] => []);
  const t0 = all.map((s) => s.ticks());
  const w0 = Date.now();
  for (let i = 0; i < o.scrapes; i++) {
    const order = i % 2 === 0 ? all.map((_, k) => k) : all.map((_, k) => all.length - 1 - k);
    for (const k of order) {
      const a = all[k]!.ticks();
      await get(all[k]!.port, '/metrics');
      // the sample's reads run on libuv's threads too: wait for them to be counted
      await sleep(100);
      perScrape[k]!.push(((all[k]!.ticks() - a) * 1000) / CLK_TCK);
    }
    await sleep(900);
  }
  const scrapeTicks = all.map((s, k) => s.ticks() - t0[k]!);
  const scrapeSec = (Date.now() - w0) / 1000;
  const i0 = all.map((s) => s.ticks());
  await sleep(o.idleSec * 1000);
  return all.map((s, k) => {
    const idleMsPerSec = (((s.ticks() - i0[k]!) * 1000) / CLK_TCK) / o.idleSec;
    const scrapeMs = ((scrapeTicks[k]! * 1000) / CLK_TCK - idleMsPerSec * scrapeSec) / o.scrapes;
    return { ...sizes[k]!, perScrape: perScrape[k]!, scrapeMs, idlePct: idleMsPerSec / 10 };
  });
}

function report(label: string, r: Run): void {
  const sorted = [...r.perScrape].sort((x, y) => x - y);
  log(`${label}series per scrape: ${r.series} for ${r.containers} containers (${(r.series / r.containers).toFixed(1)} per container, target ≤ 40)`);
  log(`${label}CPU per scrape (ms, ${CLK_TCK} Hz ticks, each with the 100 ms after it): median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted[sorted.length - 1]}; all: ${r.perScrape.join(' ')}`);
  log(`${label}CPU over ${r.perScrape.length} scrapes ~1 s apart, less idle: ${r.scrapeMs.toFixed(1)} ms a scrape (target ≤ 50)`);
  log(`${label}idle (no scrape): ${r.idlePct.toFixed(2)} % of a core (target ≤ 1)`);
}

async function main(): Promise<number> {
  const size = numArg('--size', 10000);
  const per = numArg('--per-container', 50);
  const o = { scrapes: numArg('--scrapes', 10), idleSec: numArg('--idle', 20), warmupSec: numArg('--warmup', 10), prof: [] as string[] };
  const here = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../src/cli.js');
  const abAt = process.argv.indexOf('--ab');
  const clis = abAt === -1 ? [here] : process.argv[abAt + 1]!.split(',').map((p) => resolve(p));
  const pairs = abAt === -1 ? 1 : numArg('--pairs', 2);
  // --prof DIR: a V8 CPU profile of nstop serve (main thread) into DIR
  const profAt = process.argv.indexOf('--prof');
  if (profAt !== -1) o.prof = ['--cpu-prof', `--cpu-prof-dir=${process.argv[profAt + 1]}`];
  const made = await standAloneLoad('serve', size, per);
  if (!made) return 2;
  const { containers, load } = made;
  try {
    for (let p = 0; p < pairs; p++) {
      const all: Serve[] = [];
      try {
        for (const cli of clis) all.push(await startServe(cli, o.prof));
        const runs = await measure(all, o);
        runs.forEach((r, i) => report(clis.length > 1 ? `${'AB'[i] ?? i} (${clis[i]}) #${p + 1}: ` : '', r));
      } finally {
        for (const s of all) await s.stop();
      }
    }
    log(`host: ${allPids().length} processes; load: ${load.count()} in ${containers} containers`);
    log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (2 cores: above ~2 the figures are a shared machine's)`);
    return 0;
  } finally {
    load.teardown();
    cleanupAll();
  }
}

runBench('serve', main);
