// `nstop serve` scraped by a real Prometheus (Debian's 2.42, test/setup.sh installs it):
// Prometheus on 127.0.0.1 with its own storage in a temp dir scrapes nstop serve every
// second while three containers run: a CPU-capped busy loop (steady memory), munch under
// 32M (OOM-killed) and the fork bomb under pids.max 32 (CPU and memory limits set
// first). Then Prometheus's HTTP API must say what nstop says: the working set within
// 10 % of `nstop ls --json`, the OOM and pids.max counters risen, the CPU rate within the
// cap; `promtool check metrics` passes on /metrics; /api/v1/events streams the kill.
// Everything started here is stopped by pid and removed afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, startLogged } from '../helpers/children.js';
import { untilAsync } from '../helpers/until.js';
import { actHarness, cli, type ActHarness } from '../helpers/act.js';
import { repoRoot } from '../helpers/paths.js';
import { isRoot, requireTool, skipReason } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';

const skip = skipReason(
  !isRoot && 'needs root (containers with limits)',
  isRoot && requireTool('prometheus'),
  isRoot && requireTool('promtool', 'prometheus'),
  isRoot && requireTool('busybox', 'busybox-static'),
);
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-srv');
const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-srv-'));
const rootfs = join(tmp, 'rootfs');
const started: ChildProcess[] = [];
let events: ClientRequest | undefined;

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type PromResult = { metric: Record<string, string>; value: [number, string] };
let promPort = 0;
let servePort = 0;

/** One instant query through Prometheus's HTTP API. */
async function query(q: string): Promise<PromResult[]> {
  const r = await get(promPort, `/api/v1/query?query=${encodeURIComponent(q)}`);
  const j = JSON.parse(r.body) as { status: string; data: { result: PromResult[] }; error?: string };
  if (j.status !== 'success') throw new Error(`${q}: ${j.error}`);
  return j.data.result;
}
const one = async (q: string): Promise<number | undefined> => {
  const r = await query(q);
  return r.length === 1 ? Number(r[0]!.value[1]) : undefined;
};

const launch = (args: string[]): ChildProcess => startLogged(args, started, { cwd: tmp, env: { ...process.env, NSTOP_STATE_DIR: h!.stateDir } });

