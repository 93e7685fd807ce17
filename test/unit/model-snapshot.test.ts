import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import { counter, cpuPercent, ticksPercent } from '../../src/model/counters.js';
import { groupContainers } from '../../src/model/group.js';
import { pushHistory } from '../../src/model/history.js';
import { buildModel, emptyMemory, type ModelMemory } from '../../src/model/model.js';
import { hostWithUnshare } from '../helpers/model-procs.js';

function stats(usageUsec: number, oomKill: number, pidsMax: number, current = 20 << 20): CgroupStats {
  return {
    memory: { current, max: 64 << 20, oomKill, oom: oomKill },
    pids: { current: 3, max: 20, maxHits: pidsMax },
    cpu: { usageUsec },
    psi: {},
    memoryFormula: 'test',
  };
}

function tick(memory: ModelMemory, time: number, s: CgroupStats | undefined, cpuTicks?: number) {
  const procs = hostWithUnshare().map((p) => (p.pid === 41 && cpuTicks !== undefined ? { ...p, cpuTicks } : p));
  const groups = groupContainers(procs);
  const statMap = new Map(s ? [[groups[0]!.id, s]] : []);
  return buildModel(
    { time, procs, groups, stats: statMap, host: { hostname: 'h', kernel: 'k', cgroupMode: 'hybrid', cpus: 2, psi: {} }, warnings: [], readOnly: false, userName: (u) => (u === 0 ? 'root' : String(u)), clockTicks: 100 },
    memory,
  );
}

test('rates are undefined on the first sample, then from deltas', () => {
  const a = tick(emptyMemory(), 1000, stats(1_000_000, 0, 0), 100);
  const c0 = a.snapshot.containers[0]!;
  assert.equal(c0.cpuPct, undefined);
  assert.equal(c0.counters.oomKill.value, 0);
  assert.equal(c0.counters.oomKill.delta, undefined);
  assert.equal(a.snapshot.processes.find((p) => p.pid === 41)!.cpuPct, undefined);

  const b = tick(a.memory, 2000, stats(1_500_000, 2, 5), 150);
  const c1 = b.snapshot.containers[0]!;
  assert.equal(c1.cpuPct, 50); // 0.5 s of CPU in 1 s
  // the ledger saw them go up at this tick (the highlight's mark)
  assert.deepEqual(c1.counters.oomKill, { value: 2, delta: 2, changedAt: 2000 });
  assert.deepEqual(c1.counters.pidsMax, { value: 5, delta: 5, changedAt: 2000 });
  assert.equal(b.snapshot.processes.find((p) => p.pid === 41)!.cpuPct, 50); // 50 ticks = 0.5 s
  assert.deepEqual(c1.history.cpuPct, [50]);
  assert.deepEqual(c1.history.memoryBytes, [20 << 20, 20 << 20]);
  assert.equal(b.snapshot.intervalMs, 1000);
});

test('a counter reset gives undefined rates and deltas, never negative', () => {
  const a = tick(emptyMemory(), 1000, stats(5_000_000, 3, 3));
  const b = tick(a.memory, 2000, stats(1_000, 0, 0));
  const c = b.snapshot.containers[0]!;
  assert.equal(c.cpuPct, undefined);
  assert.deepEqual(c.counters.oomKill, { value: 0 });
});

test('missing cgroup figures stay undefined (n/a), not 0', () => {
  const a = tick(emptyMemory(), 1000, undefined);
  const c = a.snapshot.containers[0]!;
  assert.equal(c.stats, undefined);
  assert.deepEqual(c.counters.oomKill, {});
  assert.deepEqual(c.history.memoryBytes, []);
});

test('namespaces: one row per kind and inode with lsns counts and sharing containers', () => {
  const { snapshot } = tick(emptyMemory(), 1000, undefined);
  const pidns = snapshot.namespaces.find((n) => n.type === 'pid' && n.ns === 4026532451)!;
  assert.equal(pidns.nprocs, 2);
  assert.equal(pidns.pid, 41);
  assert.equal(pidns.command, 'sleep 100');
  assert.equal(pidns.host, false);
  assert.deepEqual(pidns.containers, ['ad-hoc:pidns:4026532451']);
  const hostPid = snapshot.namespaces.find((n) => n.type === 'pid' && n.host)!;
  assert.equal(hostPid.pid, 2); // pid 1's links are unreadable
  assert.equal(hostPid.command, 'kthreadd');
  assert.equal(hostPid.nprocs, 3); // 2, 30, 40
});

