// Launch latency. "Command running" is the moment the container's command creates a
// marker file (`/bin/sh -c :>FILE`), seen by an inotify watch (fs.watch) on the marker
// directory. Measured, each the median of n:
//  - dashboard: Enter in the running dashboard's launch form (a detached container on the
//    host root) -> marker;
//  - unshare: spawn of `unshare --fork --pid --mount-proc /bin/sh -c :>FILE` -> marker;
//  - CLI: spawn of `nstop run -d ... -- /bin/sh -c :>FILE` -> the CLI exits (and -> marker);
//  - unshare true: spawn of `unshare --fork --pid --mount-proc true` -> it exits.
import { nodeFlags } from './node-flags.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import type { TmuxMonitor } from './tmux.js';
import { log, now, sleep } from './util.js';

export class MarkerWatch {
  private seen = new Map<string, number>();
  private watcher: FSWatcher;
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.watcher = watch(dir, (_ev, file) => {
      const t = now();
      if (file && !this.seen.has(String(file))) this.seen.set(String(file), t);
    });
  }
  path(name: string): string {
    return join(this.dir, name);
  }
  async wait(name: string, ms = 15_000): Promise<number | undefined> {
    const until = now() + ms;
    while (now() < until) {
      const t = this.seen.get(name);
      if (t !== undefined) return t;
      if (existsSync(this.path(name))) return this.seen.get(name) ?? now();
      await sleep(2);
    }
    return undefined;
  }
  close(): void {
    this.watcher.close();
  }
}

/** Runs a process; resolves with the time it exited (and its exit code). */
function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { t0: number; done: Promise<{ t: number; code: number | null; err: string }> } {
  const t0 = now();
  const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(env ? { env } : {}) });
  let err = '';
  c.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ t: number; code: number | null; err: string }>((resolve) => {
    c.on('error', (e) => resolve({ t: now(), code: -1, err: e.message }));
    let t = 0;
    c.on('exit', () => (t = now()));
    // 'close' comes after 'exit' and after stderr ended: all of its message is in
    c.on('close', (code) => resolve({ t: t || now(), code, err }));
  });
  return { t0, done };
}

export type LaunchSamples = { ms: number[]; failed: number; note?: string };
const empty = (): LaunchSamples => ({ ms: [], failed: 0 });

export async function unshareToRunning(markers: MarkerWatch, n: number, tag: string): Promise<LaunchSamples> {
  const out = empty();
  for (let i = 0; i < n; i++) {
    const m = `${tag}-u${i}`;
    const r = run('unshare', ['--fork', '--pid', '--mount-proc', '/bin/sh', '-c', `:>${markers.path(m)}`]);
    const t = await markers.wait(m);
    await r.done;
    if (t === undefined) out.failed++;
    else out.ms.push(t - r.t0);
    await sleep(50);
  }
  return out;
}

export async function unshareTrue(n: number): Promise<LaunchSamples> {
  const out = empty();
  for (let i = 0; i < n; i++) {
    const r = run('unshare', ['--fork', '--pid', '--mount-proc', 'true']);
    const d = await r.done;
    if (d.code !== 0) out.failed++;
    else out.ms.push(d.t - r.t0);
    await sleep(50);
  }
  return out;
}

/** The containers nstop launched for the benchmark, removed (rm --force) at cleanup. */
export class NstopContainers {
  readonly names: string[] = [];
  constructor(
    readonly cli: string,
    readonly stateDir: string,
  ) {
    onCleanup('nstop containers', () => this.removeAll());
  }
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, NSTOP_STATE_DIR: this.stateDir };
  }
  /** Waits until nstop's own reaper has taken the ended container down (its cgroup gone). */
  async settled(name: string, ms = 10_000): Promise<void> {
    const until = now() + ms;
    const dirs = ['pids', 'memory', 'unified'].map((h) => `/sys/fs/cgroup/${h}/nstop/${name}`);
    while (now() < until && dirs.some((d) => existsSync(d))) await sleep(20);
  }
  removeAll(): void {
    const names = new Set(this.names);
    if (existsSync(this.stateDir)) for (const f of readdirSync(this.stateDir)) names.add(f.replace(/\.[a-z]+$/, ''));
    if (names.size === 0) return;
    const r = spawnSync(process.execPath, [...nodeFlags(this.cli), this.cli, 'rm', '--force', ...names], { env: this.env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0 && r.stderr.trim()) log(`nstop rm --force: ${r.stderr.trim().split('\n')[0]}`);
    this.names.length = 0;
  }
}