after(async () => {
  events?.destroy();
  // by pid: only what this file started
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
  await Promise.all(started.map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : undefined)));
  await h?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe('nstop serve scraped by Prometheus', { skip }, () => {
  const names = { steady: '', munch: '', bomb: '' };
  const sse: string[] = [];

  before(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'demo', 'build-rootfs.mjs'), rootfs], { stdio: 'ignore' });
    servePort = await freePort();
    launch([process.execPath, cli, 'serve', '--listen', `127.0.0.1:${servePort}`, '--interval', '500ms']);
    await untilAsync('nstop serve /healthz', 30_000, async () => ((await get(servePort, '/healthz')).status === 200 ? true : undefined));
    promPort = await freePort();
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: nstop\n    static_configs:\n      - targets: ['127.0.0.1:${servePort}']\n`);
    launch(['prometheus', `--config.file=${config}`, `--storage.tsdb.path=${join(tmp, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn']);
    await untilAsync('prometheus ready', 60_000, async () => ((await get(promPort, '/-/ready')).status === 200 ? true : undefined));
    // the events stream, before the containers: it must carry munch's kill
    await new Promise<void>((resolve, reject) => {
      events = request({ host: '127.0.0.1', port: servePort, path: '/api/v1/events' }, (r) => {
        r.setEncoding('utf8');
        r.on('data', (d: string) => sse.push(d));
        resolve();
      });
      events.on('error', reject);
      events.end();
    });
    names.steady = h!.name('steady');
    names.munch = h!.name('munch');
    names.bomb = h!.name('bomb');
    const run = (args: string[]) => {
      const r = h!.nstop(['run', '-d', '--rootfs', rootfs, ...args]);
      assert.equal(r.status, 0, r.stderr);
    };
    run(['--name', names.steady, '--memory', '64M', '--cpus', '0.5', '--', 'sh', '-c', 'while :; do :; done']);
    // 4 MiB every 400 ms: a few scrapes see it alive before the OOM
    run(['--name', names.munch, '--memory', '32M', '--swap', '0', '--cpus', '0.5', '--', 'munch', '4', '400']);
    run(['--name', names.bomb, '--pids', '32', '--memory', '256M', '--cpus', '0.5', '--', 'forkbomb', '--limited']);
  });

  test('the OOM kill and the pids.max hits reach Prometheus as risen counters; the kill streams as an event', async () => {
    const oom = await untilAsync('oom counters of munch', 180_000, async () => {
      const events = await one(`max_over_time(container_oom_events_total{name="${names.munch}"}[5m])`);
      const kills = await one(`max_over_time(nstop_memory_oom_kill_events_total{name="${names.munch}"}[5m])`);
      return events !== undefined && kills !== undefined && events >= 1 && kills >= 1 ? { events, kills } : undefined;
    });
    assert.ok(oom.kills >= 1 && oom.events >= 1);
    const pmax = await untilAsync('pids.max counter of the bomb', 180_000, async () => {
      const v = await one(`max_over_time(nstop_pids_max_events_total{name="${names.bomb}"}[5m])`);
      return v !== undefined && v >= 1 ? v : undefined;
    });
    assert.ok(pmax >= 1);
    // and it rose while Prometheus watched: an earlier sample of the same series was lower
    const first = await one(`min_over_time(nstop_pids_max_events_total{name="${names.bomb}"}[5m])`);
    assert.ok(first !== undefined);
    await untilAsync('the bomb counting on', 120_000, async () => {
      const v = await one(`max_over_time(nstop_pids_max_events_total{name="${names.bomb}"}[5m])`);
      return v !== undefined && v > first ? v : undefined;
    });
    const killLine = await untilAsync('oom_kill on /api/v1/events', 120_000, async () =>
      sse.join('').split('\n').find((l) => l.startsWith('data: ') && l.includes(`"kind":"oom_kill"`) && l.includes(`"container":"${names.munch}"`)),
    );
    const e = JSON.parse(killLine.slice('data: '.length)) as { kind: string; id: string; value: number };
    assert.equal(e.id, `nstop:${names.munch}`);
    assert.ok(e.value >= 1);
  });

  test('the working set in Prometheus is within 10 % of nstop ls --json; the CPU rate stays within the cap', async () => {
    await untilAsync('working set within 10 %', 180_000, async () => {
      const prom = await one(`container_memory_working_set_bytes{name="${names.steady}"}`);
      const ls = JSON.parse(h!.nstop(['ls', '--json'], { timeout: 120_000 }).stdout) as { containers: { name: string; memory: { workingSet: number | null } }[] };
      const mine = ls.containers.find((c) => c.name === names.steady)?.memory.workingSet;
      if (prom === undefined || mine === undefined || mine === null || mine <= 0) return undefined;
      return Math.abs(prom - mine) <= 0.1 * mine ? true : undefined;
    });
    // last_over_time: on a loaded host a scrape may miss its 1 s timeout, and Prometheus
    // then marks the series stale until the next one
    const quota = await untilAsync('the CPU quota', 120_000, () =>
      one(`last_over_time(container_spec_cpu_quota{name="${names.steady}"}[1m]) / last_over_time(container_spec_cpu_period{name="${names.steady}"}[1m])`),
    );
    assert.equal(quota, 0.5);
    // busy all the time under a 0.5-CPU cap: it ran (a shared, loaded host may give it
    // less than its cap) and never faster than the cap allows
    const rate = await untilAsync('a CPU rate over 20 s', 120_000, () => one(`rate(container_cpu_usage_seconds_total{name="${names.steady}",cpu="total"}[20s])`));
    assert.ok(rate > 0.02 && rate <= 0.5 * 1.15, `rate ${rate}`);
    const throttled = await one(`last_over_time(container_cpu_cfs_throttled_periods_total{name="${names.steady}"}[1m])`);
    assert.ok(throttled !== undefined && throttled > 0, 'a busy loop under a quota is throttled');
  });

  test('/metrics passes promtool check metrics; OpenMetrics on request; at most 40 series a container', async () => {
    const m = await get(servePort, '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain; version=0\.0\.4/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: m.body, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    const om = await get(servePort, '/metrics', { Accept: 'application/openmetrics-text; version=1.0.0' });
    assert.match(om.type, /^application\/openmetrics-text/);
    assert.match(om.body, /# EOF\n$/);
    for (const name of Object.values(names)) {
      const n = m.body.split('\n').filter((l) => !l.startsWith('#') && l.includes(`name="${name}"`)).length;
      assert.ok(n > 0 && n <= 40, `${name}: ${n} series`);
    }
    const c = await get(servePort, '/api/v1/containers');
    const doc = JSON.parse(c.body) as { containers: { name: string }[] };
    assert.ok(doc.containers.some((x) => x.name === names.steady));
    assert.equal((await get(servePort, '/nothing')).status, 404);
    assert.equal((await get(servePort, '/metrics', {}, 'POST')).status, 405);
  });
});

describe('nstop serve --listen refusals', () => {
  const serve = (...args: string[]) => spawnSync(process.execPath, [cli, 'serve', ...args], { encoding: 'utf8', timeout: scaled(30_000) });
  test('another host\'s reach needs --allow-remote; a bad address is one line; both exit 2', () => {
    for (const listen of ['0.0.0.0:9758', ':9758', '[::]:9758', 'nonsense', '127.0.0.1:99999', 'example.com:80']) {
      const r = serve('--listen', listen);
      assert.equal(r.status, 2, `${listen}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
    assert.match(serve('--listen', '0.0.0.0:9758').stderr, /--allow-remote/);
  });
});
