// buildModel (src/model/model.ts) is one pure step: a sample and the previous step's
// memory in, rows with events, histories, state files and network figures out. Two
// samples through it, as the sampler runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import { groupContainers } from '../../src/model/group.js';
import { buildModel, emptyMemory, type ModelMemory, type Sample } from '../../src/model/model.js';
import type { NetReading } from '../../src/model/net.js';
import type { ManagedInfo } from '../../src/model/types.js';
import { HOST_NS, proc, v1Lines } from '../helpers/model-procs.js';

const STARTED = 1_000_000;
const WEB_NET = 4026532900;

/** A host with one nstop container "web" (own pid and net namespaces) and an ad-hoc one. */
function procs() {
  const web = { ...HOST_NS, pid: 4026532801, net: WEB_NET };
  const cg = v1Lines('/nstop/web', '/nstop/web', '/nstop/web');
  return [
    proc({ pid: 1, comm: 'init', cmdline: ['/sbin/init'], ppid: 0 }),
    proc({ pid: 500, comm: 'sh', cmdline: ['sh', '-c', 'serve'], nspid: [500, 1], ns: web, cgroups: cg }),
    proc({ pid: 501, comm: 'serve', cmdline: ['serve'], nspid: [501, 2], ns: web, cgroups: cg, ppid: 500 }),
    proc({ pid: 600, comm: 'sleep', cmdline: ['sleep', '100'], nspid: [600, 1], ns: { ...HOST_NS, pid: 4026532802 } }),
  ];
}

/** v1 without an oom counter of its own (memory.oom stays undefined). */
function v1Stats(usageUsec: number, current: number, oomKill: number, pidsHits: number): CgroupStats {
  return { memory: { current, max: 64 << 20, oomKill }, pids: { current: 2, max: 20, maxHits: pidsHits }, cpu: { usageUsec }, psi: {}, memoryFormula: 'test' };
}

const state = (over: Partial<ManagedInfo> = {}): ManagedInfo => ({ name: 'web', status: 'running', createdAt: STARTED - 60_000, command: ['sh', '-c', 'serve'], detached: true, pid: 500, ...over });

const netReading = (time: number, rx: number, tx: number): NetReading => ({
  time,
  ifaces: [{ name: 'eth0', rxBytes: rx, txBytes: tx, rxPackets: 1, txPackets: 1 }],
  addresses: new Map([['eth0', ['10.77.0.5/24']]]),
});

function sample(time: number, over: Partial<Sample> = {}): Sample {
  const list = procs();
  return {
    time, procs: list, groups: groupContainers(list), stats: new Map(), warnings: [], readOnly: false, userName: String, clockTicks: 100,
    host: { hostname: 'h', kernel: 'k', cgroupMode: 'v1', cpus: 2, psi: {} },
    ...over,
  };
}

function twoSteps(first: Partial<Sample>, second: Partial<Sample>, memory: ModelMemory = emptyMemory(STARTED)) {
  const a = buildModel(sample(STARTED + 1000, first), memory);
  const b = buildModel(sample(STARTED + 2000, second), a.memory);
  return { a: a.snapshot, b: b.snapshot, memory: b.memory };
}

test('two samples: rates, deltas, events and histories come out of the one step; none on the first', () => {
  const { a, b } = twoSteps(
    { stats: new Map([['nstop:web', v1Stats(1_000_000, 10 << 20, 0, 0)]]), managed: [state()] },
    { stats: new Map([['nstop:web', v1Stats(1_250_000, 12 << 20, 1, 3)]]), managed: [state()] },
  );
  assert.deepEqual(a.events, [], 'the first sample is the baseline: no events');
  const w = b.containers.find((c) => c.name === 'web')!;
  assert.equal(w.cpuPct, 25);
  assert.deepEqual(w.history, { cpuPct: [25], memoryBytes: [10 << 20, 12 << 20] });
  assert.deepEqual(w.counters.oomKill, { value: 1, delta: 1, changedAt: STARTED + 2000 });
  assert.deepEqual(w.counters.pidsMax, { value: 3, delta: 3, changedAt: STARTED + 2000 });
  assert.deepEqual(b.events.map((e) => [e.container, e.kind, e.value, e.delta]), [['web', 'oom_kill', 1, 1], ['web', 'pids_max', 3, 3]]);
  assert.equal(b.intervalMs, 1000);
});