test('counter/cpu helpers', () => {
  assert.deepEqual(counter(undefined, 3), {});
  assert.deepEqual(counter(5, undefined), { value: 5 });
  assert.deepEqual(counter(5, 3), { value: 5, delta: 2 });
  assert.deepEqual(counter(1, 3), { value: 1 });
  assert.equal(cpuPercent(200, 100, 0), undefined);
  assert.equal(cpuPercent(2_000_000, 0, 1_000_000), 200);
  assert.equal(ticksPercent(10, 20, 1000, 100), undefined);
  assert.equal(ticksPercent(20, 10, 1000, 100), 10, '10 ticks of 100 a second in 1 s');
  assert.equal(ticksPercent(20, 10, 1000, 250), 4, 'the same 10 ticks where a second has 250');
  assert.deepEqual(pushHistory([1, 2, 3], 4, 3), [2, 3, 4]);
  assert.deepEqual(pushHistory([1], undefined, 3), [1]);
  assert.deepEqual(pushHistory([1], Infinity, 3), [1]);
});

test('without a cpu cgroup of its own, container CPU is the sum over its processes', () => {
  const a = tick(emptyMemory(), 1000, undefined, 100);
  assert.equal(a.snapshot.containers[0]!.cpuPct, undefined);
  const b = tick(a.memory, 2000, undefined, 125);
  assert.equal(b.snapshot.containers[0]!.cpuPct, 25);
  const withCgroup = tick(a.memory, 2000, stats(10, 0, 0), 125);
  assert.equal(withCgroup.snapshot.containers[0]!.cpuPct, undefined); // cgroup counter seen once only
});

test('tables built from identities: kept while the generation stands, a few ticks off screen, rebuilt when on screen', () => {
  const procs = hostWithUnshare();
  const groups = groupContainers(procs);
  const host = { hostname: 'h', kernel: 'k', cgroupMode: 'hybrid' as const, cpus: 2, psi: {} };
  let memory = emptyMemory();
  const at = (generation: number, fresh?: { processes: boolean; namespaces: boolean }, list = procs) => {
    const r = buildModel({ time: 1000 + memory.seq * 1000, procs: list, groups, stats: new Map(), host, warnings: [], readOnly: false, userName: String, clockTicks: 100, generation, ...(fresh ? { fresh } : {}) }, memory);
    memory = r.memory;
    return r.snapshot;
  };
  const first = at(1);
  const same = at(1);
  assert.equal(same.namespaces, first.namespaces, 'same generation: the same rows, not rebuilt');
  assert.equal(same.processes, first.processes);
  // a process went away (generation 2); the tables are not on screen
  const fewer = procs.slice(1);
  const off = { processes: false, namespaces: false };
  // built at seq 1; seqs 3-5 keep them (at most 4 ticks old), seq 6 rebuilds
  const kept = [2, 3, 4].map((g) => at(g, off, fewer));
  assert.ok(kept.every((s) => s.namespaces === first.namespaces && s.processes === first.processes), 'at most 4 ticks old off screen');
  const rebuilt = at(5, off, fewer);
  assert.notEqual(rebuilt.processes, first.processes, '5 ticks old: rebuilt');
  assert.equal(rebuilt.processes.length, fewer.length);
  // on screen: rebuilt as soon as the generation moves
  const onScreen = at(7, { processes: true, namespaces: true }, procs);
  assert.equal(onScreen.processes.length, procs.length);
  assert.notEqual(onScreen.namespaces, rebuilt.namespaces);
  // no generation (a caller that does not track one): always built
  assert.notEqual(at(NaN).processes, onScreen.processes);
});

test('rows with figures: the same input as last tick at the same CPU % is the same row, anything else a new one', () => {
  const procs = hostWithUnshare().map((p) => ({ ...p, cpuTicks: 100, rssBytes: 4096 }));
  const groups = groupContainers(procs);
  const host = { hostname: 'h', kernel: 'k', cgroupMode: 'hybrid' as const, cpus: 2, psi: {} };
  let memory = emptyMemory();
  const at = (list: typeof procs, generation = 1) => {
    const r = buildModel({ time: 1000 + memory.seq * 1000, procs: list, groups, stats: new Map(), host, warnings: [], readOnly: false, userName: String, clockTicks: 100, generation }, memory);
    memory = r.memory;
    return r.snapshot.processes;
  };
  const first = at(procs);
  const second = at(procs); // same inputs (did not run): 0 % now, undefined before
  assert.ok(second.every((r, i) => r !== first[i]), 'CPU % went from unknown to 0: new rows');
  const third = at(procs);
  assert.ok(third.every((r, i) => r === second[i]), 'same input, same 0 %: the same row objects');
  const ran = procs.map((p, i) => (i === 0 ? { ...p, cpuTicks: 150 } : p));
  const fourth = at(ran);
  assert.notEqual(fourth[0], third[0], 'a new input: a new row');
  assert.equal(fourth[0]!.cpuPct, 50, '50 ticks in 1 s');
  assert.equal(fourth[1], third[1]);
  assert.notEqual(at(ran, 2)[1], fourth[1], 'a new generation (grouping may differ): rows made anew');
});
