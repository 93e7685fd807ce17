// src/model/net.ts: one reading per namespace -> rows; rates from the previous reading
// of that namespace (none on the first, none after a reset, never negative), totals
// without lo, pods share one reading, the host's network gets no figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyNetMemory, type NetReading } from '../../src/model/net.js';
import { attachNet } from '../helpers/attach-net.js';
import type { ContainerRow } from '../../src/model/types.js';

const HOST_NET = 4026531840;

function row(id: string, net: number, over: Partial<ContainerRow> = {}): ContainerRow {
  return {
    id, name: id, runtime: 'nstop', ownCgroup: true, pids: [1], nprocs: 1, initPid: 1, ns: { net }, isolated: net === HOST_NET ? [] : ['net'], command: 'sh',
    counters: { oom: {}, oomKill: {}, memoryMaxHits: {}, memoryHighHits: {}, pidsMax: {}, throttled: {} }, history: { cpuPct: [], memoryBytes: [] }, status: 'running', ...over,
  };
}

const reading = (time: number, eth0: [number, number], lo = 0): NetReading => ({
  time,
  ifaces: [
    { name: 'lo', rxBytes: lo, txBytes: lo, rxPackets: 1, txPackets: 1 },
    { name: 'eth0', rxBytes: eth0[0], txBytes: eth0[1], rxPackets: 5, txPackets: 5 },
  ],
  addresses: new Map([['eth0', ['10.77.0.2/24']], ['lo', ['127.0.0.1/8']]]),
});

test('first reading: bytes and addresses, no rates; the next one: bytes per second; lo left out of totals', () => {
  const rows = [row('web', 7)];
  const one = attachNet(rows, new Map([[7, reading(1000, [1000, 500], 999)]]), emptyNetMemory());
  const n1 = one.rows[0]!.net!;
  assert.deepEqual([n1.rxBytes, n1.txBytes, n1.rxRate, n1.txRate], [1000, 500, undefined, undefined]);
  assert.deepEqual(n1.interfaces.find((i) => i.name === 'eth0')!.addresses, ['10.77.0.2/24']);
  assert.deepEqual(n1.history, []);
  const two = attachNet(rows, new Map([[7, reading(3000, [5000, 1500], 99_999)]]), one.memory);
  const n2 = two.rows[0]!.net!;
  assert.deepEqual([n2.rxRate, n2.txRate], [2000, 500], '4000 B and 1000 B over 2 s');
  assert.equal(n2.interfaces.find((i) => i.name === 'lo')!.rxRate, 49_500, 'lo has its own rate, outside the totals');
  assert.deepEqual(n2.history, [2500]);
});

test('a counter that went down (interface made again) has no rate, not a negative one', () => {
  const rows = [row('web', 7)];
  const one = attachNet(rows, new Map([[7, reading(1000, [9000, 9000])]]), emptyNetMemory());
  const two = attachNet(rows, new Map([[7, reading(2000, [100, 9100])]]), one.memory);
  const n = two.rows[0]!.net!;
  assert.equal(n.rxRate, undefined);
  assert.equal(n.txRate, 100);
  assert.deepEqual(n.history, [100]);
});

test('a namespace missing for a tick starts over: no rate across the gap', () => {
  const rows = [row('web', 7)];
  const one = attachNet(rows, new Map([[7, reading(1000, [0, 0])]]), emptyNetMemory());
  const gap = attachNet(rows, new Map(), one.memory);
  assert.deepEqual(gap.rows[0]!.net!.interfaces, []);
  const back = attachNet(rows, new Map([[7, reading(3000, [10, 10])]]), gap.memory);
  assert.equal(back.rows[0]!.net!.rxRate, undefined);
});

test('a pod: two containers in one namespace share the reading and name each other; the host network gets no figures', () => {
  const rows = [row('web', 7), row('sidecar', 7), row('tool', HOST_NET), row('old', 9, { status: 'stopped' })];
  const out = attachNet(rows, new Map([[7, reading(1000, [10, 20])]]), emptyNetMemory()).rows;
  const by = new Map(out.map((r) => [r.id, r.net]));
  assert.deepEqual(by.get('web')!.sharedWith, ['sidecar']);
  assert.deepEqual(by.get('sidecar')!.sharedWith, ['web']);
  assert.equal(by.get('sidecar')!.rxBytes, 10);
  assert.deepEqual(by.get('tool'), { ns: HOST_NET, own: false, sharedWith: [], interfaces: [], history: [] });
  assert.equal(by.get('old'), undefined, 'stopped: nothing to read');
});
