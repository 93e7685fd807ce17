// One monitor at a time on the load: start it in tmux, let it warm up, then measure its
// whole process tree's CPU (utime+stime from /proc, children included) over a window and
// divide by the refreshes it drew in that window (bursts of terminal output seen by the
// tmux control client). For nstop also: keypress -> frame latency, launch latency.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFlags } from './node-flags.js';
import { CLK_TCK, hostCpu, isAlive, readStat, rssMb, treeCpu, type ProcId } from './proc.js';
import { TmuxMonitor } from './tmux.js';
import { TraceReader } from './trace-reader.js';
import { log, median, now, sleep } from './util.js';

export type MonitorSpec = {
  id: 'nstop-containers' | 'nstop-processes' | 'htop' | 'btop';
  label: string;
  /** shell command line run in the tmux pane (exec'd: the pane's pid is the monitor) */
  command: string;
  ready: (screen: string) => boolean;
  /** keys sent once it is ready, and what the screen shows then */
  setup?: { keys: string[]; check: (screen: string) => boolean; what: string };
  /** nstop only: its frame trace file */
  trace?: string;
  /** the first full frame: the whole load on screen (default: ready) */
  full?: (screen: string) => boolean;
  /** another build of nstop measured next to this one (--compare) */
  build?: string;
  /** a key that quits it: sent at the end so that a V8 profile (--prof) gets written */
  quit?: string;
};

export type CpuResult = {
  cpuMs: number;
  windowMs: number;
  /** refreshes drawn in the window (bursts of output) */
  bursts: number;
  /** refresh rate from the spacing of those bursts (before the cap at the set rate) */
  hz: number | undefined;
  msPerRefresh: number | undefined;
  cpuMsPerSec: number;
  /** peak resident set (sum of VmHWM over the tree) and the resident set at the end */
  rssMb: number | undefined;
  rssEndMb: number | undefined;
  hostBusyPct: number;
  procs: number;
  /** from starting the monitor to its first full frame (polled every 100 ms) */
  firstFrameMs: number | undefined;
  /** the monitor's CPU time (its tree's) until then: what a busy host does not inflate */
  firstFrameCpuMs: number | undefined;
  /** nstop: from node's start (its trace's start mark) to its write that made the screen
   *  full, the last before the poll saw it: without tmux's and exec's time before node
   *  runs (150-580 ms now and then on a loaded host, btop's first frame alike) */
  fromStartMs?: number | undefined;
  /** nstop's start-up split from its frame trace's marks: wall ms from the tmux server's
   *  start (CPU ms) at node's start, modules loaded, first sample, first frame after it */
  startup?: string;
};

export type KeyResult = { total: number[]; queued: number[]; render: number[]; missed: number; method: string };

/** The view tabs' counts ("1 Containers 200  2 Namespaces 612  3 Processes 10093") have
 *  reached the load's: every container and process has been seen and grouped; and the
 *  first container row is a running container's with, where the load gives containers a
 *  memory group (`memory`), the figure read from it (MEMORY's "6.4MiB"), not a
 *  placeholder (in the `none` shape "n/a" is the figure: a shared group's are not shown). CPU % is not asked for: it is a rate, so it comes with the second sample
 *  (one interval later) in nstop as in any monitor that does not block its first frame
 *  on two samples. */
function nstopFull(load: { containers: number; processes: number; memory: boolean }): (screen: string) => boolean {
  return (s) => {
    const c = /1 Containers (\d+)/.exec(s);
    const p = /3 Processes (\d+)/.exec(s);
    if (c === null || p === null || Number(c[1]) < load.containers || Number(p[1]) < load.processes) return false;
    const lines = s.split('\n');
    const header = lines.findIndex((l) => /^\s*NAME\s/.test(l));
    const row = lines[header + 1] ?? '';
    return header >= 0 && row.includes('running') && (!load.memory || /\d[KMGT]iB/.test(row));
  };
}

