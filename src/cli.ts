#!/usr/bin/env node
// nstop's entry point: parse arguments, then run a subcommand or the dashboard.
// Subcommands never import Ink/React (the dashboard is loaded lazily), so `nstop ls`
// starts fast.
import meow from 'meow';
import { ParseError } from './host/errors.js';
import { lsOutput, nsOutput, psOutput, UsageError } from './cli/commands.js';
import { HELP } from './cli/help.js';
import { parseInterval, parsePid, useColor, useUnicode } from './cli/options.js';
import { createSampler } from './sampler/sampler.js';

const cli = meow(HELP, {
  importMeta: import.meta,
  allowUnknownFlags: true,
  flags: {
    interval: { type: 'string', default: '1s' },
    procRoot: { type: 'string', default: '/proc' },
    cgroupRoot: { type: 'string', default: '/sys/fs/cgroup' },
    passwd: { type: 'string', default: '/etc/passwd' },
    color: { type: 'boolean', default: true },
    json: { type: 'boolean', default: false },
    type: { type: 'string', shortFlag: 't' },
    pid: { type: 'string', shortFlag: 'p' },
  },
});

/** Rates (cpu %) need two samples; the CLI waits this long between them. */
const RATE_WINDOW_MS = 250;

async function main(): Promise<number> {
  const [command = 'top', ...args] = cli.input;
  const f = cli.flags;
  // meow's own unknown-flag message spans two lines: say it in one
  const known = new Set(['interval', 'procRoot', 'cgroupRoot', 'passwd', 'color', 'json', 'type', 'pid', 't', 'p']);
  const unknown = Object.keys(f).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]!.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} (see nstop --help)`);
  const intervalMs = parseInterval(f.interval);
  const base = { procRoot: f.procRoot, cgroupRoot: f.cgroupRoot, passwdPath: f.passwd };
  const twoSamples = async () => {
    const sampler = createSampler({ ...base, intervalMs });
    sampler.setDemand({ processStats: 'all' });
    await sampler.sample();
    await new Promise((r) => setTimeout(r, RATE_WINDOW_MS));
    return sampler.sample();
  };
  switch (command) {
    case 'top': {
      if (args.length > 0) throw new UsageError(`unknown command "${args[0]}" (see nstop --help)`);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('the dashboard needs a terminal; for scripts use nstop ls, ns or ps (--json)');
      }
      const { runDashboard } = await import('./cli/dashboard.js');
      return runDashboard({ ...base, intervalMs, color: useColor(f.color), unicode: useUnicode() });
    }
    case 'ls':
      // per-process stat too: containers without a cpu cgroup of their own sum their processes
      process.stdout.write(lsOutput(await twoSamples(), f.json));
      return 0;
    case 'ns': {
      const pid = parsePid(f.pid);
      const s = await createSampler({ ...base, intervalMs }).sample();
      process.stdout.write(nsOutput(s, f.json, f.type, pid));
      return 0;
    }
    case 'ps': {
      const name = args[0];
      if (!name) throw new UsageError('usage: nstop ps NAME [--json]');
      process.stdout.write(psOutput(await twoSamples(), name, f.json));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (see nstop --help)`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof ParseError;
    process.stderr.write(`nstop: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
