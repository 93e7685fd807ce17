// Containers without a CPU counter of their own have their CPU % summed from their
// processes (sampler/member-cpu.ts): rows on screen are read every tick, the others at a
// bounded slower rate, spread over the ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerGroup } from '../../src/model/group.js';
import { createMemberCpu, IDLE_READS, OFF_SCREEN_CPU_EVERY, ON_SCREEN_IDLE_EVERY, OFF_SCREEN_PIDS_PER_TICK, offScreenPeriod } from '../../src/sampler/member-cpu.js';
import { proc } from '../helpers/model-procs.js';

/** n containers of `per` processes each (3 unless told), ids g0..g(n-1), pids 1000i+1.. */
function groups(n: number, per = 3): ContainerGroup[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `g${i}`, name: `g${i}`, runtime: 'ad-hoc' as const,
    members: Array.from({ length: per }, (_, k) => proc({ pid: 1000 * i + k + 1 })),
  }));
}

/** Which groups had their processes read on each of `ticks` ticks. */
function run(n: number, ticks: number, onScreen: ReadonlySet<string> | undefined, counted: (id: string) => boolean = () => false): Set<string>[] {
  const m = createMemberCpu();
  const gs = groups(n);
  const out: Set<string>[] = [];
  for (let t = 1; t <= ticks; t++) {
    const pids = m.pidsFor(gs, counted, onScreen, t);
    const read = new Set<string>();
    for (const g of gs) {
      const hit = g.members.filter((p) => pids.has(p.pid)).length;
      assert.ok(hit === 0 || hit === g.members.length, `${g.id}: all of its processes or none`);
      if (hit > 0) read.add(g.id);
    }
    out.push(read);
  }
  return out;
}

test('a row on screen has its processes read every tick', () => {
  const ticks = run(20, 30, new Set(['g3', 'g7']));
  for (const [i, read] of ticks.entries()) {
    assert.ok(read.has('g3') && read.has('g7'), `tick ${i + 1}: the rows on screen were read`);
  }
});

test(`in a row on screen a sleeper is read once per ${ON_SCREEN_IDLE_EVERY} ticks after ${IDLE_READS} idle readings; a process that runs, and the first, every tick`, () => {
  const m = createMemberCpu();
  const gs = groups(1, 6);
  const cpu = new Map(gs[0]!.members.map((p) => [p.pid, 100]));
  const busy = gs[0]!.members[3]!.pid;
  const reads = new Map<number, number[]>();
  for (let t = 1; t <= 40; t++) {
    const pids = m.pidsFor(gs, () => false, new Set(['g0']), t);
    cpu.set(busy, cpu.get(busy)! + 7); // it runs between every two ticks
    for (const pid of pids) {
      (reads.get(pid) ?? reads.set(pid, []).get(pid)!).push(t);
      m.observe(pid, cpu.get(pid));
    }
  }
  const [first, ...rest] = gs[0]!.members.map((p) => reads.get(p.pid) ?? []);
  assert.equal(first!.length, 40, 'the first member: every tick');
  assert.equal(reads.get(busy)!.length, 40, 'one that ran: every tick');
  for (const [i, ticks] of rest.entries()) {
    if (gs[0]!.members[i + 1]!.pid === busy) continue;
    const late = ticks.filter((t) => t > IDLE_READS + 1);
    for (let k = 1; k < late.length; k++) assert.equal(late[k]! - late[k - 1]!, ON_SCREEN_IDLE_EVERY, `a sleeper's readings: ${ticks.join(',')}`);
    assert.ok(late.length >= Math.floor((40 - IDLE_READS - 1) / ON_SCREEN_IDLE_EVERY), ticks.join(','));
  }
});

test(`a row off screen is read on first sight and the tick after, then at most ${OFF_SCREEN_CPU_EVERY} ticks apart`, () => {
  const ticks = run(20, 60, new Set(['g0']));
  for (let g = 1; g < 20; g++) {
    const on = ticks.flatMap((read, i) => (read.has(`g${g}`) ? [i + 1] : []));
    assert.deepEqual(on.slice(0, 2), [1, 2], `g${g}: a figure at once`);
    for (let k = 1; k < on.length; k++) assert.ok(on[k]! - on[k - 1]! <= OFF_SCREEN_CPU_EVERY, `g${g}: read on ${on.join(',')}`);
    assert.ok(60 - on.at(-1)! < OFF_SCREEN_CPU_EVERY, `g${g}: still read at the end`);
    // bounded: far fewer readings than ticks once settled
    assert.ok(on.filter((t) => t > 10).length <= Math.ceil(50 / OFF_SCREEN_CPU_EVERY), `g${g}: read on ${on.join(',')}`);
  }
});

test('rows off screen are spread over the ticks, not all read on one', () => {
  const ticks = run(50, 40, new Set());
  for (let i = 10; i < 40; i++) assert.ok(ticks[i]!.size < 50 / 2, `tick ${i + 1} read ${ticks[i]!.size} of 50 rows`);
});

test('every row is read every tick for the CLI; a row with its own CPU counter never', () => {
  const ticks = run(10, 12, undefined, (id) => id === 'g4');
  for (const read of ticks) {
    assert.equal(read.size, 9);
    assert.ok(!read.has('g4'));
  }
});

