// The dashboard's actions on the Act layer. Each resolves to the status-line message or
// rejects with a one-line error (a UserError: ActError, ImageError), which the status
// line shows as the CLI would print it; exec and attached launches hand the terminal
// over (suspend) and the dashboard comes back where it was.
import os from 'node:os';
import { openPty } from '../../native/pty.js';
import type { ActContext } from '../act/context.js';
import { ActError } from '../act/errors.js';
import { startExec } from '../act/exec.js';
import { SIGKILL, parseSignal, signalProcess } from '../act/kill.js';
import { changeLimits, forget, signalContainer } from '../act/control.js';
import { launch } from '../act/launch.js';
import { demoRootfs, demoSpec } from '../act/demo.js';
import { tailLines } from '../act/log-tail.js';
import { hasLimits, parseLimits, type LimitFlags } from '../act/limits.js';
import { foreignNote, foreignRef, setForeignLimits } from '../act/foreign-limits.js';
import { isAlive, startTimeOf } from '../act/liveness.js';
import { reap } from '../act/reap.js';
import { relay } from '../act/relay.js';
import type { ContainerState } from '../act/state.js';
import type { ContainerRow, SnapshotSource } from '../model/types.js';
import type { ActionRequest, DashboardActions, LaunchFields, UiTarget } from '../ui/actions.js';
import { runSpecFrom } from './run-command.js';
import { resolveRoot, rootChoice } from '../act/image-root.js';

export type Suspend = (run: () => Promise<number>) => Promise<number>;

const LIMIT_KEYS: Record<string, keyof LimitFlags> = { memory: 'memory', mem: 'memory', swap: 'swap', pids: 'pids', cpus: 'cpus', weight: 'cpuWeight', 'cpu-weight': 'cpuWeight' };

/** "memory=128M pids=50" -> flags; unknown keys are an error. */
export function parseLimitText(text: string): LimitFlags {
  const out: LimitFlags = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const [k, v] = part.split('=');
    const key = LIMIT_KEYS[k ?? ''];
    if (!key || v === undefined || v === '') throw new ActError(`"${part}": use memory=, swap=, pids=, cpus= or weight= with a value`);
    out[key] = v;
  }
  return out;
}

export function launchFlags(f: LaunchFields) {
  return {
    name: f.name.trim(),
    ns: f.ns.length > 0 ? f.ns.join(',') : 'none',
    ...(f.net.trim() ? { net: f.net.trim() } : {}),
    ...(f.hostname.trim() ? { hostname: f.hostname.trim() } : {}),
    ...(f.memory.trim() ? { memory: f.memory.trim() } : {}),
    ...(f.pids.trim() ? { pids: f.pids.trim() } : {}),
    ...(f.cpus.trim() ? { cpus: f.cpus.trim() } : {}),
    env: [],
    detach: !f.attach,
  };
}

