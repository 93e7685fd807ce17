// Which groups get a full cgroup read each tick: all for the CLI (no watch list); in the
// dashboard the rows on screen every tick and each other row once per 5 ticks, hot reads
// in between laid over the last full one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupDriver, CgroupStats } from '../../src/host/cgroup/types.js';
import { createGroupStatsReader } from '../../src/sampler/group-stats.js';

function countingDriver() {
  const full: string[] = [];
  const hot: string[] = [];
  const at = (ref: { unified?: string }, current: number, max?: number): CgroupStats => ({ memory: { current, ...(max ? { max } : {}) }, pids: {}, cpu: {}, psi: {}, memoryFormula: 't' });
  const driver = {
    readStats: (ref: { unified?: string }) => (full.push(ref.unified!), at(ref, 1, 100)),
    readHot: (ref: { unified?: string }) => (hot.push(ref.unified!), at(ref, 2)),
  } as unknown as CgroupDriver;
  return { driver, full, hot };
}

const groups = Array.from({ length: 10 }, (_, i) => ({ id: `g${i}`, name: `g${i}`, ref: { v1: {}, unified: `/g${i}` } }));
const fail = (): void => assert.fail('no read fails here');

test('the CLI (no watch list) reads every group in full every tick', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  for (let i = 0; i < 3; i++) await read(groups, undefined, fail);
  assert.equal(d.full.length, 30);
  assert.equal(d.hot.length, 0);
});

test('the dashboard: rows on screen in full each tick, the others once per 5 ticks, hot in between', async () => {
  const d = countingDriver();
  const read = createGroupStatsReader(d.driver);
  await read(groups, ['g0'], fail); // first sight: everything in full
  d.full.length = 0;
  for (let i = 0; i < 4; i++) await read(groups, ['g0'], fail);
  const before = d.full.length;
  const last = await read(groups, ['g0'], fail);
  const fullNow = new Set(d.full.slice(before));
  assert.equal(d.full.filter((g) => g === '/g0').length, 5, 'on screen: every tick');
  for (const g of groups.slice(1)) assert.equal(d.full.filter((x) => x === g.ref.unified).length, 1, `${g.id}: once in 5 ticks`);
  assert.equal(d.hot.length, 5 * 9 - 9);
  // a hot read brings the moving figure and keeps the limit of the last full read
  const hotNow = groups.filter((g) => !fullNow.has(g.ref.unified));
  assert.ok(hotNow.length >= 7, 'two slots of 10 groups, plus the one on screen, at most');
  for (const g of hotNow) assert.deepEqual(last.get(g.id)?.memory, { current: 2, max: 100 }, g.id);
});
