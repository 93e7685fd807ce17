// The pid list kept by process events (sampler/live-pids.ts), driven by a scripted event
// source and a scripted /proc: what it adds, removes, renews, and when it lists /proc.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PidEventSink, PidEventSource } from '../../src/host/procfs/proc-events.js';
import { FULL_EVERY, GIVE_UP, LivePids } from '../../src/sampler/live-pids.js';

type Ev = ['fork', number, number] | ['exec', number] | ['exit', number, number];

/** /proc as a set of pids, events queued by the test; `lose` makes the next drain lossy. */
function world(initial: number[]) {
  const proc = new Set(initial);
  let queue: Ev[] = [];
  let lose = false;
  let closed = false;
  let listings = 0;
  const source: PidEventSource = {
    drain(sink: PidEventSink) {
      for (const e of queue) {
        if (e[0] === 'fork') sink.fork(e[1], e[2]);
        else if (e[0] === 'exec') sink.exec(e[1]);
        else sink.exit(e[1], e[2]);
      }
      queue = [];
      const ok = !lose;
      lose = false;
      return ok;
    },
    close() {
      closed = true;
    },
  };
  const live = new LivePids(source, () => (listings++, [...proc].sort((a, b) => a - b)), (pid) => proc.has(pid));
  return {
    live,
    proc,
    events: (...e: Ev[]) => void queue.push(...e),
    lose: () => void (lose = true),
    listings: () => listings,
    closed: () => closed,
  };
}

test('forks add a process, exits remove it once /proc has no more of it, and /proc is listed only at the start', () => {
  const w = world([1, 10, 20]);
  let r = w.live.next(20);
  assert.deepEqual([r.list, r.listed], [[1, 10, 20], true]);
  // 30 forks 31 (a process) and a thread 32; 10 exits and is reaped
  w.proc.add(31);
  w.proc.delete(10);
  w.events(['fork', 31, 31], ['fork', 32, 31], ['exit', 10, 10]);
  r = w.live.next(32);
  assert.deepEqual([r.list, r.gone, r.changed, r.listed], [[1, 20, 31], [10], true, false]);
  // nothing happened: the same array, no listing
  const same = w.live.next(32);
  assert.equal(same.list, r.list);
  assert.equal(same.changed, false);
  assert.equal(w.listings(), 1);
});

test('a process that came and went between two ticks never shows; a zombie stays until it is reaped', () => {
  const w = world([1]);
  w.live.next(1);
  w.proc.add(5);
  w.events(['fork', 2, 2], ['exit', 2, 2], ['fork', 5, 5], ['exit', 5, 5]);
  let r = w.live.next(5);
  assert.deepEqual(r.list, [1, 5], '5 exited but /proc still lists it (a zombie)');
  r = w.live.next(5);
  assert.deepEqual(r.list, [1, 5]);
  w.proc.delete(5); // its parent reaped it: no event says so
  r = w.live.next(5);
  assert.deepEqual([r.list, r.gone], [[1], [5]]);
});

test('a leader that exits while its threads run stays until the last thread ends', () => {
  const w = world([1, 7]);
  w.live.next(7);
  w.events(['exit', 7, 7]);
  assert.deepEqual(w.live.next(7).list, [1, 7]);
  w.proc.delete(7);
  w.events(['exit', 9, 7]);
  assert.deepEqual(w.live.next(7).list, [1]);
});

test('a reused pid and an exec are renewed (their identity is read again)', () => {
  const w = world([1, 40, 41]);
  w.live.next(41);
  w.events(['exit', 40, 40], ['fork', 40, 40], ['exec', 41]);
  const r = w.live.next(40);
  assert.deepEqual([r.list, [...r.renewed].sort()], [[1, 40, 41], [40, 41]]);
});

test('lost events, a last pid no fork accounts for, and FULL_EVERY ticks of changes each list /proc', () => {
  const w = world([1]);
  w.live.next(1);
  w.lose();
  assert.equal(w.live.next(1).listed, true, 'ENOBUFS');
  w.proc.add(3);
  assert.deepEqual([w.live.next(3).listed, w.live.next(3).list], [true, [1, 3]], 'pid 3 forked without an event');
  for (let i = 0; i < FULL_EVERY * 3; i++) assert.equal(w.live.next(3).listed, false, 'a still host is never listed');
  let listed = -1;
  for (let i = 1; i <= FULL_EVERY + 1 && listed < 0; i++) {
    w.proc.add(100 + i);
    w.events(['fork', 100 + i, 100 + i]);
    if (w.live.next(100 + i).listed) listed = i;
  }
  assert.ok(listed > 0 && listed <= FULL_EVERY, `listed after ${listed} ticks of changes`);
});

test(`after ${GIVE_UP} lossy ticks in a row the events are closed and /proc is listed every tick`, () => {
  const w = world([1]);
  w.live.next(1);
  for (let i = 0; i < GIVE_UP; i++) {
    w.lose();
    w.live.next(1);
  }
  assert.equal(w.closed(), true);
  assert.equal(w.live.live, false);
  const before = w.listings();
  w.live.next(1);
  assert.equal(w.listings(), before + 1);
});

test('more zombies than are looked at a tick wait for the next listing, which then comes', () => {
  const many = Array.from({ length: 1500 }, (_, i) => 1000 + i);
  const w = world([1, ...many]);
  w.live.next(1);
  w.events(...many.map((p): Ev => ['exit', p, p]));
  assert.equal(w.live.next(1).list.length, 1501, 'zombies, all of them');
  for (const p of many) w.proc.delete(p); // all reaped
  const after = w.live.next(1);
  assert.ok(after.list.length > 1 && after.list.length < 1501, `some looked at, some not: ${after.list.length}`);
  let ticks = 0;
  while (w.live.next(1).list.length > 1 && ticks < FULL_EVERY) ticks++;
  assert.deepEqual(w.live.next(1).list, [1], `gone within ${FULL_EVERY} ticks`);
});
