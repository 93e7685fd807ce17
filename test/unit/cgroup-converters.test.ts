import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCgroupLayout } from '../../src/host/cgroup/detect.js';
import { cpusFromQuota, parseKeyValues, parseMax, quotaFromCpus, sharesFromWeight, swapFromMemsw, v1Bytes, weightFromShares } from '../../src/host/cgroup/files.js';
import { createCgroupDriver, refFromMembership } from '../../src/host/cgroup/index.js';
import { ParseError } from '../../src/host/errors.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { readFileSync, existsSync } from 'node:fs';

test('max <-> Infinity and v1 "unlimited"', () => {
  assert.equal(parseMax('max\n', 'f'), Infinity);
  assert.equal(parseMax('20\n', 'f'), 20);
  assert.throws(() => parseMax('twenty', 'f'), ParseError);
  assert.throws(() => parseMax('', 'f'), ParseError);
  assert.equal(v1Bytes('9223372036854771712\n', 'f'), Infinity);
  assert.equal(v1Bytes('67108864', 'f'), 64 * 1024 * 1024);
  assert.throws(() => v1Bytes('-1', 'f'), ParseError);
});

test('cpus <-> quota/period', () => {
  assert.equal(cpusFromQuota(50000, 100000), 0.5);
  assert.equal(cpusFromQuota(-1, 100000), Infinity);
  assert.equal(cpusFromQuota(200000, 100000), 2);
  assert.equal(quotaFromCpus(0.5), 50000);
  assert.equal(quotaFromCpus(Infinity), -1);
});

test('shares <-> weight (runc mapping) round-trips at the ends', () => {
  assert.equal(weightFromShares(2), 1);
  assert.equal(weightFromShares(262144), 10000);
  assert.equal(weightFromShares(1024), 40);
  assert.equal(sharesFromWeight(1), 2);
  assert.equal(sharesFromWeight(10000), 262144);
  assert.equal(weightFromShares(0), 1); // clamped
});

test('memsw -> swap', () => {
  assert.equal(swapFromMemsw(96, 64), 32);
  assert.equal(swapFromMemsw(64, 64), 0);
  assert.equal(swapFromMemsw(Infinity, 64), Infinity);
  assert.equal(swapFromMemsw(Infinity, Infinity), Infinity);
});

test('key/value files refuse garbage with the line number', () => {
  assert.deepEqual([...parseKeyValues('max 3\noom_kill 1\n', 'f')], [['max', 3], ['oom_kill', 1]]);
  assert.throws(() => parseKeyValues('max 3\noom_kill one\n', 'f'), (e: unknown) => e instanceof ParseError && e.line === 2);
});

test('this machine: detection decides once and reads our own groups without throwing', { skip: !existsSync('/sys/fs/cgroup') && 'no /sys/fs/cgroup' }, () => {
  const layout = detectCgroupLayout('/sys/fs/cgroup');
  assert.ok(['v1', 'v2', 'hybrid'].includes(layout.mode));
  const driver = createCgroupDriver('/sys/fs/cgroup');
  const ref = refFromMembership(parseCgroupFile(readFileSync('/proc/self/cgroup', 'utf8')));
  const s = driver.readStats(ref);
  assert.ok(s.memoryFormula.length > 0);
});
