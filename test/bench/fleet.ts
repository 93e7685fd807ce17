// node dist/test/bench/fleet.js [--size 10000] [--per-container 50] [--refreshes 20]
// (root): `nstop --prometheus`'s source (src/fleet/) on the bench's load (load.ts, shape
// own: 200 containers of 50 processes at 10,000) as Prometheus (Debian's, 127.0.0.1, 2 s
// scrapes, storage in a temp dir) sees it through `nstop serve`: CPU of this process per
// refresh (the two queries, their JSON, the rows) and of Prometheus per refresh.
// Reports; never asserts. The load, serve and Prometheus are stopped and removed in
// finally and on a signal (cleanup.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prometheusSource } from '../../src/fleet/prometheus-source.js';
import { freePort } from '../helpers/children.js';
import { cleanupAll, onCleanup, runBench } from './cleanup.js';
import { standAloneLoad } from './load.js';
import { nodeFlags } from './node-flags.js';
import { CLK_TCK, readStat } from './proc.js';
import { log, numArg, sleep } from './util.js';

async function main(): Promise<number> {
  const size = numArg('--size', 10000);
  const per = numArg('--per-container', 50);
  const refreshes = numArg('--refreshes', 20);
  const cli = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../src/cli.js');
  const made = await standAloneLoad('fleet', size, per);
  if (!made) return 2;
  const { containers, load } = made;
  const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-bench-fleet-'));
  onCleanup(`remove ${tmp}`, () => rmSync(tmp, { recursive: true, force: true }));
  try {
    const servePort = await freePort();
    const serve = spawn(process.execPath, [...nodeFlags(cli), cli, 'serve', '--listen', `127.0.0.1:${servePort}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    onCleanup(`nstop serve ${serve.pid}`, () => void serve.kill('SIGKILL'));
    const promPort = await freePort();
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n  - job_name: nstop\n    static_configs:\n      - targets: ['127.0.0.1:${servePort}']\n`);
    const prom = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(tmp, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
    onCleanup(`prometheus ${prom.pid}`, () => void prom.kill('SIGKILL'));
    const source = prometheusSource(new URL(`http://127.0.0.1:${promPort}/`), 1000);
    let rows = 0;
    for (let i = 0; rows < containers; i++) {
      if (i > 600) throw new Error(`Prometheus did not show ${containers} containers in 5 min (last: ${rows})`);
      rows = await source.refresh().then((s) => s.containers.filter((c) => c.stats?.memory.current !== undefined).length, () => 0);
      await sleep(500);
    }
    for (let run = 1; run <= 2; run++) {
      const c0 = process.cpuUsage();
      const p0 = readStat(prom.pid!)?.ticks ?? NaN;
      for (let i = 0; i < refreshes; i++) rows = (await source.refresh()).containers.length;
      const c = process.cpuUsage(c0);
      const promMs = (((readStat(prom.pid!)?.ticks ?? NaN) - p0) * 1000) / CLK_TCK / refreshes;
      log(`run ${run}: ${rows} rows; source ${((c.user + c.system) / 1000 / refreshes).toFixed(1)} ms CPU a refresh; Prometheus ~${promMs.toFixed(1)} ms a refresh (its scrapes included)`);
    }
    return 0;
  } finally {
    load.teardown();
    cleanupAll();
  }
}

runBench('fleet', main);
