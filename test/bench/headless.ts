// `npm run bench`'s headless part: `nstop serve` (serve.ts) and `nstop record` (record.ts)
// at 10,000 processes in 200 containers, each with its own load, one after the other,
// their lines printed as they come with the targets of issues 22 and 23 beside them.
// `--headless serve,record` (default) or `--headless none`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { log } from './util.js';

export const HEADLESS = ['serve', 'record'] as const;

const TARGETS: Record<string, string> = {
  serve: 'targets (issue 22): one scrape <= 50 ms CPU, idle <= 1 % of a core, <= 40 series a container',
  record: 'targets (issue 23): <= 1 % of a core, <= 80 MB RSS at 5 s; 24 h of 200 containers <= 150 MB',
};

export function runHeadless(which: readonly string[], here: string): void {
  for (const w of which) {
    if (!(HEADLESS as readonly string[]).includes(w)) continue;
    log(`nstop ${w} at 10,000 processes in 200 containers; ${TARGETS[w]}`);
    // its own process: its load, its cleanup handlers, its exit code
    const r = spawnSync(process.execPath, [join(here, `${w}.js`)], { stdio: 'inherit', timeout: 10 * 60_000 });
    if (r.status !== 0) log(`bench ${w} ended ${r.status ?? r.signal}`);
  }
}
