// nstop serve runs node with a young generation of 16 MB and without V8's memory reducer,
// not the dashboard's 2 MB (the CLI's #! line): each scrape allocates a sample's worth of
// short-lived objects, which a 2 MB young generation promoted into old-space collections,
// and the memory reducer collected again while serve sat idle between scrapes. V8 fixes
// these when it starts, so serve starts node again with them (execv: same pid, same
// stdio); where that fails it serves with the flags it has.
import { execv } from '../../native/exec.js';

export const SERVE_NODE_FLAGS = ['--max-semi-space-size=16', '--no-memory-reducer'] as const;
/** the #! line's memory flags, which SERVE_NODE_FLAGS replace */
const REPLACED = /^--(max-semi-space-size|heap-growing-percent|single-threaded-gc|interrupt-budget)(=|$)/;

/** node's argv for serve's flags, or undefined when this process runs with them already. */
export function serveArgv(execPath: string, execArgv: readonly string[], argv: readonly string[]): string[] | undefined {
  if (SERVE_NODE_FLAGS.every((f) => execArgv.includes(f))) return undefined;
  return [execPath, ...execArgv.filter((a) => !REPLACED.test(a)), ...SERVE_NODE_FLAGS, ...argv.slice(1)];
}

export function withServeNodeFlags(): void {
  const argv = serveArgv(process.execPath, process.execArgv, process.argv);
  if (!argv) return;
  try {
    execv(process.execPath, argv);
  } catch {
    // only slower: serve as this process is
  }
}
