// Which groups get which cgroup read each tick: all in full for the CLI (no watch list).
// In the dashboard every row gets a one-file usage read first. Rows on screen: in full
// every tick while they run, once per 3 ticks while idle (sooner when marked or when
// their PSI decays). Rows off screen: a hot read only when their CPU time moved, a full
// read once per 5 ticks while they run, once per 20 while they stay idle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupStats } from '../../src/host/cgroup/types.js';
import { createGroupStatsReader, FULL_EVERY, IDLE_FULL_EVERY, ON_SCREEN_FULL_EVERY } from '../../src/sampler/group-stats.js';
import { count, countingDriver, dirs, fail, groups } from '../helpers/counting-driver.js';

test('the CLI (no watch list) reads every group in full every tick', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  for (let i = 0; i < 3; i++) await read(groups, undefined, fail);
  assert.equal(d.full.length, 30);
  assert.equal(d.hot.length + d.usage.length, 0);
});

test('groups that run: on screen in full each tick, the others hot and in full once per 5 ticks', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  await read(groups, ['g0'], fail); // first sight: everything in full
  d.reset();
  let last = new Map<string, CgroupStats>();
  for (let i = 0; i < FULL_EVERY; i++) {
    d.run(dirs);
    last = await read(groups, ['g0'], fail);
  }
  assert.equal(count(d.full, '/g0'), FULL_EVERY, 'on screen: every tick');
  for (const g of dirs.slice(1)) {
    assert.equal(count(d.full, g), 1, `${g}: once in 5 ticks`);
    assert.equal(count(d.hot, g), FULL_EVERY - 1, `${g}: hot in between`);
  }
  // a hot read brings the moving figures and keeps the limit of the last full read
  const hotNow = groups.filter((g) => last.get(g.id)?.memory.current === 2);
  assert.ok(hotNow.length >= 7, 'two slots of 10 groups, plus the one on screen, at most');
  for (const g of hotNow) assert.deepEqual(last.get(g.id)?.memory, { current: 2, max: 100 }, g.id);
  for (const g of groups) assert.equal(last.get(g.id)?.cpu.usageUsec, FULL_EVERY, `${g.id}: this tick's CPU time`);
});

test('idle groups off screen: one usage read a tick, last figures kept, a full read once per 20 ticks', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  dirs.slice(1).forEach((g) => d.idle.add(g));
  await read(groups, ['g0'], fail);
  d.reset();
  const seen: Map<string, CgroupStats>[] = [];
  for (let i = 0; i < IDLE_FULL_EVERY; i++) {
    d.run(dirs);
    seen.push(await read(groups, ['g0'], fail));
  }
  assert.equal(count(d.full, '/g0'), IDLE_FULL_EVERY, 'on screen: every tick, idle or not');
  for (const g of dirs.slice(1)) {
    assert.equal(count(d.usage, g), IDLE_FULL_EVERY, `${g}: the one-file gate each tick`);
    assert.equal(count(d.hot, g), 0, `${g}: nothing moved, no hot read`);
    assert.equal(count(d.full, g), 1, `${g}: once in 20 ticks`);
  }
  // a group that wakes up gets its full read at once (its last one is > 5 ticks old)
  d.idle.delete('/g5');
  d.reset();
  d.run(dirs);
  const woke = await read(groups, ['g0'], fail);
  assert.equal(count(d.full, '/g5'), 1);
  assert.equal(woke.get('g5')?.cpu.usageUsec, 1);
  // and an idle group's figures are the ones last read, not undefined
  for (const s of seen) assert.equal(s.get('g3')?.memory.max, 100);
});

test('a group whose usage read fails (vanished) is left out and reported', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  await read(groups, ['g0'], fail);
  const gone = Object.assign(new Error('gone'), { code: 'ENOENT' });
  (d.driver as { readUsage: unknown }).readUsage = (ref: { unified?: string }) => {
    if (ref.unified === '/g7') throw gone;
    return 0;
  };
  const errors: string[] = [];
  const out = await read(groups, ['g0'], (g, err) => errors.push(`${g.id} ${(err as Error).message}`));
  assert.deepEqual(errors, ['g7 gone']);
  assert.equal(out.has('g7'), false);
  assert.equal(out.size, 9);
});

