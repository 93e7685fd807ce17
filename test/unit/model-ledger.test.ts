// The event ledger: counter rises become events once, whoever reads them first (tick
// or watcher); lifecycle events (start, exit with its status, frozen/thawed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countersFromStats, EventLedger } from '../../src/model/ledger.js';
import type { ContainerRow, ManagedInfo } from '../../src/model/types.js';

type Row = Pick<ContainerRow, 'id' | 'name' | 'status' | 'managed'>;
const row = (name: string, status: ContainerRow['status'] = 'running', managed?: ManagedInfo): Row => ({ id: `nstop:${name}`, name, status, managed });
const tick = (l: EventLedger, time: number, rows: Row[]) => [...l.arrivals(time, rows), ...l.departures(time, rows)];
const managed = (name: string, createdAt: number, over: Partial<ManagedInfo> = {}): ManagedInfo => ({ name, status: 'running', createdAt, command: ['munch'], detached: true, ...over });

test('the first reading of a container seen at start is a baseline, a rise after it is one event', () => {
  const l = new EventLedger({ startedAt: 1000 });
  assert.deepEqual(l.counters(1000, 'a', 'a', { oomKill: 3, pidsMax: 7 }), []);
  tick(l, 1000, [row('a')]);
  const ev = l.counters(2000, 'a', 'a', { oomKill: 4, pidsMax: 7 });
  assert.deepEqual(ev, [{ time: 2000, containerId: 'a', container: 'a', kind: 'oom_kill', value: 4, delta: 1 }]);
  // the tick then reads the same value: nothing new
  assert.deepEqual(l.counters(2500, 'a', 'a', { oomKill: 4, pidsMax: 7 }), []);
  assert.equal(l.changedAt('a', 'oomKill'), 2000);
  assert.equal(l.changedAt('a', 'pidsMax'), undefined);
});

test('a container made after we started counts from zero: an OOM kill before the first tick is an event', () => {
  const l = new EventLedger({ startedAt: 1000 });
  tick(l, 1000, []);
  const ev = l.counters(1500, 'nstop:m', 'm', { oomKill: 1, oom: 1, pidsMax: 0 }, true);
  assert.deepEqual(ev.map((e) => [e.kind, e.value, e.delta]), [['oom', 1, 1], ['oom_kill', 1, 1]]);
});

test('a counter that goes down is a new baseline, never a negative event', () => {
  const l = new EventLedger({ startedAt: 0 });
  l.counters(0, 'a', 'a', { pidsMax: 50 });
  assert.deepEqual(l.counters(1, 'a', 'a', { pidsMax: 2 }), []);
  assert.deepEqual(l.counters(2, 'a', 'a', { pidsMax: 5 }).map((e) => e.delta), [3]);
});

test('start after the first tick, exit with the status of an nstop container, silent rm', () => {
  const l = new EventLedger({ startedAt: 1000 });
  assert.deepEqual(tick(l, 1000, [row('old')]), []);
  assert.deepEqual(tick(l, 2000, [row('old'), row('new')]).map((e) => [e.kind, e.container]), [['start', 'new']]);
  const stopped = row('new', 'stopped', managed('new', 1500, { status: 'stopped', signal: 9, exitCode: null }));
  assert.deepEqual(tick(l, 3000, [row('old'), stopped]).map((e) => [e.kind, e.detail]), [['exit', 'signal 9']]);
  // still stopped: no second exit; then removed (rm): no event; "old" vanished: exit
  assert.deepEqual(tick(l, 4000, [row('old'), stopped]), []);
  assert.deepEqual(tick(l, 5000, []).map((e) => [e.kind, e.container, e.detail]), [['exit', 'old', undefined]]);
});

test('an nstop container that started and ended between two ticks gets start, its hit and exit', () => {
  const l = new EventLedger({ startedAt: 1000 });
  tick(l, 1000, []);
  const m = managed('munch', 1200, { status: 'stopped', signal: 9, exitCode: null, final: { oomKill: 1 } });
  const hit = l.counters(2000, 'nstop:munch', 'munch', { oomKill: 1 }, true);
  const life = tick(l, 2000, [row('munch', 'stopped', m)]);
  assert.deepEqual([...hit, ...life].map((e) => e.kind), ['oom_kill', 'start', 'exit']);
});

test('stopped containers from before we started make no events', () => {
  const l = new EventLedger({ startedAt: 5000 });
  const m = managed('gone', 100, { status: 'stopped', exitCode: 0, final: { oomKill: 2 } });
  assert.deepEqual(l.counters(5000, 'nstop:gone', 'gone', { oomKill: 2 }, false), []);
  assert.deepEqual(tick(l, 5000, [row('gone', 'stopped', m)]), []);
  assert.deepEqual(tick(l, 6000, [row('gone', 'stopped', m)]), []);
});

test('frozen and thawed once per change; listeners hear every event; the log is bounded', () => {
  const l = new EventLedger({ startedAt: 0, logLength: 3 });
  const heard: string[] = [];
  const off = l.subscribe((e) => heard.push(e.kind));
  l.counters(0, 'a', 'a', {});
  assert.deepEqual(l.frozen(0, 'a', 'a', false), []);
  assert.deepEqual(l.frozen(1, 'a', 'a', true).map((e) => e.kind), ['frozen']);
  assert.deepEqual(l.frozen(2, 'a', 'a', true), []);
  assert.deepEqual(l.frozen(3, 'a', 'a', false).map((e) => e.kind), ['thawed']);
  for (let i = 1; i <= 3; i++) l.counters(i * 1000, 'a', 'a', { throttled: i * 10 });
  assert.deepEqual(heard, ['frozen', 'thawed', 'throttled', 'throttled']);
  assert.deepEqual(l.events().map((e) => e.kind), ['thawed', 'throttled', 'throttled']);
  off();
  l.counters(9000, 'a', 'a', { throttled: 99 });
  assert.equal(heard.length, 4);
});

test('countersFromStats maps each cgroup counter to its event name', () => {
  const v = countersFromStats({
    memory: { oom: 1, oomKill: 2, maxHits: 3, highHits: 4 }, pids: { maxHits: 5 }, cpu: { nrThrottled: 6 }, psi: {}, memoryFormula: '',
  });
  assert.deepEqual(v, { oom: 1, oomKill: 2, memoryMaxHits: 3, memoryHighHits: 4, pidsMax: 5, throttled: 6 });
});

test('a counter rising many times a second is one event a second with the sum; a final reading is never held back', () => {
  const l = new EventLedger({ startedAt: 0 });
  l.counters(0, 'b', 'bomb', { pidsMax: 0 });
  const got = [100, 300, 600, 900, 1200, 1500].flatMap((t, i) => l.counters(t, 'b', 'bomb', { pidsMax: (i + 1) * 10 }));
  assert.deepEqual(got.map((e) => [e.time, e.value, e.delta]), [[100, 10, 10], [1200, 50, 40]]);
  assert.equal(l.changedAt('b', 'pidsMax'), 1500, 'the highlight follows every rise');
  assert.deepEqual(l.counters(1600, 'b', 'bomb', { pidsMax: 70 }, false, true).map((e) => [e.value, e.delta]), [[70, 20]]);
});
