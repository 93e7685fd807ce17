// The table the benchmark prints: CPU per refresh per monitor and size, the ratios, keypress
// -> frame, launch latency and the issue's targets, with the notes the run collected.
import type { LaunchSamples } from './launch.js';
import type { Options } from './main.js';
import type { Shape } from './load.js';
import type { KeyResult, MonitorRun } from './monitors.js';
import { machine, version } from './proc.js';
import { median, num, quantile, table } from './util.js';

export type SizeResult = {
  size: number;
  shape: Shape;
  containers: number;
  processes: number;
  hostProcesses: number;
  /** by spec id, `id@build` for a compared build */
  runs: Map<string, MonitorRun & { label: string }>;
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

type Context = Options & { missing: string[]; started: number; loadBefore: string; notes: string[] };

export function report(results: SizeResult[], o: Context): string {
  const { missing, started, loadBefore, notes } = o;
  const versions = [
    `${missing.includes('htop') || !o.monitors.has('htop') ? 'htop not measured' : version('htop', ['--version'])}`,
    `${missing.includes('btop') || !o.monitors.has('btop') ? 'btop not measured' : version('btop', ['--version'])?.replace(/^btop version: /, 'btop ')}`,
    `${version('tmux', ['-V'])}`,
  ];
  const out: string[] = [];
  out.push('', `nstop benchmark  ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - started) / 60000).toFixed(1)} min`);
  out.push(`machine: ${machine()}; load average before: ${loadBefore}`);
  out.push(`${versions.join(', ')}`);
  out.push(`load: per size, containers of ${o.perContainer} processes (unshare --fork --pid --mount-proc --uts --ipc + sh + sleeps); shape = the cgroups each has of its own:`);
  out.push('  own = v1 memory, pids, cpu, cpuacct + cgroup2; mempids = v1 memory and pids only; none = none (all share the load\'s limited group)');
  if (o.compare) out.push(`[compared] = the build in ${o.compare}, run right after the same view of this build`);
  out.push(`refresh 1 s; one monitor at a time in tmux 160x45; ${o.warmupMs / 1000} s warm-up, then ${o.windowMs / 1000} s window; ${o.rounds} round(s), the order reversed each round: figures are medians over the rounds, [rounds: ...] each round's CPU a refresh`);
  out.push('');
  out.push('CPU per refresh: whole process tree utime+stime (/proc, children included) over the window / refreshes drawn in it');
  out.push('(refresh = a burst of 256+ bytes of output, pieces < 0.5 s apart merged; Hz = burst rate, counted at most at the set 1 Hz)');
  out.push('first full frame: from starting the monitor to a screen with the whole load (nstop: its tab counts and a first row with the memory figure of its cgroup; others: their first screen), polled every 100 ms (for nstop the time it wrote it is "frame" in the start-up split; "from node\'s start" in the targets leaves out the time tmux and exec took before node ran); its CPU ms: the CPU time the monitor itself used by then (a busy host stretches the wall clock, not this)');
  const rows: string[][] = [['size', 'shape', 'containers', 'monitor', 'ms/refresh', 'Hz', 'CPU ms/s', 'first frame ms', 'its CPU ms', 'peak RSS MB', 'RSS at end MB', 'host busy']];
  for (const r of results) {
    for (const [, run] of r.runs) {
      rows.push([String(r.size), r.shape, String(r.containers), run.label, ms(run.cpu.msPerRefresh), num(run.cpu.hz, 2), ms(run.cpu.cpuMsPerSec), ms(run.cpu.firstFrameMs), ms(run.cpu.firstFrameCpuMs), ms(run.cpu.rssMb), ms(run.cpu.rssEndMb), `${run.cpu.hostBusyPct.toFixed(0)}%`]);
    }
  }
  out.push(table(rows));
  out.push('');
  // nstop's start-up split (its frame trace's marks: monitors.ts startupSplit)
  const splits = results.flatMap((r) => [...r.runs.values()].filter((run) => run.cpu.startup).map((run) => `  ${r.size} ${r.shape} ${run.label}: ${run.cpu.startup}`));
  if (splits.length > 0) out.push('start-up, wall ms from starting tmux (CPU ms of nstop): node started, modules loaded, first sample, first frame with it', ...splits, '');
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${(a / b).toFixed(2)}x` : '-');
  const rrows: string[][] = [['size', 'shape', 'Containers/btop', 'Processes/btop', 'Containers/htop', 'Processes/htop', ...(o.compare ? ['Containers/[compared]', 'Processes/[compared]'] : [])]];
  for (const r of results) {
    const c = r.runs.get('nstop-containers')?.cpu.msPerRefresh;
    const p = r.runs.get('nstop-processes')?.cpu.msPerRefresh;
    const b = r.runs.get('btop')?.cpu.msPerRefresh;
    const h = r.runs.get('htop')?.cpu.msPerRefresh;
    const cc = r.runs.get('nstop-containers@compared')?.cpu.msPerRefresh;
    const pc = r.runs.get('nstop-processes@compared')?.cpu.msPerRefresh;
    rrows.push([String(r.size), r.shape, ratio(c, b), ratio(p, b), ratio(c, h), ratio(p, h), ...(o.compare ? [ratio(c, cc), ratio(p, pc)] : [])]);
  }
  out.push('Ratios of CPU per refresh (nstop / other)');
  out.push(table(rrows));
  out.push('');
  const krows: string[][] = [['size', 'shape', 'view', 'median ms', 'p95 ms', 'sent->read + read->written', 'keys']];
  let method = '';
  for (const r of results) {
    for (const id of ['nstop-containers', 'nstop-processes'] as const) {
      const k = r.runs.get(id)?.keys;
      if (!k) continue;
      method ||= k.method;
      krows.push([String(r.size), r.shape, id === 'nstop-containers' ? 'Containers' : 'Processes', ...keyCells(k)]);
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
    if (l.dashboard || l.unshareRunning) lrows.push([`${r.size} ${r.shape}`, '(a) dashboard Enter -> command running', ms(med(l.dashboard)), ms(med(l.unshareRunning)), n(l.dashboard)]);
    if (l.cli) lrows.push([String(r.size), '(b) nstop run -d: whole CLI invocation', ms(med(l.cli)), ms(med(l.unshareTrue)), n(l.cli)]);
    if (l.cliRunning) lrows.push([String(r.size), '    nstop run -d: spawn -> command running', ms(med(l.cliRunning)), ms(med(l.unshareRunning)), n(l.cliRunning)]);
  }
  if (lrows.length > 1) {
    out.push('Launch latency (median): "command running" = the command (/bin/sh -c :>FILE) created its marker file, seen by inotify;');
    out.push('unshare = `unshare --fork --pid --mount-proc` timed the same way (spawn -> marker for (a), spawn -> exit of `... true` for (b))');
    out.push(table(lrows));
    out.push('');
  }
  // targets: issue 21's, per size and shape (the worst shape decides)
  const t: string[][] = [['target', 'size', 'shape', 'limit', 'measured', '']];
  const add = (r: SizeResult, what: string, limit: string, v: number | undefined, ok: (x: number) => boolean, unit = '') =>
    t.push([what, String(r.size), r.shape, limit, v === undefined ? '-' : `${num(v, unit === 'x' ? 2 : 1)}${unit}`, v === undefined ? 'n/a' : ok(v) ? 'met' : 'MISSED']);
  for (const r of results) {
    const c = r.runs.get('nstop-containers');
    const p = r.runs.get('nstop-processes');
    const b = r.runs.get('btop')?.cpu.msPerRefresh;
    const big = r.size >= 30_000;
    add(r, 'Containers CPU/refresh vs btop', '<= 0.25x', c?.cpu.msPerRefresh !== undefined && b ? c.cpu.msPerRefresh / b : undefined, (x) => x <= 0.25, 'x');
    add(r, 'Processes CPU/refresh vs btop', '<= 0.75x', p?.cpu.msPerRefresh !== undefined && b ? p.cpu.msPerRefresh / b : undefined, (x) => x <= 0.75, 'x');
    const keys = [...(c?.keys?.total ?? []), ...(p?.keys?.total ?? [])];
    if (keys.length > 0) add(r, 'keypress -> frame, median (both views)', '<= 50 ms', median(keys), (x) => x <= 50, ' ms');
    const rssLimit = big ? 250 : 150;
    add(r, 'peak RSS (nstop, max of the two views)', `<= ${rssLimit} MB`, Math.max(c?.cpu.rssMb ?? 0, p?.cpu.rssMb ?? 0) || undefined, (x) => x <= rssLimit, ' MB');
    if (r.size <= 10_000) add(r, 'first full frame (Containers view)', '<= 800 ms', c?.cpu.firstFrameMs, (x) => x <= 800, ' ms');
    if (r.size <= 10_000 && c?.cpu.fromStartMs !== undefined) add(r, "  the same from node's start", '<= 800 ms', c.cpu.fromStartMs, (x) => x <= 800, ' ms');
    if (r.launch.dashboard) add(r, 'launch from a running dashboard, median', '<= 100 ms', med(r.launch.dashboard), (x) => x <= 100, ' ms');
    if (r.launch.cli) add(r, 'nstop run -d CLI, median', '<= 300 ms', med(r.launch.cli), (x) => x <= 300, ' ms');
  }
  if (t.length > 1) {
    out.push('Targets (issue 21; launch latency: issue 6)');
    out.push(table(t));
    out.push('');
  }
  const errors = results.flatMap((r) => r.errors.map((e) => `size ${r.size} (${r.shape}): ${e}`));
  const launchNotes = results.flatMap((r) => Object.entries(r.launch).flatMap(([k, s]) => (s?.note ? [`size ${r.size} ${k}: ${s.note.split('\n')[0]}`] : [])));
  for (const n of [...notes, ...errors, ...launchNotes]) out.push(`note: ${n}`);
  out.push('note: numbers are indicative when other work shares the machine (see "host busy": all CPUs, the monitor included).');
  return out.join('\n') + '\n';
}
