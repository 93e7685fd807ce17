// npm run bench [-- options]: nstop against htop and btop on a busy host.
// See test/bench/README.md for the method. Options:
//   --sizes 10000,30000    total processes of the load, one run per size and shape
//   --per-container 50     processes per container (containers = size / this)
//   --shapes own,mempids,none,churn  where the containers' cgroups are (load.ts): a group of their
//                          own everywhere / in memory+pids only / none of their own / own,
//                          with 20 short-lived processes a second on the host
//   --compare DIST         also measure the nstop of another build (its dist/ directory),
//                          each of its views right after the same view of this one
//   --rounds 2             every monitor once a round, the order reversed each round; the
//                          table has the medians (rounds.ts)
//   --window 15            seconds of CPU measurement per monitor
//   --warmup 15            seconds each monitor runs before the window (startup's first-sight
//                          scan of every process and the GC after it stay out of the window)
//   --keys 30              keypresses for the keypress -> frame latency (0: skip)
//   --launches 20          launches for each launch latency (0: skip)
//   --monitors nstop,htop,btop
//   --no-install           do not apt-get install htop/btop when they are missing
//   --runtimes 100         docker containers of the runtimes shape (runtimes.ts; 0: skip;
//                          skipped with a note where docker is not installed)
//   --ticks 40             sampler ticks of each kind in the runtimes shape
//   --headless serve,record  then nstop serve and nstop record on a load of their own
//                          (headless.ts; `none` skips them)
//   --prof DIR             V8 CPU profiles of this build's nstop (start-up included) into DIR
// It reports; it does not assert: the exit code is 0 whatever the numbers are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAll, installCleanupHandlers, onCleanup } from './cleanup.js';
import { cliRun, dashboardLaunch, MarkerWatch, NstopContainers, unshareToRunning, unshareTrue } from './launch.js';
import { benchAlive, ensurePidRoom, reapStaleLoads, SHAPES, startLoad, type Shape } from './load.js';
import { btopSpec, htopSpec, measureMonitor, nstopSpec, type MonitorRun, type MonitorSpec } from './monitors.js';
import { inRound, medianRun, roundsNote } from './rounds.js';
import { report, type SizeResult } from './report.js';
import { runtimesReport, runtimesShape } from './runtimes.js';
import { allPids } from './proc.js';
import { HEADLESS, runHeadless } from './headless.js';
import { log, sleep, which } from './util.js';
import { replayBench } from './replay.js';