test(`a big host's off-screen rows cost about ${OFF_SCREEN_PIDS_PER_TICK} process reads a tick: their readings come further apart`, () => {
  // 30,000 processes in 600 containers, 25 on screen (the bench's larger host)
  const m = createMemberCpu();
  const gs = groups(600, 50);
  const screen = new Set(gs.slice(0, 25).map((g) => g.id));
  const every = offScreenPeriod(575 * 50);
  assert.equal(every, 29);
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (let t = 1; t <= 100; t++) {
    const pids = m.pidsFor(gs, () => false, screen, t);
    if (t > 2 * every) assert.ok(pids.size <= 25 * 50 + 2 * OFF_SCREEN_PIDS_PER_TICK, `tick ${t}: ${pids.size} processes read`);
    for (const g of gs.slice(25)) {
      if (!pids.has(g.members[0]!.pid)) continue;
      if (last.has(g.id) && t > every) gaps.push(t - last.get(g.id)!);
      last.set(g.id, t);
    }
  }
  assert.ok(gaps.length > 0 && Math.max(...gaps) <= every, `off-screen rows read at most ${every} ticks apart`);
  assert.equal(offScreenPeriod(100), OFF_SCREEN_CPU_EVERY, 'a small host: every 5th tick as before');
});

test(`off screen a sleeper is read at one of ${ON_SCREEN_IDLE_EVERY} readings of its row, a busy process at each; a host of sleepers is read every ${OFF_SCREEN_CPU_EVERY} ticks`, () => {
  // 10,000 processes in 200 containers, 25 on screen; one busy process in each row
  const m = createMemberCpu();
  const gs = groups(200, 50);
  const screen = new Set(gs.slice(0, 25).map((g) => g.id));
  const busy = new Set(gs.map((g) => g.members[7]!.pid));
  const ticksOf = new Map<number, number>();
  const rowReadings = new Map<string, number[]>();
  const pidReadings = new Map<number, number[]>();
  let offReads = 0;
  for (let t = 1; t <= 120; t++) {
    const pids = m.pidsFor(gs, () => false, screen, t);
    for (const pid of pids) {
      const ticks = (ticksOf.get(pid) ?? 100) + (busy.has(pid) ? 3 : 0);
      ticksOf.set(pid, ticks);
      m.observe(pid, ticks);
    }
    for (const g of gs.slice(25)) {
      if (!pids.has(g.members[0]!.pid)) continue;
      rowReadings.set(g.id, [...(rowReadings.get(g.id) ?? []), t]);
      for (const p of g.members) if (pids.has(p.pid)) pidReadings.set(p.pid, [...(pidReadings.get(p.pid) ?? []), t]);
      if (t > 40) offReads += g.members.filter((p) => pids.has(p.pid)).length;
    }
  }
  for (const g of gs.slice(25)) {
    const rows = (rowReadings.get(g.id) ?? []).filter((t) => t > 40);
    for (let k = 1; k < rows.length; k++) assert.ok(rows[k]! - rows[k - 1]! <= OFF_SCREEN_CPU_EVERY, `${g.id} read at ${rows.join(',')}`);
    const busyAt = new Set(pidReadings.get(g.members[7]!.pid));
    for (const t of rows) assert.ok(busyAt.has(t), `${g.id}'s busy process read at each reading of its row`);
    for (const p of g.members.slice(1)) {
      if (busy.has(p.pid)) continue;
      const at = new Set(pidReadings.get(p.pid));
      const missed = rows.filter((t) => !at.has(t)).length;
      assert.ok(missed > 0, `sleeper ${p.pid} not read at every reading of its row`);
      let run = 0;
      for (const t of rows) {
        run = at.has(t) ? 0 : run + 1;
        assert.ok(run < ON_SCREEN_IDLE_EVERY, `sleeper ${p.pid} read at least once in ${ON_SCREEN_IDLE_EVERY} readings: ${[...at].join(',')} of ${rows.join(',')}`);
      }
    }
  }
  assert.ok(offReads / 80 < OFF_SCREEN_PIDS_PER_TICK / 2, `off-screen reads a tick: ${offReads / 80}`);
});

test('the stand-in for a CPU counter moves when a reading shows a member ran or one came or went, not otherwise', () => {
  const m = createMemberCpu();
  const [g] = groups(1, 3);
  const members = g!.members;
  for (const p of members) m.observe(p.pid, 50);
  const before = m.standIn(members);
  m.observe(members[0]!.pid, 50); // read again, did not run
  assert.equal(m.standIn(members), before, 'a reading with the same ticks');
  assert.equal(m.standIn(members), before, 'no reading at all (a sleeper not due)');
  m.observe(members[2]!.pid, 51);
  const ran = m.standIn(members);
  assert.notEqual(ran, before, 'a member ran');
  assert.notEqual(m.standIn(members.slice(0, 2)), m.standIn(members.slice(0, 2).concat(proc({ pid: 9999 }))), 'a new member, never read yet');
  assert.notEqual(m.standIn(members.slice(1)), ran, 'a member left');
  // pruned readings are those of pids in no group without a counter: members keep theirs
  m.prune([g!], () => false, 30);
  assert.equal(m.standIn(members), ran);
  m.prune([g!], () => true, 60);
  assert.notEqual(m.standIn(members), ran, 'its group has a counter now: readings dropped');
});
