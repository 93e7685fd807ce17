// The dashboard: only this module loads Ink and React (imported lazily by cli.ts).
// Exec and attached launches unmount Ink, hand the terminal to the container through a
// pty, then mount it again with the same UI state.
import { createElement } from 'react';
import { staticFactsFromSi, type StaticHostFacts } from '../host/host-facts.js';
import { createSampler } from '../sampler/sampler.js';
import { managedSource } from '../act/managed.js';
import { startReaper } from '../act/reaper.js';
import type { ActContext } from '../act/context.js';
import type { RuntimeRoots } from '../host/runtimes/record.js';
import type { UiState } from '../ui/state/types.js';
import type { SnapshotSource } from '../model/types.js';
import { createDashboardActions } from './dashboard-actions.js';
import { reaperFor } from './reaping.js';
import { configPath, loadConfig, saveConfig } from './dashboard-config.js';
import { MOUSE_OFF, MOUSE_ON } from '../ui/mouse.js';
import { traceMark } from '../ui/ink/frame-trace.js';
import { startFirstLook } from '../sampler/first-look.js';
import { takeEarlyLook } from './early-look.js';
import { startupHeapGrowth } from './heap-growth.js';
import { fdTableTarget } from '../host/kept-fds.js';
import { reserveFdTable } from '../../native/fd-table.js';

/** after the first snapshot, time enough for Ink to draw it */
const SI_AFTER_FIRST_MS = 500;

export type DashboardOptions = {
  procRoot: string;
  cgroupRoot: string;
  passwdPath: string;
  /** other runtimes' records (names, images, exits) */
  runtimeRoots?: RuntimeRoots;
  intervalMs: number;
  color: boolean;
  unicode: boolean;
  ctx: ActContext;
  /** root on the real /proc and /sys/fs/cgroup: actions allowed */
  writable: boolean;
  /** --interval was given: it wins over the saved setting for this run */
  intervalGiven?: boolean;
  /** read from elsewhere (--prometheus), not this host: no sampler, no actions */
  remote?: SnapshotSource & { start(): void; stop(): void };
};

/** How long the first tick waits for the look ahead before reading /proc itself. */
const FIRST_LOOK_WAIT_MS = 2000;