export function createDashboardActions(ctx: ActContext, source: SnapshotSource, suspend: Suspend): DashboardActions {
  const launched = new Set<string>();
  const stateOf = (t: UiTarget): ContainerState => {
    const st = ctx.store.read(t.name);
    if (!st) throw new ActError(`${t.name}: not a container nstop started`);
    return st;
  };
  const liveState = (t: UiTarget): ContainerState => {
    const st = stateOf(t);
    if (!isAlive(st.pid, st.startTime, ctx.procRoot)) throw new ActError(`${t.name} is not running`);
    return st;
  };
  /** another runtime's container as the sampler last saw it, by id (names repeat) */
  const foreignRow = (t: UiTarget): ContainerRow => {
    const row = source.current()?.containers.find((c) => c.runtime !== 'nstop' && (t.id !== undefined ? c.id === t.id : c.name === t.name));
    if (!row) throw new ActError(`${t.name}: no longer listed`);
    return row;
  };
  const setLimits = (t: UiTarget, flags: LimitFlags, what: string): string => {
    const change = parseLimits(flags, os.totalmem());
    if (!hasLimits(change)) throw new ActError('nothing to set: e.g. memory=128M pids=50');
    if (!t.managed) {
      // as `nstop set` does: its cgroup files, refused whole for a stopped or shared one;
      // the status line carries the note the CLI prints first
      const row = foreignRow(t);
      const ref = foreignRef(ctx, row, change);
      setForeignLimits(ctx, row, ref, change);
      return `${t.name}: ${what}; ${foreignNote(row).replace(/^note: /, '')}`;
    }
    changeLimits(ctx, liveState(t), change);
    return `${t.name}: ${what}`;
  };
  /** the limit a nudge starts from: nstop's own state file, or another runtime's group */
  const limitNow = (t: UiTarget, field: 'memory' | 'pids'): number | undefined => {
    if (t.managed) return liveState(t).limits[field];
    const row = foreignRow(t);
    const ref = foreignRef(ctx, row, field === 'memory' ? { memory: 0 } : { pids: 0 });
    const stats = ctx.driver.readStats(ref);
    return field === 'memory' ? stats.memory.max : stats.pids.max;
  };

  async function signalOne(t: UiTarget, sig: number, name: string): Promise<string> {
    if (t.kind === 'process') {
      // the row's pid may have been reused since it was shown
      if (t.starttime !== undefined && startTimeOf(t.pid!, ctx.procRoot) !== t.starttime) throw new ActError(`${t.name} already exited`);
      if (!signalProcess(t.pid!, sig)) throw new ActError(`pid ${t.pid} already exited`);
      return `sent ${name} to ${t.name}`;
    }
    if (t.managed) {
      await signalContainer(ctx, liveState(t), sig);
      return `${t.name}: ${name} sent to every process`;
    }
    // by id: another runtime may have a container of the same name
    const row = source.current()?.containers.find((c) => (t.id !== undefined ? c.id === t.id : c.name === t.name));
    const n = (row?.pids ?? []).filter((pid) => signalProcess(pid, sig)).length;
    return `${t.name}: ${name} sent to ${n} process(es)`;
  }

  /** An action changed limits or state: the rows on screen are read in full next tick
   *  (the sampler would otherwise keep an idle row's last figures for a few ticks). */
  async function perform(r: ActionRequest): Promise<string> {
    try {
      return await act(r);
    } finally {
      source.changed?.();
    }
  }

  async function act(r: ActionRequest): Promise<string> {
    switch (r.type) {
      case 'kill': {
        const sig = parseSignal(r.signal);
        const name = r.signal.toUpperCase();
        if (r.targets.length === 1) return signalOne(r.targets[0]!, sig, name);
        // tagged rows: one that fails (exited meanwhile) does not spare the others
        let failed = 0;
        for (const t of r.targets) await signalOne(t, sig, name).catch(() => failed++);
        return `${name} sent to ${r.targets.length - failed} of ${r.targets.length} ${r.targets[0]?.kind === 'process' ? 'processes' : 'containers'}`;
      }
      case 'set': {
        const flags = parseLimitText(r.text);
        return setLimits(r.target, flags, Object.entries(flags).map(([k, v]) => `${k} ${v}`).join(', '));
      }
      case 'nudge': {
        const now = limitNow(r.target, r.field);
        if (now === undefined || now === Infinity) throw new ActError(`${r.target.name} has no ${r.field} limit to nudge: set one with L`);
        const next = Math.max(r.field === 'memory' ? 4 * 2 ** 20 : 1, now + r.step);
        const text = r.field === 'memory' ? `${Math.round(next / 2 ** 20)}M` : String(next);
        return setLimits(r.target, { [r.field]: text }, `${r.field} ${text}`);
      }
      case 'freeze': {
        const st = liveState(r.target);
        const thaw = r.target.status === 'paused';
        await ctx.driver.setFrozen(st.cgroup, !thaw);
        return `${r.target.name}: ${thaw ? 'thawed' : 'frozen'}`;
      }
      case 'rm': {
        await forget(ctx, r.target.name, false);
        return `${r.target.name}: removed`;
      }
      case 'exec': {
        const t = r.target;
        const st = t.managed ? liveState(t) : undefined;
        const pid = st?.pid ?? t.pid!;
        const code = await suspend(async () => {
          const pty = openPty();
          const started = await startExec(ctx, { pid, ...(st ? { state: st } : {}), command: ['/bin/sh'], env: [] }, { kind: 'pty', slavePath: pty.slavePath });
          return relay(started.child, pty.master);
        });
        return `left ${t.name} (exit ${code})`;
      }
      case 'run': {
        const flags = launchFlags(r.fields);
        const command = r.fields.command.trim().split(/\s+/).filter(Boolean);
        runSpecFrom(flags, command); // bad input first, before an image is built or imported
        const root = await resolveRoot(ctx.images, rootChoice(r.fields.rootfs));
        const { spec } = runSpecFrom({ ...flags, ...(root.rootfs !== undefined ? { rootfs: root.rootfs } : {}) }, command, root.image);
        if (spec.detached) {
          const l = await launch(spec, ctx, { kind: 'log' });
          l.child.unref();
          launched.add(spec.name);
          return `launched ${spec.name} (pid ${l.state.pid}, detached)`;
        }
        launched.add(spec.name);
        const code = await suspend(async () => {
          const pty = openPty();
          const l = await launch(spec, ctx, { kind: 'pty', slavePath: pty.slavePath });
          const c = await relay(l.child, pty.master);
          await reap(ctx, spec.name);
          return c;
        });
        return `${spec.name} exited (${code})`;
      }
      case 'demo': {
        const spec = demoSpec(r.kind, r.name, demoRootfs());
        const l = await launch(spec, ctx, { kind: 'log' });
        l.child.unref();
        launched.add(spec.name);
        // the limits demoSpec set, CPU included: the bomb's is what keeps the host usable
        return `${spec.name}: ${r.kind === 'munch' ? 'eating memory under 64M, swap 0' : 'forking under pids 64'}, half a CPU (k signals it)`;
      }
      case 'quit': {
        if (r.killLaunched) for (const name of api.launchedLive()) await signalContainer(ctx, stateOf({ kind: 'container', name, managed: true }), SIGKILL);
        return '';
      }
    }
  }

  const api: DashboardActions = {
    perform,
    logTail: (name, lines) => tailLines(ctx.store.logPath(name), lines),
    launchedLive: () =>
      [...launched].filter((name) => {
        const st = ctx.store.read(name);
        return st !== undefined && isAlive(st.pid, st.startTime, ctx.procRoot);
      }),
  };
  return api;
}
