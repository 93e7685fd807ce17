// Guards for tests that need root or a tool: they skip with a printed reason, never
// pass silently.
import { spawnSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** Why a test cannot run without `tool`, or undefined when it is there. Tests never
 *  install anything: test/setup.sh (run by `npm test` before the tests) does, as root. */
export function requireTool(tool: string, pkg = tool): string | undefined {
  return which(tool) ? undefined : `${tool} is not installed (Debian package ${pkg}; test/setup.sh installs it as root)`;
}

export function skipReason(...reasons: (string | false | undefined)[]): string | undefined {
  const r = reasons.find((x): x is string => typeof x === 'string' && x.length > 0);
  if (r) console.log(`# skipped: ${r}`);
  return r;
}