export function nstopSpec(o: { cli: string; stateDir: string; traceDir: string; view: 'containers' | 'processes'; intervalMs: number; full?: { containers: number; processes: number; memory: boolean }; build?: string; profDir?: string }): MonitorSpec {
  mkdirSync(o.traceDir, { recursive: true });
  const trace = join(o.traceDir, `trace-${o.view}-${Date.now()}.log`);
  writeFileSync(trace, '');
  const env = `env -u CI -u NO_COLOR LANG=C.UTF-8 NSTOP_STATE_DIR=${o.stateDir} NSTOP_FRAME_TRACE=${trace}`;
  // --prof DIR: V8 writes the profile when node exits by itself, hence `quit`
  const prof = o.profDir ? ` --cpu-prof --cpu-prof-dir=${o.profDir} --cpu-prof-name=nstop-${o.view}-${Date.now()}.cpuprofile` : '';
  return {
    id: o.view === 'containers' ? 'nstop-containers' : 'nstop-processes',
    label: `${o.view === 'containers' ? 'nstop, Containers view' : 'nstop, Processes view (all)'}${o.build ? ` [${o.build}]` : ''}`,
    ...(o.full ? { full: nstopFull(o.full) } : {}),
    ...(o.build ? { build: o.build } : {}),
    command: `exec ${env} ${process.execPath} ${nodeFlags(o.cli).join(' ')}${prof} ${o.cli} --interval ${o.intervalMs}ms`,
    ...(o.profDir ? { quit: 'q' } : {}),
    ready: (s) => s.includes('Containers') && s.includes('Quit'),
    ...(o.view === 'processes' ? { setup: { keys: ['3'], check: (s: string) => s.includes('NSPID') && s.includes('COMMAND'), what: 'the Processes view' } } : {}),
    trace,
  };
}

export function htopSpec(home: string, intervalMs: number): MonitorSpec {
  mkdirSync(home, { recursive: true });
  return {
    id: 'htop',
    label: `htop -d ${Math.round(intervalMs / 100)}`,
    command: `exec env HOME=${home} LANG=C.UTF-8 htop -d ${Math.round(intervalMs / 100)}`,
    ready: (s) => s.includes('Load average') || s.includes('Tasks:'),
  };
}

export function btopSpec(home: string, intervalMs: number): MonitorSpec {
  mkdirSync(join(home, '.config', 'btop'), { recursive: true });
  // btop 1.2 reads update_ms only from its config file
  writeFileSync(join(home, '.config', 'btop', 'btop.conf'), `update_ms = ${intervalMs}\n`);
  return {
    id: 'btop',
    label: `btop (update_ms ${intervalMs})`,
    command: `exec env HOME=${home} LANG=C.UTF-8 btop`,
    ready: (s) => s.includes('cpu') && s.includes('mem'),
  };
}

/**
 * Refreshes drawn in [t0, t1], by their start times: pieces of output less than gapMs
 * apart are one burst, and a burst of fewer than minBytes (a clock or cursor update
 * alone, as btop draws between its updates) is not a refresh.
 */
function burstStarts(mon: TmuxMonitor, t0: number, t1: number, gapMs: number, minBytes = 256): number[] {
  const bursts: { t: number; bytes: number }[] = [];
  let last = -Infinity;
  for (const o of mon.outputs) {
    if (o.t - last > gapMs) bursts.push({ t: o.t, bytes: 0 });
    bursts[bursts.length - 1]!.bytes += o.bytes;
    last = o.t;
  }
  return bursts.filter((b) => b.t >= t0 && b.t <= t1 && b.bytes >= minBytes).map((b) => b.t);
}

/**
 * Keypress -> frame: Down and Up alternately, at random moments (200-800 ms apart, so
 * the keys fall at every phase of the refresh cycle). Sent through the tmux control
 * client; the clock starts when the bench writes the send-keys command. With nstop's
 * frame trace the end is nstop's first write of 64+ bytes to the terminal after it read
 * the key (and the split: sent -> read by nstop, read -> written); without it, the first
 * output tmux sees after the key.
 */
