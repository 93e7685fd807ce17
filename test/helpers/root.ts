// Guards for tests that need root or a tool: they skip with a printed reason, never
// pass silently.
import { spawnSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** Installs a Debian package when the tool is missing (root only); returns why not, or undefined. */
export function ensureTool(tool: string, pkg = tool): string | undefined {
  if (which(tool)) return undefined;
  if (!isRoot) return `${tool} is not installed and installing it needs root`;
  const r = spawnSync('sh', ['-c', `apt-get install -y -qq ${pkg} >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq ${pkg} >/dev/null 2>&1)`], { stdio: 'ignore', timeout: 300_000 });
  return r.status === 0 && which(tool) ? undefined : `${tool} is missing and apt-get install ${pkg} failed`;
}

export function skipReason(...reasons: (string | false | undefined)[]): string | undefined {
  const r = reasons.find((x): x is string => typeof x === 'string' && x.length > 0);
  if (r) console.log(`# skipped: ${r}`);
  return r;
}
