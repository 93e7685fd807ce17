import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pidIndex } from '../../src/model/pid-index.js';

const list = (...pids: number[]) => pids.map((pid) => ({ pid }));

test('a list in pid order is searched: every pid found at its place, others -1', () => {
  const procs = list(1, 2, 7, 300, 4001, 4194303);
  const at = pidIndex(procs);
  procs.forEach((p, i) => assert.equal(at(p.pid), i));
  for (const missing of [0, 3, 6, 8, 299, 301, 4194304, -1]) assert.equal(at(missing), -1);
  assert.equal(pidIndex([])(1), -1);
  assert.equal(pidIndex(list(5))(5), 0);
});

test('a list out of order (or with a pid twice) gets the same answers', () => {
  const procs = list(300, 2, 7, 1, 4001);
  const at = pidIndex(procs);
  procs.forEach((p, i) => assert.equal(at(p.pid), i));
  assert.equal(at(3), -1);
  // a repeated pid: the first place, as a Map filled in list order with first-wins would give
  assert.equal(pidIndex(list(1, 2, 2, 3))(2), 1);
});