export async function runDashboard(o: DashboardOptions): Promise<number> {
  const heapGrowth = startupHeapGrowth();
  // the first sight of /proc, read on the other core while the modules below load
  // (started by the entry when the arguments said dashboard: early-look.ts)
  const firstLook = o.remote ? undefined : (takeEarlyLook(o.procRoot) ?? startFirstLook(o.procRoot, () => traceMark('look')));
  // the fd table grown once, on a pool thread, before the first tick keeps thousands open
  const fdTarget = o.remote ? undefined : fdTableTarget(o.procRoot);
  if (fdTarget !== undefined) reserveFdTable(fdTarget);
  const setup = await import('../ui/ink/setup.js');
  // loaded side by side: the loader's file reads of one overlap the others' compiling
  const [{ render }, ink, { Root }, { initialState }, { withSettings }, { liveReplay }] = await Promise.all([
    setup.importInk(),
    // NSTOP_FRAME_TRACE, the fast Output.get, and what of it failed (shown in the header)
    setup.setUpInk(process.env, { checkLater: true }),
    import('../ui/root.js'),
    import('../ui/state/reducer.js'),
    import('../ui/state/setup.js'),
    import('./live-replay.js'),
  ]);
  traceMark('modules');
  // F2's saved settings; a bad file: one line on the status line, the defaults
  const path = configPath();
  const config = loadConfig(path);
  let badFile = config.error !== undefined && config.found;
  const { intervalMs: savedMs, ...rest } = config.settings;
  const saved = savedMs !== undefined && !o.intervalGiven ? config.settings : rest;
  let ui: UiState | undefined = withSettings(initialState(), saved);
  if (config.error) ui = { ...ui, message: config.error };
  const intervalMs = ui.intervalMs ?? o.intervalMs;
  // Started after Ink and React load, not before: the first sample's synchronous reads
  // (chunks of ~40 ms at 10k processes) held up every one of the module loader's many
  // asynchronous steps, and the first frame came later, not sooner (measured).
  // deferIdentity: the first sample groups a big host from a cheap first sight.
  // systeminformation (the header's OS name) once the first frame is drawn: its module
  // and the programs it runs took the CPU from the first sample (the os module's facts
  // until then)
  let lateFacts: (f: Promise<StaticHostFacts>) => void = () => undefined;
  const hostFacts = new Promise<StaticHostFacts>((r) => (lateFacts = r));
  const sampler = o.remote ? undefined : createSampler({ ...o, intervalMs, hostFacts, managed: managedSource(o.ctx), deferIdentity: true, pidEvents: true, ...(firstLook ? { ahead: () => firstLook.reads(FIRST_LOOK_WAIT_MS) } : {}) });
  const firstSnapshot = sampler?.subscribe(() => {
    traceMark('sample');
    firstSnapshot?.();
    setTimeout(() => {
      heapGrowth();
      const note = ink.check?.();
      if (note !== undefined) {
        ink.note = note;
        app?.rerender(root());
      }
      lateFacts(staticFactsFromSi());
    }, SI_AFTER_FIRST_MS).unref();
  });
  const source = o.remote ?? sampler!;
  o.remote?.setInterval?.(intervalMs);
  source.start();
  // ended containers are reaped beside the sampler, never by it (a refresh only reads)
  const reaper = o.writable && sampler ? startReaper(o.ctx, reaperFor(sampler, intervalMs)) : undefined;
  let quit: () => void = () => undefined;
  const done = new Promise<void>((r) => (quit = r));
  let suspended = false;
  // mouse reporting (SGR): on while the dashboard shows, off on any way out (a crash too)
  let mouse = false;
  const setMouse = (on: boolean) => {
    if (on === mouse) return;
    mouse = on;
    process.stdout.write(on ? MOUSE_ON : MOUSE_OFF);
  };
  const mouseOff = () => setMouse(false);
  process.on('exit', mouseOff);
  // killed from elsewhere: the terminal must not stay in mouse mode; then the signal's
  // own default (once removes this listener first)
  const onSignal = (sig: NodeJS.Signals) => {
    mouseOff();
    process.kill(process.pid, sig);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  let app: ReturnType<typeof render> | undefined;
  // R: into the running recorder's recording and back (live-replay.ts); not for a remote source
  const replay = o.remote ? undefined : liveReplay(o.color, o.unicode, () => app?.rerender(root()));
  const root = () =>
    createElement(Root, {
        source, color: o.color, ...(ink.note ? { inkNote: ink.note } : {}), unicode: o.unicode, intervalMs: o.intervalMs, readOnly: !o.writable,
        onQuit: () => quit(), ...(actions ? { actions } : {}), ...(ui ? { initialUi: ui } : {}), onUiChange: (u: UiState) => (ui = u),
        configPath: path, onMouse: setMouse,
        onSettings: (settings) => {
          const said = saveConfig(path, settings, badFile);
          if (said.startsWith('settings saved')) badFile = false;
          return said;
        },
        ...replay?.props(),
      });
  const mount = () => {
    app = render(root(), { exitOnCtrlC: true });
    const mine = app;
    void mine.waitUntilExit().then(() => {
      if (!suspended) quit();
    });
  };
  const actions = sampler && createDashboardActions(o.ctx, sampler, async (run) => {
    suspended = true;
    app?.unmount();
    process.stdout.write('\x1b[2J\x1b[H');
    try {
      return await run();
    } finally {
      suspended = false;
      mount();
    }
  });
  mount();
  await done;
  reaper?.stop();
  replay?.close();
  source.stop();
  app?.unmount();
  mouseOff();
  process.off('exit', mouseOff);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
  return 0;
}
