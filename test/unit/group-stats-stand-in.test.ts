// Groups without a CPU-time counter of their own (v1 memory+pids only) with a stand-in
// for one (their processes' CPU ticks as last read, and their count): on screen read in
// full when it moves, else once per 3 ticks; off screen their event files once per 5
// ticks stand in for the full read, which comes when one moved or once per 20.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupStatsReader, FULL_EVERY, IDLE_FULL_EVERY, ON_SCREEN_FULL_EVERY } from '../../src/sampler/group-stats.js';
import { count, dirs, fail, groups, uncountedDriver } from '../helpers/counting-driver.js';

test('no usage file, a stand-in on screen: in full once per 3 ticks while it stands still, at once when it moves', async () => {
  const d = uncountedDriver();
  const read = createGroupStatsReader(d.driver);
  const stand = groups.map(() => 7);
  const standIn = (i: number): number => stand[i]!;
  const screen = ['g0', 'g1'];
  await read(groups, screen, fail, undefined, { standIn });
  d.reset();
  const ticks = 3 * ON_SCREEN_FULL_EVERY;
  for (let i = 0; i < ticks; i++) await read(groups, screen, fail, undefined, { standIn });
  for (const g of ['/g0', '/g1']) assert.equal(count(d.full, g), 3, `${g}: once per ${ON_SCREEN_FULL_EVERY} ticks`);
  // a member's reading moved it: in full this tick, then quiet again from the new value
  stand[1] = 8;
  d.reset();
  await read(groups, screen, fail, undefined, { standIn });
  assert.equal(count(d.full, '/g1'), 1, 'moved: in full');
  d.reset();
  await read(groups, screen, fail, undefined, { standIn });
  assert.equal(count(d.full, '/g1'), 0, 'the new value is the gate now, not the old one');
  // without a stand-in nothing says it stood still: in full every tick, as before
  const bare = uncountedDriver();
  const readBare = createGroupStatsReader(bare.driver);
  for (let i = 0; i < 4; i++) await readBare(groups, screen, fail);
  assert.equal(count(bare.full, '/g0'), 4);
});

test(`no usage file, a stand-in off screen: while it stands still no hot read, its event files once per ${FULL_EVERY} ticks and a full read once per ${IDLE_FULL_EVERY}`, async () => {
  const d = uncountedDriver();
  const read = createGroupStatsReader(d.driver);
  const stand = groups.map(() => 3);
  const standIn = (i: number): number => stand[i]!;
  await read(groups, ['g0'], fail, undefined, { standIn });
  // its first check off screen finds its event files and reads it in full once
  for (let i = 0; i < FULL_EVERY; i++) await read(groups, ['g0'], fail, undefined, { standIn });
  d.reset();
  for (let i = 0; i < 2 * IDLE_FULL_EVERY; i++) await read(groups, ['g0'], fail, undefined, { standIn });
  for (const g of dirs.slice(1)) {
    assert.equal(count(d.hot, g), 0, `${g}: stood still, no hot read`);
    assert.equal(count(d.full, g), 2, `${g}: in full once per ${IDLE_FULL_EVERY} ticks`);
    // every check reads the files, a full read too (its text is what the next check compares with)
    assert.equal(count(d.eventReads, `${g}/pids.events`), (2 * IDLE_FULL_EVERY) / FULL_EVERY, `${g}: its event file once per ${FULL_EVERY} ticks`);
  }
  // a limit hit moves its event file: in full at its next check, within FULL_EVERY ticks
  d.eventFiles.set('/g3/pids.events', 'max 1\n');
  d.reset();
  for (let i = 0; i < FULL_EVERY; i++) await read(groups, ['g0'], fail, undefined, { standIn });
  assert.equal(count(d.full, '/g3'), 1, 'a hit: read in full at its next check');
  d.reset();
  for (let i = 0; i < FULL_EVERY; i++) await read(groups, ['g0'], fail, undefined, { standIn });
  assert.equal(count(d.full, '/g3'), 0, 'its text after that full read is the one compared with');
  // it moves: a hot read (unless a full one is due this very tick)
  stand.fill(4);
  d.reset();
  await read(groups, ['g0'], fail, undefined, { standIn });
  for (const g of dirs.slice(1)) assert.equal(count(d.hot, g) + count(d.full, g), 1, `${g}: moved: read`);
  d.reset();
  await read(groups, ['g0'], fail, undefined, { standIn });
  assert.equal(d.hot.length, 0, 'stood still again: no hot reads');
  // and while it moves, full reads once per FULL_EVERY ticks as a group that runs
  d.reset();
  for (let i = 0; i < 2 * FULL_EVERY; i++) {
    stand.forEach((_, k) => (stand[k] = stand[k]! + 1));
    await read(groups, ['g0'], fail, undefined, { standIn });
  }
  // (by its phase, and by age after an off-phase read: 2 or 3 in 10 ticks)
  for (const g of dirs.slice(1)) assert.ok(count(d.full, g) >= 2, `${g}: running: in full at least once per ${FULL_EVERY} ticks`);
});
