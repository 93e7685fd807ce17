// The one cache type of the read side (src/host/bounded-cache.ts) and the caches drivers
// own with it: bounded by size, aged by ticks of the owner's clock, never shared.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BoundedCache } from '../../src/host/bounded-cache.js';
import { ABSENT_TICKS } from '../../src/host/cgroup/files.js';
import { createCgroupDriver } from '../../src/host/cgroup/index.js';
import { fixture } from '../helpers/paths.js';

test('at its bound the oldest stored entry goes; an evicted or deleted value is handed back', () => {
  const gone: string[] = [];
  const c = new BoundedCache<string, number>({ max: 3, onEvict: (v, k) => gone.push(`${k}=${v}`) });
  c.set('a', 1);
  c.set('b', 2);
  c.set('c', 3);
  assert.equal(c.size, 3);
  c.set('d', 4);
  assert.deepEqual([c.size, c.get('a'), c.get('b'), c.get('d')], [3, undefined, 2, 4]);
  assert.deepEqual(gone, ['a=1']);
  c.set('b', 20); // a new value for a key replaces it, evicting nothing else
  assert.deepEqual([c.size, c.get('b'), c.get('c')], [3, 20, 3]);
  assert.deepEqual(gone, ['a=1', 'b=2']);
  assert.equal(c.delete('c'), true);
  assert.equal(c.delete('c'), false);
  c.clear();
  assert.deepEqual(gone, ['a=1', 'b=2', 'c=3', 'd=4', 'b=20']);
  assert.equal(c.size, 0);
});

test('a stored undefined is an entry, not a miss; max 0 keeps nothing', () => {
  const c = new BoundedCache<string, string | undefined>({ max: 2 });
  c.set('outside', undefined);
  assert.notEqual(c.entry('outside'), undefined);
  assert.equal(c.entry('other'), undefined);
  const none = new BoundedCache<string, number>({ max: 0 });
  none.set('a', 1);
  assert.equal(none.get('a'), undefined);
});

test('entries expire by ticks: since stored, or since last used with touch; sweep drops the old', () => {
  const c = new BoundedCache<string, number>({ max: 10, ttl: 5 });
  c.set('a', 1, 100);
  assert.equal(c.get('a', 105), 1, '5 ticks old is still in');
  assert.equal(c.get('a', 106), undefined, '6 ticks old is gone');
  assert.equal(c.size, 0);
  const closed: number[] = [];
  const t = new BoundedCache<string, number>({ max: 10, ttl: 5, touch: true, onEvict: (fd) => closed.push(fd) });
  t.set('used', 7, 0);
  t.set('idle', 8, 0);
  assert.equal(t.get('used', 4), 7);
  assert.equal(t.get('used', 9), 7, 'renewed at tick 4');
  t.sweep(9);
  assert.deepEqual([t.size, closed], [1, [8]]);
  t.sweep(15);
  assert.deepEqual([t.size, closed], [0, [8, 7]]);
});

const scratch = mkdtempSync(join(tmpdir(), 'nstop-caches-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('two drivers keep their own caches: a file one found absent is read by the other, and by itself once its ticks expire', () => {
  const root = join(scratch, 'v2');
  cpSync(fixture('cgroup-v2'), root, { recursive: true });
  const box = { unified: '/nstop/box', v1: {} };
  const max = join(root, 'nstop', 'box', 'memory.max');
  const limit = readLimit(max);
  unlinkSync(max);
  let tickA = 1;
  const a = createCgroupDriver(root, { clock: () => tickA });
  assert.equal(a.readStats(box).memory.max, undefined, 'absent: remembered by a');
  writeFileSync(max, `${limit}\n`);
  const b = createCgroupDriver(root, { clock: () => 1 });
  assert.equal(b.readStats(box).memory.max, limit, 'b never saw it absent');
  assert.equal(a.readStats(box).memory.max, undefined, `a trusts its memo for ${ABSENT_TICKS} ticks`);
  tickA += ABSENT_TICKS + 1;
  assert.equal(a.readStats(box).memory.max, limit, 'a reads it again once the memo expired');
  // and another root under the same group path is another driver's business entirely
  const other = join(scratch, 'v2-other');
  cpSync(fixture('cgroup-v2'), other, { recursive: true });
  unlinkSync(join(other, 'nstop', 'box', 'memory.max'));
  const c = createCgroupDriver(other, { clock: () => 1 });
  assert.equal(c.readStats(box).memory.max, undefined);
  assert.equal(b.readStats(box).memory.max, limit);
  for (const d of [a, b, c]) d.close();
});

test('a driver without a clock remembers no absent file (one-shot reads, the write side)', () => {
  const root = join(scratch, 'v2-noclock');
  cpSync(fixture('cgroup-v2'), root, { recursive: true });
  const box = { unified: '/nstop/box', v1: {} };
  const max = join(root, 'nstop', 'box', 'memory.max');
  const limit = readLimit(max);
  unlinkSync(max);
  const d = createCgroupDriver(root);
  assert.equal(d.readStats(box).memory.max, undefined);
  writeFileSync(max, `${limit}\n`);
  assert.equal(d.readStats(box).memory.max, limit);
});

/** The fixture's memory.max ("67108864"). */
const readLimit = (path: string): number => Number(readFileSync(path, 'utf8').trim());
