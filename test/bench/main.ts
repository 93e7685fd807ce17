// npm run bench [-- options]: nstop against htop and btop on a busy host.
// See test/bench/README.md for the method. Options:
//   --sizes 1000,10000     total processes of the load, one run per size
//   --per-container 50     processes per container (containers = size / this)
//   --window 15            seconds of CPU measurement per monitor
//   --warmup 5             seconds each monitor runs before the window
//   --keys 30              keypresses for the keypress -> frame latency (0: skip)
//   --launches 20          launches for each launch latency (0: skip)
//   --monitors nstop,htop,btop
//   --no-install           do not apt-get install htop/btop when they are missing
// It reports; it does not assert: the exit code is 0 whatever the numbers are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAll, installCleanupHandlers, onCleanup } from './cleanup.js';
import { cliRun, dashboardLaunch, MarkerWatch, NstopContainers, unshareToRunning, unshareTrue, type LaunchSamples } from './launch.js';
import { ensurePidRoom, startLoad } from './load.js';
import { btopSpec, htopSpec, measureMonitor, nstopSpec, type KeyResult, type MonitorRun, type MonitorSpec } from './monitors.js';
import { allPids, machine, version } from './proc.js';
import { log, median, num, quantile, sleep, table, which } from './util.js';

type Options = {
  sizes: number[];
  perContainer: number;
  windowMs: number;
  warmupMs: number;
  keys: number;
  launches: number;
  monitors: Set<string>;
  install: boolean;
};

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [1000, 10000], perContainer: 50, windowMs: 15_000, warmupMs: 5000, keys: 30, launches: 20, monitors: new Set(['nstop', 'htop', 'btop']), install: true };
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
      case '--warmup': o.warmupMs = int() * 1000; break;
      case '--keys': o.keys = int(); break;
      case '--launches': o.launches = int(); break;
      case '--monitors': o.monitors = new Set(v().split(',')); break;
      case '--no-install': o.install = false; break;
      case '-h': case '--help':
        process.stdout.write('usage: npm run bench -- [--sizes 1000,10000] [--per-container 50] [--window 15] [--warmup 5] [--keys 30] [--launches 20] [--monitors nstop,htop,btop] [--no-install]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

function ensureTools(install: boolean, tools: string[]): string[] {
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

type SizeResult = {
  size: number;
  containers: number;
  processes: number;
  hostProcesses: number;
  runs: Map<MonitorSpec['id'], MonitorRun & { label: string }>;
  launch: {
    dashboard?: LaunchSamples;
    unshareRunning?: LaunchSamples;
    cli?: LaunchSamples;
    cliRunning?: LaunchSamples;
    unshareTrue?: LaunchSamples;
  };
  errors: string[];
};

const ms = (x: number | undefined) => num(x);
const med = (s: LaunchSamples | undefined) => (s ? median(s.ms) : undefined);

function keyCells(k: KeyResult | undefined): string[] {
  if (!k) return ['-', '-', '-', '-'];
  return [ms(median(k.total)), ms(quantile(k.total, 0.95)), k.queued.length > 0 ? `${ms(median(k.queued))} + ${ms(median(k.render))}` : '-', `${k.total.length}${k.missed ? ` (${k.missed} missed)` : ''}`];
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: needs root (cgroups, namespaces, pid_max)\n');
    return 2;
  }
  installCleanupHandlers();
  // a stuck step must not leave the load running: give up well after a normal run's time
  const limitMin = 15 + o.sizes.length * (10 + (o.windowMs + o.warmupMs) / 60_000 * 4 + (o.keys + o.launches * 6) / 60);
  setTimeout(() => {
    log(`watchdog: still running after ${limitMin.toFixed(0)} min; cleaning up`);
    cleanupAll();
    process.exit(1);
  }, limitMin * 60_000).unref();
  const here = fileURLToPath(new URL('.', import.meta.url));
  const cli = resolve(here, '../../src/cli.js');
  const missingCore = ensureTools(o.install, ['tmux', 'unshare']);
  if (missingCore.length > 0) {
    process.stderr.write(`bench: needs ${missingCore.join(', ')}\n`);
    return 2;
  }
  const others = [...o.monitors].filter((m) => m !== 'nstop');
  const missing = ensureTools(o.install, others);
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

  for (const size of o.sizes) {
    const containers = Math.max(1, Math.round(size / o.perContainer));
    const res: SizeResult = { size, containers, processes: 0, hostProcesses: 0, runs: new Map(), launch: {}, errors: [] };
    results.push(res);
    const room = ensurePidRoom(size);
    if (room) notes.push(room);
    log(`size ${size}: starting ${containers} containers x ${o.perContainer} processes`);
    const load = await startLoad(containers, o.perContainer, `${tag}-${size}`);
    try {
      res.processes = load.count();
      res.hostProcesses = allPids().length;
      log(`size ${size}: load has ${res.processes} processes (host: ${res.hostProcesses})`);
      await sleep(2000);
      const specs: MonitorSpec[] = [];
      if (o.monitors.has('nstop')) {
        specs.push(nstopSpec({ cli, stateDir, traceDir: join(tmp, 'trace'), view: 'containers', intervalMs }));
        specs.push(nstopSpec({ cli, stateDir, traceDir: join(tmp, 'trace'), view: 'processes', intervalMs }));
      }
      if (o.monitors.has('htop') && !missing.includes('htop')) specs.push(htopSpec(join(tmp, 'home-htop'), intervalMs));
      if (o.monitors.has('btop') && !missing.includes('btop')) specs.push(btopSpec(join(tmp, 'home-btop'), intervalMs));
      for (const spec of specs) {
        try {
          const nstop = spec.id.startsWith('nstop');
          const run = await measureMonitor(spec, {
            warmupMs: o.warmupMs,
            windowMs: o.windowMs,
            intervalMs,
            keys: nstop ? o.keys : 0,
            ...(spec.id === 'nstop-containers' && o.launches > 0
              ? { during: async (mon) => {
                  log(`size ${size}: ${o.launches} launches from the dashboard`);
                  res.launch.dashboard = await dashboardLaunch(mon, markers, box, o.launches, `nb${process.pid}s${size}`);
                  box.removeAll();
                } }
              : {}),
          });
          res.runs.set(spec.id, { ...run, label: spec.label });
        } catch (err) {
          const msg = `${spec.label}: ${(err as Error).message.split('\n')[0]}`;
          res.errors.push(msg);
          log(msg);
        }
        await sleep(1000);
      }
      if (o.launches > 0) {
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

  // ---- report ----
  const versions = [
    `${missing.includes('htop') || !o.monitors.has('htop') ? 'htop not measured' : version('htop', ['--version'])}`,
    `${missing.includes('btop') || !o.monitors.has('btop') ? 'btop not measured' : version('btop', ['--version'])?.replace(/^btop version: /, 'btop ')}`,
    `${version('tmux', ['-V'])}`,
  ];
  const out: string[] = [];
  out.push('', `nstop benchmark  ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - started) / 60000).toFixed(1)} min`);
  out.push(`machine: ${machine()}; load average before: ${loadBefore}`);
  out.push(`${versions.join(', ')}`);
  out.push(`load: per size, containers of ${o.perContainer} processes (unshare --fork --pid --mount-proc --uts --ipc + sh + sleeps), each in its own cgroup (v1 memory, pids, cpu, cpuacct + cgroup2)`);
  out.push(`refresh 1 s; one monitor at a time in tmux 160x45; ${o.warmupMs / 1000} s warm-up, then ${o.windowMs / 1000} s window`);
  out.push('');
  out.push('CPU per refresh: whole process tree utime+stime (/proc, children included) over the window / refreshes drawn in it');
  out.push('(refresh = a burst of 256+ bytes of output, pieces < 0.5 s apart merged; Hz = burst rate, counted at most at the set 1 Hz)');
  const rows: string[][] = [['size', 'containers', 'monitor', 'ms/refresh', 'Hz', 'CPU ms/s', 'peak RSS MB', 'RSS at end MB', 'host busy']];
  for (const r of results) {
    for (const [, run] of r.runs) {
      rows.push([String(r.size), String(r.containers), run.label, ms(run.cpu.msPerRefresh), num(run.cpu.hz, 2), ms(run.cpu.cpuMsPerSec), ms(run.cpu.rssMb), ms(run.cpu.rssEndMb), `${run.cpu.hostBusyPct.toFixed(0)}%`]);
    }
  }
  out.push(table(rows));
  out.push('');
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${(a / b).toFixed(2)}x` : '-');
  const rrows: string[][] = [['size', 'Containers/btop', 'Processes/btop', 'Containers/htop', 'Processes/htop']];
  for (const r of results) {
    const c = r.runs.get('nstop-containers')?.cpu.msPerRefresh;
    const p = r.runs.get('nstop-processes')?.cpu.msPerRefresh;
    const b = r.runs.get('btop')?.cpu.msPerRefresh;
    const h = r.runs.get('htop')?.cpu.msPerRefresh;
    rrows.push([String(r.size), ratio(c, b), ratio(p, b), ratio(c, h), ratio(p, h)]);
  }
  out.push('Ratios of CPU per refresh (nstop / other)');
  out.push(table(rrows));
  out.push('');
  const krows: string[][] = [['size', 'view', 'median ms', 'p95 ms', 'sent->read + read->written', 'keys']];
  let method = '';
  for (const r of results) {
    for (const id of ['nstop-containers', 'nstop-processes'] as const) {
      const k = r.runs.get(id)?.keys;
      if (!k) continue;
      method ||= k.method;
      krows.push([String(r.size), id === 'nstop-containers' ? 'Containers' : 'Processes', ...keyCells(k)]);
    }
  }
  if (krows.length > 1) {
    out.push(
      method === 'trace'
        ? 'Keypress -> frame (Down/Up at random moments while refreshing): from the bench writing send-keys to the tmux control client, to nstop\'s first terminal write after it read the key (NSTOP_FRAME_TRACE, µs clock; includes tmux delivering the key)'
        : 'Keypress -> frame: from send-keys to the first output tmux reported after it (no frame trace in this nstop build)',
    );
    out.push(table(krows));
    out.push('');
  }
  const lrows: string[][] = [['size', 'what', 'nstop median ms', 'unshare median ms', 'n (failed)']];
  for (const r of results) {
    const l = r.launch;
    const n = (s: LaunchSamples | undefined) => (s ? `${s.ms.length}${s.failed ? ` (${s.failed})` : ''}` : '-');
    if (l.dashboard || l.unshareRunning) lrows.push([String(r.size), '(a) dashboard Enter -> command running', ms(med(l.dashboard)), ms(med(l.unshareRunning)), n(l.dashboard)]);
    if (l.cli) lrows.push([String(r.size), '(b) nstop run -d: whole CLI invocation', ms(med(l.cli)), ms(med(l.unshareTrue)), n(l.cli)]);
    if (l.cliRunning) lrows.push([String(r.size), '    nstop run -d: spawn -> command running', ms(med(l.cliRunning)), ms(med(l.unshareRunning)), n(l.cliRunning)]);
  }
  if (lrows.length > 1) {
    out.push('Launch latency (median): "command running" = the command (/bin/sh -c :>FILE) created its marker file, seen by inotify;');
    out.push('unshare = `unshare --fork --pid --mount-proc` timed the same way (spawn -> marker for (a), spawn -> exit of `... true` for (b))');
    out.push(table(lrows));
    out.push('');
  }
  // targets
  const big = results.reduce<SizeResult | undefined>((a, r) => (!a || r.size > a.size ? r : a), undefined);
  if (big) {
    const t: string[][] = [['target (at ' + big.size + ' processes)', 'limit', 'measured', '']];
    const add = (what: string, limit: string, v: number | undefined, ok: (x: number) => boolean, unit = '') =>
      t.push([what, limit, v === undefined ? '-' : `${num(v)}${unit}`, v === undefined ? 'n/a' : ok(v) ? 'met' : 'MISSED']);
    const c = big.runs.get('nstop-containers');
    const p = big.runs.get('nstop-processes');
    const b = big.runs.get('btop')?.cpu.msPerRefresh;
    add('Containers CPU/refresh vs btop', '<= 0.25x', c?.cpu.msPerRefresh !== undefined && b ? c.cpu.msPerRefresh / b : undefined, (x) => x <= 0.25, 'x');
    add('Processes CPU/refresh vs btop', '<= 1.0x', p?.cpu.msPerRefresh !== undefined && b ? p.cpu.msPerRefresh / b : undefined, (x) => x <= 1.0, 'x');
    const keys = [...(c?.keys?.total ?? []), ...(p?.keys?.total ?? [])];
    add('keypress -> frame, median (both views)', '<= 50 ms', median(keys), (x) => x <= 50, ' ms');
    add('peak RSS (nstop, max of the two views)', '<= 150 MB', Math.max(c?.cpu.rssMb ?? 0, p?.cpu.rssMb ?? 0) || undefined, (x) => x <= 150, ' MB');
    add('launch from a running dashboard, median', '<= 100 ms', med(big.launch.dashboard), (x) => x <= 100, ' ms');
    add('nstop run -d CLI, median', '<= 300 ms', med(big.launch.cli), (x) => x <= 300, ' ms');
    out.push('Targets (issue 6)');
    out.push(table(t));
    out.push('');
  }
  const errors = results.flatMap((r) => r.errors.map((e) => `size ${r.size}: ${e}`));
  const launchNotes = results.flatMap((r) => Object.entries(r.launch).flatMap(([k, s]) => (s?.note ? [`size ${r.size} ${k}: ${s.note.split('\n')[0]}`] : [])));
  for (const n of [...notes, ...errors, ...launchNotes]) out.push(`note: ${n}`);
  out.push('note: numbers are indicative when other work shares the machine (see "host busy": all CPUs, the monitor included).');
  process.stdout.write(out.join('\n') + '\n');
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
