// Prometheus's answers -> the Containers view's rows (src/fleet/fleet-snapshot.ts).
// The samples are real series of `nstop serve` as Prometheus 2.42 answered them here, e.g.
//   {"metric":{"__name__":"container_oom_events_total","id":"/nstop-bench-34637-10000/c0",
//   "instance":"127.0.0.1:19758","job":"nstop","name":"busybox-34663"},"value":[1796309023.426,"0"]}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fleetSnapshot } from '../../src/fleet/fleet-snapshot.js';
import { shortHosts } from '../../src/fleet/host-label.js';
import type { PromSample } from '../../src/fleet/prom-api.js';
import { RATE_LABEL, RATES_QUERY, VALUES_QUERY } from '../../src/fleet/queries.js';

const A = { instance: '127.0.0.1:37193', job: 'nstop' };
const B = { instance: '10.231.224.2:40005', job: 'nstop' };
const s = (target: Record<string, string>, name: string, labels: Record<string, string>, value: number): PromSample => ({ labels: { __name__: name, ...target, ...labels }, value });
const fla = { id: '/nstop-fleet-0-47216-s4ohhx', name: 'fla47216' };
const flb = { id: '/nstop-fleet-1-47216-r6xtix', name: 'flb47216' };

function values(oom = 0): PromSample[] {
  return [
    s(A, 'up', {}, 1),
    s(B, 'up', {}, 1),
    s(A, 'container_memory_usage_bytes', fla, 405504),
    s(A, 'container_spec_memory_limit_bytes', fla, 67108864),
    s(A, 'container_threads', fla, 1),
    s(A, 'container_threads_max', fla, 0),
    s(A, 'container_last_seen', fla, 1796309023),
    s(A, 'nstop_memory_oom_kill_events_total', fla, oom),
    s(A, 'nstop_container_info', { ...fla, runtime: 'ad-hoc', status: 'running', isolated: 'mnt,pid', own_cgroup: 'true' }, 1),
    s(A, 'nstop_namespace_processes', { ...fla, type: 'pid' }, 1),
    s(B, 'container_memory_usage_bytes', flb, 397312),
    s(B, 'container_last_seen', flb, 1796309023),
    // a cgroup cAdvisor reports that is no container: no name label
    s(B, 'container_memory_usage_bytes', { id: '/system.slice' }, 1e9),
  ];
}

test('one row per target and container, HOST without the port where hosts differ, figures from the series', () => {
  const rates = [{ labels: { ...A, ...fla, cpu: 'total', [RATE_LABEL]: 'cpu' }, value: 0.25 }, { labels: { ...A, ...fla, [RATE_LABEL]: 'psi_memory' }, value: 0.031 }];
  const snap = fleetSnapshot({ values: values(), rates }, undefined, 1000, '127.0.0.1:9090', []);
  assert.deepEqual(snap.containers.map((c) => [c.name, c.host]).sort(), [['fla47216', '127.0.0.1'], ['flb47216', '10.231.224.2']]);
  const a = snap.containers.find((c) => c.name === 'fla47216')!;
  assert.equal(a.stats?.memory.current, 405504);
  assert.equal(a.stats?.memory.max, 67108864);
  assert.equal(a.stats?.pids.max, Infinity, 'threads_max 0 is no limit');
  assert.equal(a.cpuPct, 25);
  assert.ok(Math.abs(a.stats!.psi.memory!.some.avg10 - 3.1) < 1e-9);
  assert.deepEqual(a.isolated, ['mnt', 'pid']);
  assert.equal(a.nprocs, 1);
  assert.equal(a.status, 'running');
  assert.equal(snap.containers.find((c) => c.name === 'flb47216')!.runtime, 'ad-hoc');
  assert.equal(snap.readOnly, true);
  assert.deepEqual(snap.processes, []);
});

test('a rate alone makes no row (it outlives its container by the rate window)', () => {
  const gone = { labels: { ...A, id: '/gone', name: 'gone', cpu: 'total', [RATE_LABEL]: 'cpu' }, value: 0.1 };
  const snap = fleetSnapshot({ values: values(), rates: [gone] }, undefined, 1000, 'p', []);
  assert.ok(!snap.containers.some((c) => c.name === 'gone'));
});

test('a counter that rose lights its row and becomes an event line naming the host', () => {
  const first = fleetSnapshot({ values: values(0), rates: [] }, undefined, 1000, 'p', []);
  const next = fleetSnapshot({ values: values(2), rates: [] }, first, 2000, 'p', []);
  const a = next.containers.find((c) => c.name === 'fla47216')!;
  assert.deepEqual(a.counters.oomKill, { value: 2, delta: 2, changedAt: 2000 });
  assert.deepEqual(next.events.map((e) => [e.kind, e.container, e.value, e.detail]), [['oom_kill', 'fla47216', 2, 'on 127.0.0.1']]);
  assert.equal(next.seq, 2);
  assert.equal(next.intervalMs, 1000);
});

test('a target down keeps its rows as last seen, said in the warnings; a row with no last_seen is stopped', () => {
  const first = fleetSnapshot({ values: values(), rates: [] }, undefined, 1000, 'p', []);
  const down = [s(A, 'up', {}, 1), s(B, 'up', {}, 0), ...values().filter((x) => x.labels['instance'] === A.instance && x.labels['__name__'] !== 'up' && x.labels['__name__'] !== 'container_last_seen')];
  const next = fleetSnapshot({ values: down, rates: [] }, first, 2000, 'p', []);
  assert.ok(next.containers.some((c) => c.name === 'flb47216' && c.host === '10.231.224.2'));
  assert.match(next.warnings.at(-1)!, /1 of 2 targets down \(up == 0\), their rows as last seen: 10\.231\.224\.2/);
  // fla's info says running; a row without info and without last_seen has ended
  assert.equal(next.containers.find((c) => c.name === 'fla47216')!.status, 'running');
  const bare = fleetSnapshot({ values: [s(A, 'container_oom_events_total', { id: '/x', name: 'x' }, 0)], rates: [] }, undefined, 1, 'p', []);
  assert.equal(bare.containers[0]!.status, 'stopped');
});

test('HOST keeps the port only where two targets share a host', () => {
  assert.deepEqual([...shortHosts(['web1:9758', 'web2:9758', '10.0.0.2:1', '10.0.0.2:2', '[::1]:9758', 'relabelled'])], [
    ['web1:9758', 'web1'], ['web2:9758', 'web2'], ['10.0.0.2:1', '10.0.0.2:1'], ['10.0.0.2:2', '10.0.0.2:2'], ['[::1]:9758', '[::1]'], ['relabelled', 'relabelled'],
  ]);
});

test('the queries: one vector of named series, one of tagged rates', () => {
  assert.match(VALUES_QUERY, /^\{__name__=~"up\|container_memory_usage_bytes\|.*nstop_container_info\|container_last_seen\|nstop_namespace_processes"\}$/);
  assert.equal(RATES_QUERY.split(' or ').length, 4);
  assert.match(RATES_QUERY, /label_replace\(irate\(container_cpu_usage_seconds_total\{cpu="total"\}\[1m\]\), "nstop_rate", "cpu", "", ""\)/);
});
