// nstop's command line (loaded by the entry, src/cli.ts): parse arguments, then run a
// subcommand or the dashboard.
// Subcommands never import Ink/React (the dashboard is loaded lazily), so `nstop ls`
// starts fast.
import meow from 'meow';
import { UserError } from '../host/errors.js';
import { findContainer, lsOutput, nsOutput, psOutput, UsageError } from './commands.js';
import { commandHelp, HELP } from './help.js';
import { parseInterval, parsePid, parseRuntimeRoots, useColor, useUnicode } from './options.js';
import { DEFAULT_RUNTIME_ROOTS } from '../host/runtimes/record.js';
import { createSampler, type SamplerOptions } from '../sampler/sampler.js';
import { beginSnapshotCpu, withOneShotCpu } from '../sampler/one-shot-cpu.js';
import { createCgroupDriver } from '../host/cgroup/index.js';
import { hostSizes } from '../../native/sysconf.js';
import { ACT_COMMANDS, ACT_FLAGS, actCommand, contextFrom } from './act-dispatch.js';
import { managedSource } from '../act/managed.js';
import { reapEnded } from '../act/reap.js';
import { startReaper } from '../act/reaper.js';
import { reaperFor } from './reaping.js';
import { valuesAsTyped } from './argv.js';
import { processTitle } from './process-title.js';
import { RECORD_COMMANDS, recordingCommand } from './record-flags.js';
import { FLAGS, RECORD_FLAGS } from './flags.js';

// Everything after the first "--" is the container's command, never nstop's options.
const dashdash = process.argv.indexOf('--', 2);
const ownArgv = valuesAsTyped(dashdash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashdash));
const commandArgv = dashdash === -1 ? undefined : process.argv.slice(dashdash + 1);

const cli = meow(HELP, {
  importMeta: import.meta,
  argv: ownArgv,
  allowUnknownFlags: true,
  // --help is per command (nstop run --help): handled in main, not by meow
  autoHelp: false,
  flags: FLAGS,
});
process.title = processTitle(cli.input[0], process.argv.slice(2));