async function keyLatency(mon: TmuxMonitor, trace: string | undefined, n: number): Promise<KeyResult> {
  const r: KeyResult = { total: [], queued: [], render: [], missed: 0, method: '' };
  const tr = trace && existsSync(trace) ? new TraceReader(trace) : undefined;
  tr?.poll();
  const useTrace = tr !== undefined && tr.frames.length > 0;
  r.method = useTrace ? 'trace' : 'tmux';
  for (let i = 0; i < n; i++) {
    await sleep(200 + Math.random() * 600);
    tr?.poll();
    const seenKeys = tr?.keys.length ?? 0;
    const seenOutputs = mon.outputs.length;
    const t0 = now();
    mon.keys(i % 2 === 0 ? 'Down' : 'Up');
    const until = t0 + 5000;
    let done = false;
    while (!done && now() < until) {
      await sleep(3);
      if (useTrace) {
        tr!.poll();
        const k = tr!.keys[seenKeys];
        if (k === undefined) continue;
        const f = tr!.frames.find((x) => x.t >= k && x.bytes >= 64);
        if (!f) continue;
        r.total.push(f.t - t0);
        r.queued.push(k - t0);
        r.render.push(f.t - k);
        done = true;
      } else {
        const o = mon.outputs.slice(seenOutputs).find((x) => x.bytes >= 64);
        if (!o) continue;
        r.total.push(o.t - t0);
        done = true;
      }
    }
    if (!done) r.missed++;
  }
  return r;
}

/** "node 120, modules 480 (310 CPU), sample 900 (700), frame 950": the marks nstop's
 *  trace holds (frame-trace.ts), in wall ms since `started`; frame: its first write of
 *  256+ bytes after the first sample, i.e. the first frame with the sample on it. */
function startupSplit(tr: TraceReader, started: number): string | undefined {
  if (tr.marks.length === 0) return undefined;
  const at = (t: number) => (t - started).toFixed(0);
  const parts = tr.marks.map((m) => `${m.name === 'start' ? 'node' : m.name} ${at(m.t)}${m.name === 'start' ? '' : ` (${m.cpuMs.toFixed(0)} CPU)`}`);
  const sample = tr.marks.find((m) => m.name === 'sample');
  const frame = sample && tr.frames.find((f) => f.t >= sample.t && f.bytes >= 256);
  if (frame) parts.push(`frame ${at(frame.t)}`);
  return parts.join(', ');
}

/** ms from node's start to the last frame written at or before `fullAt` (the poll that
 *  found the screen full), by nstop's trace; undefined without its start mark. */
function fromNodeStart(tr: TraceReader, fullAt: number): number | undefined {
  const start = tr.marks.find((m) => m.name === 'start');
  const frame = tr.frames.filter((f) => f.t <= fullAt).at(-1);
  return start && frame ? frame.t - start.t : undefined;
}

export type MonitorRun = { cpu: CpuResult; keys?: KeyResult; extra?: unknown };