test('idle rows on screen: in full once per 3 ticks, every tick while marked; their decaying PSI alone in between', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  const screen = ['g0', 'g1', 'g2'];
  dirs.forEach((g) => d.idle.add(g));
  d.psi.set('/g2', 0.5); // stalled on io a moment ago: avg10 still decaying
  await read(groups, screen, fail);
  d.reset();
  const ticks = 3 * ON_SCREEN_FULL_EVERY;
  for (let i = 0; i < ticks; i++) await read(groups, screen, fail);
  for (const g of ['/g0', '/g1']) {
    assert.equal(count(d.usage, g), ticks, `${g}: the gate every tick`);
    assert.equal(count(d.full, g), 3, `${g}: in full once per ${ON_SCREEN_FULL_EVERY} ticks`);
  }
  assert.equal(count(d.full, '/g2'), 3, 'PSI above zero: in full once per 3 ticks too');
  assert.equal(count(d.psiReads, '/g2'), ticks - 3, '...and its PSI alone on the other ticks');
  assert.equal(count(d.psiReads, '/g0'), 0, 'PSI at zero: nothing to follow');
  assert.deepEqual([...new Set(d.psiKinds)], ['io'], 'only the decaying kind is read again, not cpu at zero');
  // the decayed figure is this tick's, over the last full read's other figures
  d.psi.set('/g2', 0.25);
  d.reset();
  let now = await read(groups, screen, fail);
  if (count(d.full, '/g2') === 1) now = await read(groups, screen, fail); // its full read fell here: one more
  assert.equal(now.get('g2')?.psi.io?.some.avg10, 0.25);
  assert.equal(now.get('g2')?.psi.cpu?.some.total, 7, 'the kind not read again is kept');
  assert.equal(now.get('g2')?.memory.max, 100);
  // decayed to zero: no more PSI reads until it stalls again
  d.psi.set('/g2', 0);
  await read(groups, screen, fail);
  d.reset();
  for (let i = 0; i < ON_SCREEN_FULL_EVERY; i++) await read(groups, screen, fail);
  assert.equal(count(d.psiReads, '/g2'), 0);
  // nstop set a limit (or the watcher saw an event file move): in full on the next tick
  d.reset();
  await read(groups, screen, fail, new Set(['g0', 'g1']));
  assert.deepEqual([count(d.full, '/g0'), count(d.full, '/g1'), count(d.usage, '/g0')], [1, 1, 0]);
  // a row that starts running is read in full at once
  d.idle.delete('/g1');
  d.run(dirs);
  d.reset();
  const woke = await read(groups, screen, fail);
  assert.equal(count(d.full, '/g1'), 1, 'the tick after it ran: in full');
  assert.equal(woke.get('g1')?.cpu.usageUsec, 1);
  d.idle.add('/g1');
  d.reset();
  for (let i = 0; i < ON_SCREEN_FULL_EVERY; i++) await read(groups, screen, fail);
  assert.equal(count(d.full, '/g1'), 1, 'idle again: back to once per 3 ticks');
});

test("a caller's idleFullEvery (nstop record: a minute's samples) spaces idle rows' full reads, not running ones'", async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  const screen = dirs.map((_, i) => `g${i}`);
  dirs.slice(1).forEach((g) => d.idle.add(g));
  await read(groups, screen, fail, new Set(), { idleEvery: 12 });
  d.reset();
  for (let i = 0; i < 24; i++) {
    d.run(dirs);
    await read(groups, screen, fail, new Set(), { idleEvery: 12 });
  }
  assert.equal(count(d.full, '/g0'), 24, 'running: in full every tick');
  for (const g of dirs.slice(1)) {
    assert.equal(count(d.full, g), 2, `${g}: idle, in full once per 12 ticks`);
    assert.equal(count(d.usage, g), 24, `${g}: the gate every tick`);
  }
});

test('psiAverages false (nstop serve): a decaying PSI average alone reads an idle row once per 3 ticks, not every tick', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  const screen = ['g0', 'g1'];
  dirs.forEach((g) => d.idle.add(g));
  d.psi.set('/g1', 0.5);
  await read(groups, screen, fail, new Set(), { psiAverages: false });
  d.reset();
  const ticks = 3 * ON_SCREEN_FULL_EVERY;
  for (let i = 0; i < ticks; i++) await read(groups, screen, fail, new Set(), { psiAverages: false });
  for (const g of ['/g0', '/g1']) assert.equal(count(d.full, g), 3, `${g}: in full once per ${ON_SCREEN_FULL_EVERY} ticks`);
  // one that runs is still read in full each tick
  d.idle.delete('/g1');
  d.reset();
  for (let i = 0; i < 2; i++) {
    d.run(dirs);
    await read(groups, screen, fail, new Set(), { psiAverages: false });
  }
  assert.equal(count(d.full, '/g1'), 2);
});

test('groups under one parent whose CPU time stood still: one read of the parent for them all', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  const under = Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, name: `l${i}`, ref: { v1: {}, unified: `/load/l${i}` } }));
  const names = under.map((g) => g.ref.unified);
  const all = under.map((g) => g.id);
  await read(under, all, fail); // first sight: in full
  await read(under, all, fail); // each group's own CPU time, the parent's read first
  for (const g of names) d.idle.add(g);
  d.idle.add('/load');
  d.reset();
  for (let i = 0; i < 4; i++) await read(under, all, fail);
  assert.equal(d.usage.filter((x) => x !== '/load').length, 0, `the parent stood still: ${d.usage.join(' ')}`);
  assert.equal(count(d.usage, '/load'), 4, 'the parent: once a tick');
  // one group runs (and with it the parent's CPU time): its CPU time is read and shown
  d.idle.delete('/load/l3');
  d.idle.delete('/load');
  d.run(['/load/l3', '/load']);
  d.reset();
  const s = await read(under, all, fail);
  assert.equal(s.get('l3')?.cpu.usageUsec, 1);
  assert.equal(count(d.full, '/load/l3'), 1, 'it ran: read in full');
});