async function main(): Promise<number> {
  const [command = 'top', ...args] = cli.input;
  const f = cli.flags;
  // meow's own unknown-flag message spans two lines: say it in one
  const known = new Set(['help', 'h', 'interval', 'procRoot', 'cgroupRoot', 'passwd', 'color', 'json', 'type', 'pid', 't', 'p', 'runtimeRoot', 'listen', 'allowRemote', 'prometheus', ...ACT_FLAGS, ...Object.keys(RECORD_FLAGS)]);
  const unknown = Object.keys(f).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]!.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} (see nstop --help)`);
  // nstop help [CMD], nstop [CMD] --help: on stdout, exit 0, nothing else done
  if (command === 'help' || f.help) {
    const about = command === 'help' ? args : [command];
    if (about.length > 1) throw new UsageError('usage: nstop help [CMD]');
    process.stdout.write(about.length === 0 || about[0] === 'top' ? `${cli.help}\n` : commandHelp(about[0]!));
    return 0;
  }
  // the recorder's options mean nothing elsewhere: refused, not ignored
  const recordFlag = Object.keys(RECORD_FLAGS).find((k) => (f as Record<string, unknown>)[k] !== undefined);
  if (recordFlag && !RECORD_COMMANDS.has(command) && !(command === 'events' && f.since !== undefined)) {
    throw new UsageError(`--${recordFlag.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} does not apply to nstop ${command === 'events' ? 'events without --since' : command}`);
  }
  // and serve's likewise
  const serveFlag = f.listen !== undefined ? 'listen' : f.allowRemote ? 'allow-remote' : undefined;
  if (serveFlag && command !== 'serve') throw new UsageError(`--${serveFlag} does not apply to nstop ${command}`);
  const intervalMs = parseInterval(f.interval);
  // nstop's own containers join the list; reaping ended ones needs root and the real trees
  const realTrees = f.procRoot === '/proc' && f.cgroupRoot === '/sys/fs/cgroup';
  // other runtimes' records name their containers: this host's, or the roots given
  const runtimeRoots = parseRuntimeRoots(f.runtimeRoot, realTrees ? DEFAULT_RUNTIME_ROOTS : undefined);
  const base = { procRoot: f.procRoot, cgroupRoot: f.cgroupRoot, passwdPath: f.passwd, ...(runtimeRoots ? { runtimeRoots } : {}) };
  // many hosts through Prometheus (src/fleet/): the dashboard and ls, read-only
  if (f.prometheus !== undefined) {
    const { FLEET_COMMANDS, fleetLs, fleetSource } = await import('./fleet-command.js');
    if (!FLEET_COMMANDS.has(command) || args.length > 0) throw new UsageError(`--prometheus applies to nstop and nstop ls only`);
    if (command === 'ls') return fleetLs(f.prometheus, intervalMs, f.json);
    const remote = fleetSource(f.prometheus, intervalMs);
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError('the dashboard needs a terminal; for scripts use nstop ls --prometheus URL --json');
    process.env['NODE_ENV'] ??= 'production';
    const { runDashboard } = await import('./dashboard.js');
    const intervalGiven = process.argv.some((a) => a === '--interval' || a.startsWith('--interval='));
    return runDashboard({ ...base, intervalMs, intervalGiven, color: useColor(f.color), unicode: useUnicode(), ctx: contextFrom(f, base), writable: false, remote });
  }
  const ctx = realTrees || f.stateDir !== undefined ? contextFrom(f, base) : undefined;
  const managed = ctx ? managedSource(ctx) : undefined;
  const reapable = ctx && realTrees && process.getuid?.() === 0 ? ctx : undefined;
  /** Rates need two samples; CPU % is measured between them, each counter timed where
   *  it is read, over whole CFS periods (sampler/cpu-window.ts). `ps NAME`: its
   *  processes are measured too. */
  const twoSamples = async (psName?: string) => {
    // an act step before the listing, so a container that ended shows stopped with its
    // exit status (the listing itself only reads)
    if (reapable) await reapEnded(reapable);
    const sampler = createSampler({ ...base, intervalMs, watchEvents: false, ...(managed ? { managed } : {}) });
    sampler.setDemand({ processStats: 'all' });
    const first = await sampler.sample();
    const driver = createCgroupDriver(f.cgroupRoot);
    const processesOf = psName === undefined ? [] : [first].flatMap((s) => { try { return [findContainer(s, psName)]; } catch { return []; } });
    const cpu = beginSnapshotCpu(first, { driver, procRoot: f.procRoot, clockTicks: hostSizes().clockTicks, processesOf });
    // the second sample inside the window, not after it: `ls` waits for the longer of the two
    const second = await sampler.sample();
    const figures = await cpu.end();
    driver.close();
    return withOneShotCpu(second, figures);
  };
  switch (command) {
    case 'top': {
      if (args.length > 0) throw new UsageError(`unknown command "${args[0]}" (see nstop --help)`);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('the dashboard needs a terminal; for scripts use nstop ls, ns or ps (--json)');
      }
      // React's development build checks every render (several times the CPU per frame);
      // it reads NODE_ENV when first imported, which is here. NODE_ENV=development still works.
      process.env['NODE_ENV'] ??= 'production';
      const { runDashboard } = await import('./dashboard.js');
      const writable = realTrees && process.getuid?.() === 0;
      // a saved F2 interval applies unless --interval is given
      const intervalGiven = process.argv.some((a) => a === '--interval' || a.startsWith('--interval='));
      return runDashboard({ ...base, intervalMs, intervalGiven, color: useColor(f.color), unicode: useUnicode(), ctx: contextFrom(f, base), writable });
    }
    case 'ls':
      // per-process stat too: containers without a cpu cgroup of their own sum their processes
      process.stdout.write(lsOutput(await twoSamples(), f.json));
      return 0;
    case 'ns': {
      const pid = parsePid(f.pid);
      const s = await createSampler({ ...base, intervalMs, watchEvents: false }).sample();
      process.stdout.write(nsOutput(s, f.json, f.type, pid));
      return 0;
    }
    case 'ps': {
      const name = args[0];
      if (!name) throw new UsageError('usage: nstop ps NAME [--json]');
      process.stdout.write(psOutput(await twoSamples(name), name, f.json));
      return 0;
    }
    case 'events': {
      // --since: what a recorder kept (nstop record), not a live stream
      if (f.since !== undefined) return recordingCommand(command, args, f, ownArgv, (ms: number, more?: Partial<SamplerOptions>) => createSampler({ ...base, intervalMs: ms, ...more, ...(managed ? { managed } : {}) }), reapable);
      const { eventsCommand } = await import('./events-command.js');
      const sampler = createSampler({ ...base, intervalMs, ...(managed ? { managed } : {}) });
      // ended containers are reaped beside the sampler: their exit shows in the stream
      const reaper = reapable ? startReaper(reapable, reaperFor(sampler, intervalMs)) : undefined;
      try {
        return await eventsCommand(sampler, args, f.json);
      } finally {
        reaper?.stop();
      }
    }
    case 'serve': {
      if (args.length > 0) throw new UsageError('usage: nstop serve [--listen HOST:PORT] [--allow-remote]');
      const { HEADLESS_NODE, withHeadlessNode } = await import('./headless-node.js');
      withHeadlessNode(HEADLESS_NODE.serve);
      const { serveCommand } = await import('./serve-command.js');
      const { DEFAULT_LISTEN } = await import('../serve/listen.js');
      return serveCommand({ ...base, intervalMs, ...(managed ? { managed } : {}), listen: f.listen ?? DEFAULT_LISTEN, allowRemote: f.allowRemote });
    }
    default:
      if (RECORD_COMMANDS.has(command)) return recordingCommand(command, args, f, ownArgv, (ms: number, more?: Partial<SamplerOptions>) => createSampler({ ...base, intervalMs: ms, ...more, ...(managed ? { managed } : {}) }), reapable);
      if (ACT_COMMANDS.has(command)) return actCommand(command, args, commandArgv, f, base);
      throw new UsageError(`unknown command "${command}" (see nstop --help)`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // nstop's own errors (usage, parse, act, image) are one escaped line with their exit
    // code (usage 2, else 125: run/exec pass the command's code through); anything else is
    // a bug, shown with its stack
    const known = err instanceof UserError;
    process.stderr.write(`nstop: ${known ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = known ? err.exitCode : 1;
  },
);
