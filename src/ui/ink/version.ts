// Which Ink this is. nstop reaches past Ink's exports in two places (Output.prototype.get
// in install-fast-output.ts, useStdin's internal_eventEmitter in input-events.ts): both
// are private to Ink and may change in any release, so they are used only on the exact
// version package.json pins, and anything else says so instead of guessing.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Pkg = { name?: string; version?: string; dependencies?: Record<string, string> };

/** Ink's own package.json directory (node_modules/ink), as Node resolves 'ink' from here. */
export function inkDir(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('ink'))), '..');
}

/** The version of the Ink that `import 'ink'` loads. */
export function installedInkVersion(): string {
  return (JSON.parse(readFileSync(join(inkDir(), 'package.json'), 'utf8')) as Pkg).version ?? '?';
}

/** The "ink" pin of nstop's package.json ("6.8.0"): the first package.json named nstop
 *  above this file (src/ui/ink in a checkout, dist/src/ui/ink once built). */
export function pinnedInkVersion(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg;
      if (pkg.name === 'nstop') return pkg.dependencies?.['ink'] ?? '?';
    } catch {
      // no package.json here: look higher
    }
    if (dirname(dir) === dir) return '?';
  }
}

/** Why Ink's internals must not be used, or undefined when `installed` is the pin exactly
 *  (a range like "^6.8.0" in package.json never matches: the pin must be exact). */
export function inkVersionMismatch(installed: string, pinned: string): string | undefined {
  return installed === pinned ? undefined : `version ${installed} ≠ ${pinned}`;
}
