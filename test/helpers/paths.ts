// Tests run compiled from dist/test/...; fixtures stay in the source tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'fixtures'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repo root not found from ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const repoRoot = findRepoRoot();
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const fixture = (...parts: string[]): string => join(fixturesDir, ...parts);

/** spawnSync's output limit for a CLI run: `nstop ls --json` on a host with hundreds of
 *  containers outgrows the default 1 MiB, and the test fails for the host, not nstop. */
export const CLI_OUTPUT_MAX = 64 * 2 ** 20;
