// src/sampler/net-sampler.ts on a fake /proc: one read per network namespace (a pod's two
// rows, one pid), none for the host's network; off-screen namespaces every 5th tick
// with their last figures standing meanwhile; a vanished pid is quiet, a broken file a
// warning.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createNetSampler, type NetSampler } from '../../src/sampler/net-sampler.js';
import { emptyNetMemory, type NetMemory } from '../../src/model/net.js';
import type { ContainerRow, SampleDemand, Snapshot } from '../../src/model/types.js';
import { attachNet } from '../helpers/attach-net.js';
import { sampleSnapshot } from '../helpers/sample-snapshot.js';

const proc = mkdtempSync(join(os.tmpdir(), 'nstop-netproc-'));
after(() => rmSync(proc, { recursive: true, force: true }));

const HEAD = 'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
function fakeNet(pid: number, rx: number, tx: number): void {
  const d = join(proc, String(pid), 'net');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'dev'), `${HEAD}    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n  eth0: ${rx} 10 0 0 0 0 0 0 ${tx} 10 0 0 0 0 0 0\n`);
  writeFileSync(join(d, 'fib_trie'), 'Local:\n  +-- 10.77.0.0/24 2 0 2\n     |-- 10.77.0.9\n        /32 host LOCAL\n');
  writeFileSync(join(d, 'route'), 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00004D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n');
  writeFileSync(join(d, 'if_inet6'), '');
}

function row(id: string, pid: number, net: number, own = true): ContainerRow {
  return {
    id, name: id, runtime: 'nstop', ownCgroup: true, pids: [pid], nprocs: 1, initPid: pid, ns: { net }, isolated: own ? ['net'] : [], command: 'sh',
    counters: { oom: {}, oomKill: {}, memoryMaxHits: {}, memoryHighHits: {}, pidsMax: {}, throttled: {} }, history: { cpuPct: [], memoryBytes: [] }, status: 'running',
  };
}

/** The sampler reads the namespaces of the rows' groups (running, a network of their
 *  own); the model attaches the figures, as buildModel does. */
function withNet(sampler: NetSampler): { attachTo(s: Snapshot, watch?: SampleDemand['watch']): Snapshot } {
  let memory: NetMemory = emptyNetMemory();
  return {
    attachTo(s, watch) {
      const targets = s.containers.filter((r) => r.ns.net !== undefined && r.initPid !== undefined && r.status !== 'stopped' && r.isolated.includes('net')).map((r) => ({ id: r.id, name: r.name, ns: r.ns.net!, pid: r.initPid! }));
      const got = sampler.read(targets, s.time, watch);
      const out = attachNet(s.containers, got.readings, memory, got.kept);
      memory = out.memory;
      return { ...s, containers: out.rows, warnings: [...s.warnings, ...got.warnings] };
    },
  };
}

const snap = (time: number, rows: ContainerRow[]): Snapshot => ({ ...sampleSnapshot(), time, containers: rows, warnings: [] });
const net = (s: Snapshot, id: string) => s.containers.find((c) => c.id === id)!.net!;

test('a pod is read once, through its first row; the host network is not read', () => {
  fakeNet(101, 1000, 10);
  const rows = [row('web', 101, 7001), row('side', 999_999, 7001), row('tool', 102, 4026531840, false)];
  const s = withNet(createNetSampler(proc)).attachTo(snap(1000, rows));
  assert.deepEqual(s.warnings, []);
  assert.equal(net(s, 'side').rxBytes, 1000, 'the pid without /proc files was never needed');
  assert.deepEqual(net(s, 'web').interfaces.find((i) => i.name === 'eth0')!.addresses, ['10.77.0.9/24']);
  assert.equal(net(s, 'tool').own, false);
});

test('off screen: read every 5th tick, the last figures stand between; on screen: every tick', () => {
  fakeNet(201, 0, 0);
  fakeNet(202, 0, 0);
  const sampler = withNet(createNetSampler(proc));
  const rows = [row('seen', 201, 8001), row('hidden', 202, 8000)];
  const reads: number[] = [];
  let t = 0;
  for (let tick = 1; tick <= 12; tick++) {
    t += 1000;
    fakeNet(201, tick * 1000, 0);
    fakeNet(202, tick * 1000, 0);
    const s = sampler.attachTo(snap(t, rows), ['seen']);
    assert.equal(net(s, 'seen').rxBytes, tick * 1000, `on screen, tick ${tick}`);
    if (net(s, 'hidden').rxBytes === tick * 1000) reads.push(tick);
    else assert.ok(net(s, 'hidden').rxBytes! < tick * 1000, 'an older figure, never a newer one');
  }
  assert.equal(reads[0], 1, 'read on first sight');
  assert.equal(reads.length, 3, `read at ticks ${reads.join(',')}`);
  assert.equal(reads[2]! - reads[1]!, 5);
  // 'all' (nstop ls, events) reads it now; the rate spans the gap since its last reading
  fakeNet(202, 13 * 1000, 0);
  const s = sampler.attachTo(snap(t + 1000, rows), 'all');
  assert.equal(net(s, 'hidden').rxBytes, 13 * 1000);
  assert.equal(net(s, 'hidden').rxRate, 1000);
});

test('a vanished pid is skipped quietly; an unreadable file becomes a warning', () => {
  const d = join(proc, '301', 'net');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'dev'), `${HEAD}  eth0: garbage\n`);
  const s = withNet(createNetSampler(proc)).attachTo(snap(1000, [row('gone', 424242, 9001), row('broken', 301, 9002)]));
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /^network of broken: .*net\/dev:3: /);
  assert.deepEqual(net(s, 'gone').interfaces, []);
});
