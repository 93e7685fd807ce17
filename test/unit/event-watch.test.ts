// The event watcher on files it can be given without root: a v2 fixture group whose
// memory.events/pids.events are notified (inotify works on plain files too), and a
// polled v1-style pids.events. The real cgroup side is test/integration/events-*.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createCgroupDriver } from '../../src/host/cgroup/index.js';
import { createEventWatcher, SLOW_EVERY } from '../../src/sampler/event-watch.js';
import { parentRef } from '../../src/sampler/parent-gate.js';
import { countersFromStats } from '../../src/model/ledger.js';
import { fixture } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-watch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (cond()) (clearInterval(t), resolve());
      else if (Date.now() > until) (clearInterval(t), reject(new Error('timed out')));
    }, 10);
  });
}

test('a notified file (v2 memory.events) reports its group when it changes; dropped groups stop reporting', async () => {
  const file = join(dir, 'memory.events');
  writeFileSync(file, 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n');
  const seen: string[] = [];
  const w = createEventWatcher({ driver: { eventSources: () => ({ notify: [file], oomControl: [], poll: [] }) }, onChange: (id) => seen.push(id) });
  try {
    w.watch([{ id: 'g', ref: { v1: {} } }]);
    assert.deepEqual(w.describe(), [{ id: 'g', inotify: 1, eventfd: 0, polled: 0 }]);
    writeFileSync(file, 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    await waitFor(() => seen.includes('g'));
    w.watch([]);
    assert.deepEqual(w.describe(), []);
    seen.length = 0;
    writeFileSync(file, 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, []);
  } finally {
    w.close();
  }
});

test('a file without notification (v1 pids.events) is polled: a change reports, no change stays quiet', async () => {
  const file = join(dir, 'pids.events');
  writeFileSync(file, 'max 0\n');
  const seen: string[] = [];
  const w = createEventWatcher({ driver: { eventSources: () => ({ notify: [], oomControl: [], poll: [file] }) }, onChange: (id) => seen.push(id), pollMs: 20 });
  try {
    w.watch([{ id: 'p', ref: { v1: {} } }]);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen, [], 'an unchanged file is not a change');
    writeFileSync(file, 'max 7\n');
    await waitFor(() => seen.length === 1);
  } finally {
    w.close();
  }
});

test('a polled group whose CPU time stands still is not read: a limit hit needs a task that runs', async () => {
  const file = join(dir, 'pids.events.gated');
  writeFileSync(file, 'max 0\n');
  const seen: string[] = [];
  let usage = 100;
  let usageReads = 0;
  const driver = { eventSources: () => ({ notify: [], oomControl: [], poll: [file] }), readUsage: () => (usageReads++, usage) };
  const w = createEventWatcher({ driver, onChange: (id) => seen.push(id), pollMs: 20 });
  try {
    w.watch([{ id: 'p', ref: { v1: {} } }]);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(file, 'max 3\n'); // (a test can change the file without running anything)
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen, [], 'CPU time stood still: the file was not read');
    assert.ok(usageReads >= 3, 'the one-file gate is read every poll');
    usage = 101;
    await waitFor(() => seen.length === 1);
  } finally {
    w.close();
  }
});

test('a group without a limit of its own is polled once per SLOW_EVERY polls; one with a limit every poll', async () => {
  const files = { fast: join(dir, 'pids.events.fast'), slow: join(dir, 'pids.events.slow') };
  writeFileSync(files.fast, 'max 0\n');
  writeFileSync(files.slow, 'max 0\n');
  const reads = { fast: 0, slow: 0 };
  let usage = 0;
  const driver = {
    eventSources: (ref: { v1: Record<string, string> }) => ({ notify: [], oomControl: [], poll: [ref.v1['pids'] === 'slow' ? files.slow : files.fast] }),
    // CPU time moves at every read: every poll that looks at a group reads its file
    readUsage: (ref: { v1: Record<string, string> }) => (reads[ref.v1['pids'] as 'fast' | 'slow']++, ++usage),
  };
  const w = createEventWatcher({ driver, onChange: () => undefined, pollMs: 10 });
  try {
    w.watch([
      { id: 'f', ref: { v1: { pids: 'fast' } } },
      { id: 's', ref: { v1: { pids: 'slow' } }, slow: true },
    ]);
    await waitFor(() => reads.fast >= 4 * SLOW_EVERY);
    assert.ok(reads.slow >= 1 && reads.slow <= Math.ceil(reads.fast / SLOW_EVERY) + 1, `fast ${reads.fast}, slow ${reads.slow}`);
    // a limit set later: the group is polled every time from the next watch() on
    w.watch([
      { id: 'f', ref: { v1: { pids: 'fast' } } },
      { id: 's', ref: { v1: { pids: 'slow' } } },
    ]);
    const at = { ...reads };
    await waitFor(() => reads.fast - at.fast >= 2 * SLOW_EVERY);
    assert.ok(reads.slow - at.slow >= reads.fast - at.fast - 2, `fast +${reads.fast - at.fast}, slow +${reads.slow - at.slow}`);
  } finally {
    w.close();
  }
});