export type Options = {
  sizes: number[];
  perContainer: number;
  windowMs: number;
  warmupMs: number;
  rounds: number;
  keys: number;
  launches: number;
  monitors: Set<string>;
  install: boolean;
  shapes: Shape[];
  compare?: string;
  runtimes: number;
  ticks: number;
  headless: string[];
  prof?: string;
};

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [10000, 30000], perContainer: 50, windowMs: 15_000, warmupMs: 15_000, rounds: 2, keys: 30, launches: 20, monitors: new Set(['nstop', 'htop', 'btop']), install: true, shapes: [...SHAPES], runtimes: 100, ticks: 40, headless: [...HEADLESS] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const int = (): number => {
      const n = Number(v());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${a}: not a number`);
      return n;
    };
    switch (a) {
      case '--sizes': o.sizes = v().split(',').map(Number).filter((n) => n > 0); break;
      case '--per-container': o.perContainer = Math.max(3, int()); break;
      case '--window': o.windowMs = int() * 1000; break;
      case '--rounds': o.rounds = Math.max(1, int()); break;
      case '--warmup': o.warmupMs = int() * 1000; break;
      case '--keys': o.keys = int(); break;
      case '--launches': o.launches = int(); break;
      case '--monitors': o.monitors = new Set(v().split(',')); break;
      case '--no-install': o.install = false; break;
      case '--runtimes': o.runtimes = int(); break;
      case '--ticks': o.ticks = Math.max(1, int()); break;
      case '--shapes': {
        const shapes = v().split(',');
        for (const x of shapes) if (!(SHAPES as readonly string[]).includes(x)) throw new Error(`--shapes: ${x} is not one of ${SHAPES.join(', ')}`);
        o.shapes = shapes as Shape[];
        break;
      }
      case '--compare': o.compare = resolve(v()); break;
      case '--headless': {
        const h = v().split(',').filter((x) => x !== 'none');
        for (const x of h) if (!(HEADLESS as readonly string[]).includes(x)) throw new Error(`--headless: ${x} is not one of ${HEADLESS.join(', ')}, none`);
        o.headless = h;
        break;
      }
      case '--prof': o.prof = resolve(v()); break;
      case '-h': case '--help':
        process.stdout.write('usage: npm run bench -- [--sizes 10000,30000] [--per-container 50] [--window 15] [--warmup 15] [--keys 30] [--launches 20] [--monitors nstop,htop,btop] [--shapes own,mempids,none,churn] [--compare DIST] [--prof DIR] [--headless serve,record|none] [--no-install] [--runtimes 100] [--ticks 40]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

function requireTools(install: boolean, tools: string[]): string[] {
  const missing = tools.filter((t) => !which(t));
  if (missing.length === 0 || !install) return missing;
  log(`installing ${missing.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { env, stdio: 'ignore', timeout: 600_000 });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore', timeout: 600_000 });
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { env, stdio: 'ignore', timeout: 600_000 });
  }
  return tools.filter((t) => !which(t));
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: needs root (cgroups, namespaces, pid_max)\n');
    return 2;
  }
  installCleanupHandlers();
  for (const g of reapStaleLoads()) log(`removed ${g}, left by a bench that was killed outright`);
  for (const e of readdirSync(tmpdir())) {
    const m = /^nstop-bench-(\d+)-/.exec(e);
    if (m && !benchAlive(Number(m[1]))) rmSync(join(tmpdir(), e), { recursive: true, force: true });
  }
  // a stuck step must not leave the load running: give up well after a normal run's time
  const limitMin = 15 + (o.runtimes > 0 ? 15 : 0) + o.sizes.length * o.shapes.length * (o.compare ? 1.5 : 1) * (10 + (o.windowMs + o.warmupMs) / 60_000 * 4 + (o.keys + o.launches * 6) / 60) + o.headless.length * 10;
  setTimeout(() => {
    log(`watchdog: still running after ${limitMin.toFixed(0)} min; cleaning up`);
    cleanupAll();
    process.exit(1);
  }, limitMin * 60_000).unref();
  const here = fileURLToPath(new URL('.', import.meta.url));
  const cli = resolve(here, '../../src/cli.js');
  const missingCore = requireTools(o.install, ['tmux', 'unshare']);
  if (missingCore.length > 0) {
    process.stderr.write(`bench: needs ${missingCore.join(', ')}\n`);
    return 2;
  }
  const others = [...o.monitors].filter((m) => m !== 'nstop');
  const missing = requireTools(o.install, others);
  const tmp = mkdtempSync(join(tmpdir(), `nstop-bench-${process.pid}-`));
  onCleanup(`remove ${tmp}`, () => rmSync(tmp, { recursive: true, force: true }));
  const stateDir = join(tmp, 'state');
  const markers = new MarkerWatch(join(tmp, 'markers'));
  onCleanup('marker watch', () => markers.close());
  const box = new NstopContainers(cli, stateDir);
  const tag = `nstop-bench-${process.pid}`;
  const form = (await import('../../src/ui/state/form.js')) as unknown as { newForm(n?: string): { fields: Record<string, unknown> } };
  const f = form.newForm('x').fields;
  const limits = [...(f['memory'] ? ['--memory', String(f['memory'])] : []), ...(f['pids'] ? ['--pids', String(f['pids'])] : []), ...(f['cpus'] ? ['--cpus', String(f['cpus'])] : [])];
  const intervalMs = 1000;
  const notes: string[] = [];
  const results: SizeResult[] = [];
  const started = Date.now();
  const loadBefore = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');

  for (const size of o.sizes) for (const shape of o.shapes) {
    const containers = Math.max(1, Math.round(size / o.perContainer));
    const res: SizeResult = { size, shape, containers, processes: 0, hostProcesses: 0, runs: new Map(), launch: {}, errors: [] };
    results.push(res);
    const room = ensurePidRoom(size);
    if (room) notes.push(room);
    log(`size ${size} (${shape}): starting ${containers} containers x ${o.perContainer} processes`);
    const load = await startLoad(containers, o.perContainer, `${tag}-${size}`, shape);
    try {
      res.processes = load.count();
      res.hostProcesses = allPids().length;
      log(`size ${size}: load has ${res.processes} processes (host: ${res.hostProcesses})`);
      await sleep(2000);
      const specs: MonitorSpec[] = [];
      if (o.monitors.has('nstop')) {
        const full = { containers, processes: res.processes, memory: shape !== 'none' };
        const base = o.compare ? join(o.compare, 'src', 'cli.js') : undefined;
        for (const view of ['containers', 'processes'] as const) {
          specs.push(nstopSpec({ cli, stateDir, traceDir: join(tmp, 'trace'), view, intervalMs, full, ...(o.prof ? { profDir: o.prof } : {}) }));
          if (base) specs.push(nstopSpec({ cli: base, stateDir, traceDir: join(tmp, 'trace'), view, intervalMs, full, build: 'compared' }));
        }
      }
      if (o.monitors.has('htop') && !missing.includes('htop')) specs.push(htopSpec(join(tmp, 'home-htop'), intervalMs));
      if (o.monitors.has('btop') && !missing.includes('btop')) specs.push(btopSpec(join(tmp, 'home-btop'), intervalMs));
      const rounds = new Map<MonitorSpec, MonitorRun[]>();
      for (let round = 0; round < o.rounds; round++) for (const spec of inRound(specs, round)) {
        try {
          const nstop = spec.id.startsWith('nstop') && spec.build === undefined;
          if (o.rounds > 1) log(`size ${size} (${shape}), round ${round + 1} of ${o.rounds}: ${spec.label}`);
          const run = await measureMonitor(spec, {
            warmupMs: o.warmupMs,
            windowMs: o.windowMs,
            intervalMs,
            // keypresses and launches once, in the first round
            keys: nstop && round === 0 ? o.keys : 0,
            ...(spec.id === 'nstop-containers' && spec.build === undefined && shape === o.shapes[0] && o.launches > 0 && round === 0
              ? { during: async (mon) => {
                  log(`size ${size}: ${o.launches} launches from the dashboard`);
                  res.launch.dashboard = await dashboardLaunch(mon, markers, box, o.launches, `nb${process.pid}s${size}`);
                  box.removeAll();
                } }
              : {}),
          });
          rounds.set(spec, [...(rounds.get(spec) ?? []), run]);
        } catch (err) {
          const msg = `${spec.label}: ${(err as Error).message.split('\n')[0]}`;
          res.errors.push(msg);
          log(msg);
        }
        await sleep(1000);
      }
      for (const spec of specs) {
        const runs = rounds.get(spec);
        if (runs) res.runs.set(spec.build ? `${spec.id}@${spec.build}` : spec.id, { ...medianRun(runs), label: `${spec.label}${roundsNote(runs)}` });
      }
      if (o.launches > 0 && shape === o.shapes[0]) {
        log(`size ${size}: launch latency of unshare and nstop run -d`);
        res.launch.unshareRunning = await unshareToRunning(markers, o.launches, `s${size}`);
        const c = await cliRun(markers, box, o.launches, `nb${process.pid}s${size}`, limits);
        res.launch.cli = c.exit;
        res.launch.cliRunning = c.running;
        res.launch.unshareTrue = await unshareTrue(o.launches);
        box.removeAll();
      }
    } finally {
      log(`size ${size}: tearing the load down`);
      load.teardown();
    }
  }

  const rt = o.runtimes > 0 ? await runtimesShape({ cli, tmp, count: o.runtimes, tag: `nstop-bench-${process.pid}`, ticks: o.ticks }) : undefined;
  process.stdout.write(report(results, { ...o, missing, started, loadBefore, notes }));
  if (rt !== undefined) process.stdout.write(runtimesReport(rt));
  runHeadless(o.headless, here);
  // the flight recorder's replay (issue 23): no load, a made-up 24 h recording
  log('replay of a 24 h recording');
  await replayBench();
  return 0;
}

main().then(
  (code) => {
    cleanupAll();
    process.exit(code);
  },
  (err: unknown) => {
    log(`failed: ${(err as Error)?.stack ?? err}`);
    cleanupAll();
    process.exit(1);
  },
);