test("v1: the watcher's OOM count stands in for the missing oom counter", () => {
  const st = v1Stats(1_000_000, 1 << 20, 0, 0);
  const { a, b } = twoSteps(
    { stats: new Map([['nstop:web', st]]), oomCounts: new Map([['nstop:web', 0]]) },
    { stats: new Map([['nstop:web', st]]), oomCounts: new Map([['nstop:web', 2]]) },
  );
  assert.equal(a.containers.find((c) => c.name === 'web')!.counters.oom.value, 0);
  const w = b.containers.find((c) => c.name === 'web')!;
  assert.deepEqual(w.counters.oom, { value: 2, delta: 2, changedAt: STARTED + 2000 });
  assert.equal(w.stats?.memory.oom, 2, 'the row carries the figure it was counted from');
  assert.deepEqual(b.events.map((e) => [e.kind, e.value]), [['oom', 2]]);
  // reaped between ticks: the group is gone, its final counters have no oom (v1); the
  // watcher's count is still the row's
  const gone = buildModel(sample(STARTED + 3000, { procs: [], groups: [], managed: [state({ status: 'stopped', exitCode: 137 })], oomCounts: new Map([['nstop:web', 2]]) }), emptyMemory(STARTED)).snapshot;
  assert.equal(gone.containers.find((c) => c.name === 'web')!.counters.oom.value, 2);
  // a driver's own counter always wins
  const own = buildModel(sample(STARTED + 3000, { stats: new Map([['nstop:web', { ...st, memory: { ...st.memory, oom: 7 } }]]), oomCounts: new Map([['nstop:web', 2]]) }), emptyMemory(STARTED));
  assert.equal(own.snapshot.containers.find((c) => c.name === 'web')!.counters.oom.value, 7);
});

test('state files: a live group gets its state; a stopped one without a group gets a row of its own, with its exit', () => {
  const gone = state({ name: 'old', status: 'stopped', exitCode: 3, finishedAt: STARTED + 1500, pid: 900, final: { oomKill: 4 } });
  const { a, b } = twoSteps({ managed: [state(), { ...gone, status: 'running' }] }, { managed: [state({ status: 'stopped', exitCode: 0 }), gone] });
  const live = a.containers.find((c) => c.name === 'web')!;
  assert.equal(live.status, 'running');
  assert.equal(live.managed?.pid, 500);
  assert.equal(live.nprocs, 2);
  assert.equal(a.containers.find((c) => c.name === 'old')!.status, 'running', 'its end not reaped yet');
  // a live group whose state says stopped is being reaped: trust the state
  assert.equal(b.containers.find((c) => c.name === 'web')!.status, 'stopped');
  const old = b.containers.find((c) => c.name === 'old')!;
  assert.deepEqual([old.id, old.status, old.nprocs, old.command, old.counters.oomKill.value], ['nstop:old', 'stopped', 0, 'sh -c serve', 4]);
  assert.deepEqual(b.events.filter((e) => e.kind === 'exit').map((e) => [e.container, e.detail]), [['web', 'exit 0'], ['old', 'exit 3']]);
  assert.equal(a.containers.at(-1)!.name, 'old', 'rows without a group come after the groups');
});

test('network readings: figures and rates on the rows of their namespace; a stopped row gets none', () => {
  const { a, b, memory } = twoSteps(
    { managed: [state()], net: { readings: new Map([[WEB_NET, netReading(STARTED + 1000, 1000, 100)]]), kept: new Set() } },
    { managed: [state()], net: { readings: new Map([[WEB_NET, netReading(STARTED + 2000, 3000, 200)]]), kept: new Set() } },
  );
  assert.equal(a.containers.find((c) => c.name === 'web')!.net?.rxRate, undefined, 'no rate on the first reading');
  const n = b.containers.find((c) => c.name === 'web')!.net!;
  assert.deepEqual([n.own, n.rxBytes, n.rxRate, n.txRate, n.history], [true, 3000, 2000, 100, [2100]]);
  assert.deepEqual(n.interfaces[0]!.addresses, ['10.77.0.5/24']);
  const host = b.containers.find((c) => c.name === 'sleep')!.net!;
  assert.deepEqual([host.own, host.interfaces], [false, []], "the host's network: nothing of its own");
  // kept (off screen, not read this tick): the last figures stand
  const kept = buildModel(sample(STARTED + 3000, { managed: [state()], net: { readings: new Map(), kept: new Set([WEB_NET]) } }), memory).snapshot;
  assert.equal(kept.containers.find((c) => c.name === 'web')!.net!.rxBytes, 3000);
  const stopped = buildModel(sample(STARTED + 3000, { managed: [state({ status: 'stopped' })] }), memory).snapshot;
  assert.equal(stopped.containers.find((c) => c.name === 'web')!.net, undefined);
});

test('the same sample into the same memory gives the same rows: the step is pure but for its ledger', () => {
  const first = buildModel(sample(STARTED + 1000, { managed: [state()] }), emptyMemory(STARTED));
  const s2 = sample(STARTED + 2000, { stats: new Map([['nstop:web', v1Stats(2_000_000, 1, 0, 0)]]), managed: [state()] });
  const x = buildModel(s2, first.memory).snapshot;
  const y = buildModel(s2, first.memory).snapshot;
  assert.deepEqual(x.containers, y.containers);
  assert.equal(first.memory.containers.size, 2, 'the previous memory was not changed by either');
});