export async function cliRun(
  markers: MarkerWatch,
  box: NstopContainers,
  n: number,
  tag: string,
  limits: string[],
): Promise<{ exit: LaunchSamples; running: LaunchSamples }> {
  const exit = empty();
  const running = empty();
  for (let i = 0; i < n; i++) {
    const name = `${tag}c${i}`;
    box.names.push(name);
    const r = run(process.execPath, [...nodeFlags(box.cli), box.cli, 'run', '-d', '--name', name, ...limits, '--', '/bin/sh', '-c', `:>${markers.path(name)}`], box.env);
    const d = await r.done;
    const t = await markers.wait(name, d.code === 0 ? 15_000 : 1);
    if (d.code !== 0) {
      exit.failed++;
      running.failed++;
      exit.note = `exit ${d.code}: ${d.err.trim().split('\n')[0]}`;
    } else {
      exit.ms.push(d.t - r.t0);
      if (t === undefined) running.failed++;
      else running.ms.push(t - r.t0);
    }
    await box.settled(name);
    await sleep(100);
  }
  return { exit, running };
}

type FormModule = {
  FIELD_ORDER: readonly string[];
  FIELD_LABELS: Record<string, string>;
  newForm(name?: string): { fields: Record<string, unknown>; focus: number };
};

/**
 * Launches from the running dashboard through its launch form: `a`, then the fields
 * (name, command, an empty root = the host's, detached), all typed through tmux; the
 * clock starts when Enter is sent. The form's field order and defaults come from nstop's
 * own form module, so the key sequence follows changes to the form.
 */
export async function dashboardLaunch(mon: TmuxMonitor, markers: MarkerWatch, box: NstopContainers, n: number, tag: string): Promise<LaunchSamples> {
  const form = (await import('../../src/ui/state/form.js')) as unknown as FormModule;
  const out = empty();
  const blank = form.newForm('x');
  const order = form.FIELD_ORDER;
  const formShown = (s: string) => s.includes(form.FIELD_LABELS['command'] ?? 'Command') && s.includes(form.FIELD_LABELS['attach'] ?? 'Mode');
  for (let i = 0; i < n; i++) {
    const name = `${tag}d${i}`;
    const command = `/bin/sh -c :>${markers.path(name)}`;
    try {
      mon.keys('a');
      await mon.waitScreen(formShown, 'the launch form', 20_000);
      let focus = blank.focus;
      const edits: [string, () => void][] = [
        ['name', () => (mon.keys(...Array(20).fill('BSpace')), mon.type(name))],
        ['command', () => (mon.keys(...Array(String(blank.fields['command'] ?? '').length + 2).fill('BSpace')), mon.type(command))],
        ['rootfs', () => mon.keys(...Array(String(blank.fields['rootfs'] ?? '').length + 2).fill('BSpace'))],
        ['attach', () => (blank.fields['attach'] === true ? mon.keys('Space') : undefined)],
      ];
      for (const [field, edit] of edits.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))) {
        const at = order.indexOf(field);
        if (at < 0) continue;
        const moves = (at - focus + order.length) % order.length;
        if (moves > 0) mon.keys(...Array(moves).fill('Down'));
        focus = at;
        edit();
      }
      await mon.waitScreen((s) => s.includes(name) && s.includes(markers.path(name).slice(-20)), 'the typed name and command', 20_000);
      box.names.push(name);
      const t0 = now();
      mon.keys('Enter');
      const t = await markers.wait(name);
      if (t === undefined) {
        out.failed++;
        out.note = `no marker; screen:\n${mon.screen()}`;
        mon.keys('Escape');
      } else out.ms.push(t - t0);
      await mon.waitScreen((s) => !formShown(s), 'the form to close', 20_000);
      await box.settled(name);
      await sleep(200 + Math.random() * 300);
    } catch (err) {
      out.failed++;
      out.note = (err as Error).message.split('\n').slice(0, 3).join(' ');
      mon.keys('Escape');
      await sleep(500);
    }
  }
  return out;
}