export async function measureMonitor(
  spec: MonitorSpec,
  o: { warmupMs: number; windowMs: number; intervalMs: number; keys: number; during?: (mon: TmuxMonitor) => Promise<unknown> },
): Promise<MonitorRun> {
  // a fresh trace for each run (another round measures the spec again)
  if (spec.trace) writeFileSync(spec.trace, '');
  const started = now();
  const mon = new TmuxMonitor(`nstop-bench-${process.pid}`, spec.command);
  let tree: ProcId[] = [];
  try {
    await mon.waitScreen(spec.full ?? spec.ready, `${spec.label} to draw`, 90_000);
    // polled: up to 100 ms late (%output times lag: the loop is blocked in each capture)
    const fullAt = now();
    const firstFrameMs = fullAt - started;
    // the pane's process alone (read at once; a tree walk reads every pid first): nstop
    // and htop/btop start no children before their first frame
    const firstFrameCpuMs = ((readStat(mon.panePid)?.ticks ?? 0) * 1000) / CLK_TCK;
    if (spec.setup) {
      mon.keys(...spec.setup.keys);
      await mon.waitScreen(spec.setup.check, spec.setup.what, 30_000);
    }
    const root = mon.panePid;
    await sleep(o.warmupMs);
    const c0 = treeCpu(root);
    const h0 = hostCpu();
    const t0 = now();
    await sleep(o.windowMs);
    const c1 = treeCpu(root);
    const h1 = hostCpu();
    const t1 = now();
    tree = c1.procs;
    if (c1.procs.length === 0) throw new Error(`${spec.label} exited during the measurement:\n${mon.screen()}`);
    const cpuMs = ((c1.ticks - c0.ticks) * 1000) / CLK_TCK;
    const windowMs = t1 - t0;
    const starts = burstStarts(mon, t0, t1, o.intervalMs / 2);
    const hz = starts.length >= 2 ? ((starts.length - 1) * 1000) / (starts[starts.length - 1]! - starts[0]!) : undefined;
    // a monitor set to refresh every intervalMs refreshes no more often than that: more
    // bursts than that are partial draws of one refresh
    const rate = hz === undefined ? undefined : Math.min(hz, 1000 / o.intervalMs);
    const refreshes = rate !== undefined ? (rate * windowMs) / 1000 : starts.length;
    const cpu: CpuResult = {
      cpuMs,
      windowMs,
      bursts: starts.length,
      hz,
      msPerRefresh: refreshes > 0 ? cpuMs / refreshes : undefined,
      cpuMsPerSec: (cpuMs * 1000) / windowMs,
      rssMb: undefined,
      rssEndMb: undefined,
      hostBusyPct: (100 * (h1.busy - h0.busy)) / Math.max(1, h1.total - h0.total),
      procs: c1.procs.length,
      firstFrameMs,
      firstFrameCpuMs,
    };
    // nstop's trace, read once for both (another monitor has none)
    const tr = spec.trace && existsSync(spec.trace) ? new TraceReader(spec.trace) : undefined;
    tr?.poll();
    const startup = tr && startupSplit(tr, started);
    if (startup) cpu.startup = startup;
    const fromStart = tr && fromNodeStart(tr, fullAt);
    if (fromStart !== undefined) cpu.fromStartMs = fromStart;
    log(`${spec.label}: ${cpuMs.toFixed(0)} ms CPU in ${(windowMs / 1000).toFixed(1)} s, ${starts.length} refreshes (${hz?.toFixed(2) ?? '?'} Hz) -> ${cpu.msPerRefresh?.toFixed(1) ?? '?'} ms/refresh; host busy ${cpu.hostBusyPct.toFixed(0)}%; first full frame ${firstFrameMs.toFixed(0)} ms (${firstFrameCpuMs.toFixed(0)} ms CPU${cpu.fromStartMs !== undefined ? `; ${cpu.fromStartMs.toFixed(0)} ms from node's start` : ''})${startup ? ` [start-up, ms: ${startup}]` : ''}; tree of ${cpu.procs} process(es)`);
    const run: MonitorRun = { cpu };
    if (o.keys > 0) {
      run.keys = await keyLatency(mon, spec.trace, o.keys);
      log(`${spec.label}: keypress -> frame median ${median(run.keys.total)?.toFixed(1) ?? '?'} ms (${run.keys.total.length} keys, ${run.keys.missed} missed, ${run.keys.method})`);
    }
    if (o.during) run.extra = await o.during(mon);
    const last = treeCpu(root);
    if (last.procs.length > 0) tree = last.procs;
    const rss = rssMb(tree);
    cpu.rssMb = rss?.peak;
    cpu.rssEndMb = rss?.now;
    if (spec.quit) {
      mon.keys(spec.quit);
      for (let i = 0; i < 100 && tree.some(isAlive); i++) await sleep(100);
    }
    return run;
  } finally {
    mon.close(tree);
  }
}