test('a container without a CPU counter: CPU % from its processes\' ticks, an older figure kept and marked between readings', () => {
  // the ad-hoc "sleep" container (pid 600) has no cgroup of its own
  const withTicks = (ticks: number | undefined) => {
    const list = procs().map((p) => (p.pid === 600 ? { ...p, cpuTicks: ticks } : p));
    return { procs: list, groups: groupContainers(list), processFigures: false };
  };
  const id = groupContainers(procs()).find((g) => g.members.some((p) => p.pid === 600))!.id;
  let memory = emptyMemory(STARTED);
  const step = (t: number, ticks: number | undefined) => {
    const r = buildModel(sample(STARTED + t, withTicks(ticks)), memory);
    memory = r.memory;
    return r.snapshot.containers.find((c) => c.id === id)!;
  };
  assert.equal(step(1000, 100).cpuPct, undefined, 'one reading: no rate yet');
  const fresh = step(2000, 150); // 50 ticks of 100/s in 1 s
  assert.equal(fresh.cpuPct, 50);
  assert.equal(fresh.cpuAgeMs, undefined);
  const kept = step(3000, undefined); // not read this tick (off screen)
  assert.equal(kept.cpuPct, 50);
  assert.equal(kept.cpuAgeMs, 1000);
  const older = step(4000, undefined);
  assert.equal(older.cpuAgeMs, 2000);
  const again = step(5000, 450); // 300 ticks over the 3 s since the last reading
  assert.equal(again.cpuPct, 100);
  assert.equal(again.cpuAgeMs, undefined);
  // read only for its container's CPU %: its process row shows no figures
  const r = buildModel(sample(STARTED + 6000, withTicks(500)), memory);
  const row = r.snapshot.processes.find((p) => p.pid === 600)!;
  assert.equal(row.cpuPct, undefined);
  assert.equal(row.rssBytes, undefined);
});

test('a container without a CPU counter: a member not read this tick counts its rate at its last reading', () => {
  const members = groupContainers(procs()).find((g) => g.members.some((p) => p.pid === 600))!.members.map((p) => p.pid);
  assert.ok(members.length >= 2, `the fixture container has ${members.length} processes`);
  const [first, other] = members as [number, number];
  const withTicks = (ticks: ReadonlyMap<number, number>) => {
    const list = procs().map((p) => (ticks.has(p.pid) ? { ...p, cpuTicks: ticks.get(p.pid) } : p));
    return { procs: list, groups: groupContainers(list), processFigures: false };
  };
  let memory = emptyMemory(STARTED);
  const step = (t: number, ticks: ReadonlyMap<number, number>) => {
    const r = buildModel(sample(STARTED + t, withTicks(ticks)), memory);
    memory = r.memory;
    return r.snapshot.containers.find((c) => c.pids.includes(first))!;
  };
  step(1000, new Map([[first, 100], [other, 100]]));
  assert.equal(step(2000, new Map([[first, 110], [other, 140]])).cpuPct, 50, '10 + 40 ticks of 100/s in 1 s');
  // `other` (an idle-looking member of a row on screen) not read: its 40 %/s stands
  const partial = step(3000, new Map([[first, 130]]));
  assert.equal(partial.cpuPct, 60);
  assert.equal(partial.cpuAgeMs, undefined, 'a reading this tick: a current figure');
  // read again after 2 s: its 40 ticks over those 2 s (20 %), counted from its own last reading
  assert.equal(step(4000, new Map([[first, 130], [other, 180]])).cpuPct, 20);
});

test("processRows false (nstop record): no rows without figures, and with figures only the processes read", () => {
  const bare = buildModel(sample(STARTED + 1000, { processRows: false, processFigures: false }), emptyMemory(STARTED)).snapshot;
  assert.deepEqual(bare.processes, []);
  assert.equal(bare.containers.find((c) => c.name === 'web')?.pids.length, 2, 'the containers still know their processes');
  const list = procs().map((p) => (p.pid === 501 ? { ...p, rssBytes: 4 << 20, cpuTicks: 7 } : p));
  const read = buildModel(sample(STARTED + 1000, { procs: list, groups: groupContainers(list), processRows: false, processFigures: true }), emptyMemory(STARTED)).snapshot;
  assert.deepEqual(read.processes.map((p) => [p.pid, p.rssBytes]), [[501, 4 << 20]]);
  const all = buildModel(sample(STARTED + 1000, { procs: list, groups: groupContainers(list), processFigures: true }), emptyMemory(STARTED)).snapshot;
  assert.equal(all.processes.length, 4, 'the default: every process');
});
