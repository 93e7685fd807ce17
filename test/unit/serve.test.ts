// nstop serve (src/serve/): cAdvisor's names as Prometheus and OpenMetrics
// write them, the series budget, counters kept for a container that went between two
// scrapes, --listen parsing, and a scrape within Prometheus's timeout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import type { ContainerRow, LimitEvent, Snapshot } from '../../src/model/types.js';
import { createExporter, RETAIN_MS } from '../../src/serve/exporter.js';
import { parseListen } from '../../src/serve/listen.js';
import type { SampleContext } from '../../src/serve/metric-defs.js';

const psi = (total: number) => ({ some: { avg10: 0, avg60: 0, avg300: 0, total }, full: { avg10: 0, avg60: 0, avg300: 0, total: total / 2 } });
const stats: CgroupStats = {
  memory: { current: 50e6, workingSet: 40e6, max: 64 * 2 ** 20, swapCurrent: 0, swapMax: Infinity, oomKill: 2 },
  pids: { current: 7, max: 32, maxHits: 5 },
  cpu: { usageUsec: 2_500_000, userUsec: 2_000_000, systemUsec: 500_000, nrPeriods: 100, nrThrottled: 40, throttledUsec: 900_000, limitCpus: 0.5, weight: 100 },
  psi: { cpu: psi(3e6), memory: psi(1e6), io: psi(2e6) },
  memoryFormula: 'memory.current (v2)',
};

function row(over: Partial<ContainerRow> = {}): ContainerRow {
  return {
    id: 'nstop:web', name: 'web', runtime: 'nstop', cgroupPath: '/nstop/web', ownCgroup: true, pids: [10, 11], nprocs: 2,
    ns: { mnt: 1, pid: 2, uts: 3, ipc: 4, net: 5, cgroup: 6, user: 7, time: 8 }, isolated: ['mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup', 'user', 'time'],
    command: 'sh', stats, status: 'running',
    counters: { oom: { value: 2 }, oomKill: { value: 2 }, memoryMaxHits: {}, memoryHighHits: {}, pidsMax: { value: 5 }, throttled: {} },
    history: { cpuPct: [], memoryBytes: [] },
    net: { ns: 5, own: true, sharedWith: [], history: [], interfaces: [
      { name: 'lo', addresses: [], rxBytes: 1, txBytes: 1, rxPackets: 1, txPackets: 1 },
      { name: 'eth0', addresses: ['10.77.0.2'], rxBytes: 1000, txBytes: 2000, rxPackets: 3, txPackets: 4 },
    ] } as unknown as ContainerRow['net'],
    ...over,
  };
}
const snap = (containers: ContainerRow[]): Snapshot => ({ containers, time: 1_700_000_000_000 } as unknown as Snapshot);
const ctx: SampleContext = {
  nowSec: 1_700_000_000,
  startSec: () => 1_699_999_000,
  nsProcesses: (c) => c.isolated.map((type) => ({ labels: { type }, value: 2 })),
};
const lines = (text: string, name: string) => text.split('\n').filter((l) => !l.startsWith('#') && l.includes(`name="${name}"`));