test('groups under one parent: its still CPU time stands for theirs, a run below it is still found', async () => {
  // a load's groups /load/c0../load/c2 with pids limits, polled; CPU time counted up the tree
  const files = [0, 1, 2].map((i) => join(dir, `pids.events.under${i}`));
  for (const f of files) writeFileSync(f, 'max 0\n');
  const usage = new Map<string, number>([['/load', 300], ['/load/c0', 100], ['/load/c1', 100], ['/load/c2', 100]]);
  const reads = new Map<string, number>();
  const seen: string[] = [];
  const driver = {
    eventSources: (ref: { v1: Record<string, string> }) => ({ notify: [], oomControl: [], poll: [files[Number(ref.v1['pids']!.slice(-1))]!] }),
    readUsage: (ref: { v1: Record<string, string> }) => {
      const p = ref.v1['cpuacct']!;
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return usage.get(p);
    },
  };
  const ref = (i: number) => ({ v1: { cpuacct: `/load/c${i}`, pids: `/load/c${i}` } });
  const w = createEventWatcher({ driver, onChange: (id) => seen.push(id), pollMs: 10 });
  try {
    w.watch([0, 1, 2].map((i) => ({ id: `c${i}`, ref: ref(i), slow: i === 2 })));
    await waitFor(() => (reads.get('/load') ?? 0) >= 3 * SLOW_EVERY);
    const below = (reads.get('/load/c0') ?? 0) + (reads.get('/load/c1') ?? 0) + (reads.get('/load/c2') ?? 0);
    assert.ok(below <= 3, `the parent stood still: its groups' own CPU time was read ${below} times`);
    // c2 (polled once in SLOW_EVERY) runs and hits its limit: found at its next look
    writeFileSync(files[2]!, 'max 1\n');
    usage.set('/load/c2', 101);
    usage.set('/load', 301);
    await waitFor(() => seen.includes('c2'));
    assert.deepEqual(seen, ['c2']);
  } finally {
    w.close();
  }
});

test('parentRef: one level up in every hierarchy, none at a root', () => {
  assert.deepEqual(parentRef({ unified: '/docker/abc', v1: { memory: '/docker/abc', pids: '/docker/abc' } }), { unified: '/docker', v1: { memory: '/docker', pids: '/docker' } });
  assert.equal(parentRef({ unified: '/', v1: {} }), undefined);
  assert.equal(parentRef({ unified: '/docker', v1: {} }), undefined, 'the root: it always moves');
  assert.equal(parentRef({ v1: { memory: '/a', pids: '/' } }), undefined);
  assert.equal(parentRef({ v1: {} }), undefined);
});

test('drivers name the event files of a group: v2 notifies, v1 polls pids and takes an eventfd for OOM', () => {
  const v2 = createCgroupDriver(fixture('cgroup-v2'));
  const ref2 = v2.refFromMembership([{ hierarchyId: 0, controllers: [], path: '/nstop-fixture/box' }]);
  const s2 = v2.eventSources(ref2);
  assert.deepEqual(s2.notify.map((f) => f.split('/').pop()), ['memory.events', 'pids.events', 'cgroup.events']);
  assert.deepEqual([s2.oomControl, s2.poll], [[], []]);
  const v1 = createCgroupDriver(fixture('cgroup-v1'));
  const ref1 = v1.refFromMembership([
    { hierarchyId: 4, controllers: ['memory'], path: '/nstop/box' },
    { hierarchyId: 5, controllers: ['pids'], path: '/nstop/box' },
  ]);
  const s1 = v1.eventSources(ref1);
  assert.deepEqual(s1.notify, []);
  assert.ok(s1.oomControl[0]?.endsWith('memory/nstop/box/memory.oom_control'), JSON.stringify(s1));
  assert.ok(s1.poll.some((f) => f.endsWith('pids/nstop/box/pids.events')), JSON.stringify(s1));
});

test('v2 fixture: memory.events, pids.events and cgroup.events become the event counters', () => {
  // memory.events "max 7", "oom 1", "oom_kill 1"; pids.events "max 2"; cgroup.events "frozen 0"
  const v2 = createCgroupDriver(fixture('cgroup-v2'));
  const stats = v2.readStats(v2.refFromMembership([{ hierarchyId: 0, controllers: [], path: '/nstop-fixture/box' }]));
  const c = countersFromStats(stats);
  assert.deepEqual([c.oom, c.oomKill, c.memoryMaxHits, c.memoryHighHits, c.pidsMax], [1, 1, 7, 0, 2]);
  assert.equal(stats.frozen, false);
});
