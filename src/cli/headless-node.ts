// The node a headless command runs on. The CLI's #! line carries the dashboard's flags
// (README, Memory); `nstop serve` and `nstop record` run for days without a screen and
// want others, which V8 and glibc fix when the process starts. So such a command starts
// node again with its own set (execv: same pid, same stdio: a service manager and a
// Prometheus scrape config keep pointing at it); where that fails it runs with the
// flags it has, only costlier.
//
// serve: a young generation of 16 MB and no memory reducer. Each scrape allocates a
// sample's worth of short-lived objects, which a 2 MB young generation promoted into
// old-space collections, and the memory reducer collected again while serve sat idle
// between scrapes.
//
// record: one sample every few seconds, its resident set held for days (src/README.md,
// "The recorder's node"). No TurboFan (--no-opt): its compiler's code pages stay
// untouched and no function is compiled again and again on a worker thread; the hot
// loops run as Sparkplug code. No V8 worker threads (--v8-pool-size=0, --single-threaded:
// GC and compiling on the main thread, which did them anyway with --single-threaded-gc)
// and one malloc arena (MALLOC_ARENA_MAX=1, for glibc, read when the new image starts),
// so no thread keeps a heap of its own. --optimize-for-size: V8 favours memory over
// speed where it has the choice (its heap grows less past its live data). The #! line's
// young generation, growing factor and interrupt budget stay: a 1 MB young generation
// gave no lower peak side by side and promotes more of a sample's garbage (the grouping
// rebuilt whenever a process came or went) into old space.
import { execv } from '../../native/exec.js';

export type HeadlessNode = {
  /** node's flags in place of the #! line's (REPLACED) */
  flags: readonly string[];
  /** set in the environment for the new image unless already set there */
  env?: Readonly<Record<string, string>>;
};

export const HEADLESS_NODE = {
  serve: { flags: ['--max-semi-space-size=16', '--no-memory-reducer'] },
  record: {
    flags: ['--max-semi-space-size=2', '--heap-growing-percent=30', '--interrupt-budget=1081344', '--no-opt', '--optimize-for-size', '--single-threaded', '--v8-pool-size=0'],
    env: { MALLOC_ARENA_MAX: '1' },
  },
} as const satisfies Record<string, HeadlessNode>;

/** the #! line's memory and JIT flags, which a command's set replaces */
const REPLACED = /^--(max-semi-space-size|heap-growing-percent|single-threaded-gc|interrupt-budget)(=|$)/;

/** node's argv for these flags, or undefined when this process runs with them already. */
export function headlessArgv(node: HeadlessNode, execPath: string, execArgv: readonly string[], argv: readonly string[]): string[] | undefined {
  if (node.flags.every((f) => execArgv.includes(f))) return undefined;
  return [execPath, ...execArgv.filter((a) => !REPLACED.test(a) && !node.flags.includes(a)), ...node.flags, ...argv.slice(1)];
}

/** The environment's additions for the new image: what the user set stays theirs. */
export function headlessEnv(node: HeadlessNode, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.env ?? {})) if (env[k] === undefined) out[k] = v;
  return out;
}

export function withHeadlessNode(node: HeadlessNode): void {
  const argv = headlessArgv(node, process.execPath, process.execArgv, process.argv);
  if (!argv) return;
  // process.env writes go to the C environment (setenv), which execv hands on
  const added = headlessEnv(node, process.env);
  Object.assign(process.env, added);
  try {
    execv(process.execPath, argv);
  } catch {
    // only costlier: run as this process is
    for (const k of Object.keys(added)) delete process.env[k];
  }
}