test('cAdvisor\'s names, types and labels in the text format; counters keep _total; at most 40 series a container', async () => {
  const ex = createExporter();
  ex.update(snap([row()]), ctx);
  const text = await ex.text(false);
  assert.match(text, /^# TYPE container_cpu_usage_seconds_total counter$/m);
  assert.match(text, /^container_cpu_usage_seconds_total\{id="\/nstop\/web",name="web",cpu="total"\} 2\.5$/m);
  assert.match(text, /^container_spec_memory_swap_limit_bytes\{id="\/nstop\/web",name="web"\} 0$/m, 'no limit is 0');
  assert.match(text, /^container_spec_cpu_quota\{id="\/nstop\/web",name="web"\} 50000$/m);
  assert.match(text, /^container_pressure_io_stalled_seconds_total\{id="\/nstop\/web",name="web"\} 1$/m);
  assert.match(text, /^container_network_receive_bytes_total\{id="\/nstop\/web",name="web",interface="eth0"\} 1000$/m);
  assert.doesNotMatch(text, /interface="lo"/);
  assert.match(text, /^nstop_pids_max_events_total\{id="\/nstop\/web",name="web"\} 5$/m);
  const n = lines(text, 'web').length;
  // everything this row can have: a quota, one interface, eight namespace kinds of its own
  assert.equal(n, 37);
  assert.equal(ex.seriesPerContainer().get('nstop:web'), n);
  assert.ok(n <= 40);
});

test('OpenMetrics: the counter family without _total, its samples with it, # EOF', async () => {
  const ex = createExporter();
  ex.update(snap([row()]), ctx);
  const om = await ex.text(true);
  assert.match(ex.contentType(true), /^application\/openmetrics-text/);
  assert.match(om, /^# TYPE container_oom_events counter$/m);
  assert.match(om, /^container_oom_events_total\{id="\/nstop\/web",name="web"\} 2$/m);
  assert.doesNotMatch(om, /_total_total/);
  assert.match(om, /# EOF\n$/);
});

test('a shared cgroup gives only the counters and what is not a cgroup figure', async () => {
  const ex = createExporter();
  ex.update(snap([row({ ownCgroup: false, net: undefined })]), ctx);
  const names = lines(await ex.text(false), 'web').map((l) => l.split('{')[0]);
  assert.ok(!names.includes('container_memory_usage_bytes'));
  assert.ok(names.includes('container_oom_events_total') && names.includes('nstop_container_info'));
});

test('a container gone between two scrapes keeps its counters, raised by the watcher\'s events, for RETAIN_MS', async () => {
  let now = 1000;
  const ex = createExporter(() => now);
  ex.update(snap([row()]), ctx);
  const kill: LimitEvent = { time: now, containerId: 'nstop:web', container: 'web', kind: 'oom_kill', value: 3, delta: 1 };
  ex.event(kill);
  ex.update(snap([]), ctx);
  const text = await ex.text(false);
  assert.match(text, /^nstop_memory_oom_kill_events_total\{id="\/nstop\/web",name="web"\} 3$/m);
  assert.match(text, /^container_oom_events_total\{id="\/nstop\/web",name="web"\} 3$/m);
  assert.doesNotMatch(text, /container_memory_usage_bytes\{/, 'gauges go with the container');
  now += RETAIN_MS + 1;
  ex.update(snap([]), ctx);
  assert.equal(lines(await ex.text(false), 'web').length, 0);
});

test('--listen: loopback by default; another host\'s reach needs --allow-remote; a bad one is a usage error', () => {
  assert.deepEqual(parseListen('127.0.0.1:9758', false), { host: '127.0.0.1', port: 9758 });
  assert.deepEqual(parseListen('[::1]:80', false), { host: '::1', port: 80 });
  assert.deepEqual(parseListen('localhost:9758', false), { host: 'localhost', port: 9758 });
  assert.deepEqual(parseListen('0.0.0.0:9758', true), { host: '0.0.0.0', port: 9758 });
  assert.deepEqual(parseListen(':9758', true), { host: '::', port: 9758 });
  for (const bad of ['0.0.0.0:9758', ':9758', '[::]:1', '10.1.2.3:9758']) {
    assert.throws(() => parseListen(bad, false), (e: Error & { exitCode?: number }) => /--allow-remote/.test(e.message) && e.exitCode === 2, bad);
  }
  for (const bad of ['9758', 'host:port', '127.0.0.1:0', '127.0.0.1:70000', 'example.com:80', '[1.2.3.4]:80', '']) {
    assert.throws(() => parseListen(bad, true), (e: Error & { exitCode?: number }) => /^bad --listen/.test(e.message) && e.exitCode === 2, bad);
  }
});

test('a scrape waits for its sample within the timeout Prometheus announces, else gets the last complete one', async () => {
  const { createServeServer } = await import('../../src/serve/server.js');
  const { request } = await import('node:http');
  let now = 0;
  const samples: Promise<Snapshot>[] = [Promise.resolve(snap([row()]))];
  const src = {
    sample: () => samples.shift() ?? new Promise<Snapshot>(() => undefined),
    onEvent: () => () => undefined,
    tick: () => undefined,
    context: () => ctx,
    containersJson: () => '{}',
    eventJson: () => '{}',
  };
  const server = createServeServer(src, createExporter(), () => now);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const get = (headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/metrics', headers }, (r) => {
        let body = '';
        r.on('data', (d: Buffer) => (body += d.toString()));
        r.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    assert.match(await get({}), /^container_threads\{id="\/nstop\/web",name="web"\} 7$/m);
    now += 10_000;
    // the next sample never finishes: the scrape answers with the last figures anyway
    assert.match(await get({ 'X-Prometheus-Scrape-Timeout-Seconds': '0.3' }), /^container_threads\{id="\/nstop\/web",name="web"\} 7$/m);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
