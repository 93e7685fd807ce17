// Parsers and converters between cgroup v1 and v2 units, with edge cases and garbage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cpusFromQuota, formatMax, isV1Unlimited, memswFromSwap, quotaFromCpus, sharesFromWeight,
  swapFromMemsw, usecFromNs, weightFromShares, workingSet,
} from '../../src/host/cgroup/converters.js';
import { flagOf, parseCpuMax, parseFreezerState, parseInteger, parseKeyValues, parseMax, parseV1Limit } from '../../src/host/cgroup/parse.js';
import { refFromMembership } from '../../src/host/cgroup/index.js';
import { ParseError } from '../../src/host/errors.js';

const isParseError = (line: number) => (e: unknown) => e instanceof ParseError && e.path === 'f' && e.line === line;

test('parseMax: "max" <-> Infinity, counts, garbage -> ParseError', () => {
  assert.equal(parseMax('max\n', 'f'), Infinity);
  assert.equal(parseMax('20\n', 'f'), 20);
  assert.equal(parseMax('0', 'f'), 0);
  for (const bad of ['twenty', '', '-1', 'max max', '1.5', 'Max']) assert.throws(() => parseMax(bad, 'f'), isParseError(1), bad);
  assert.equal(formatMax(Infinity), 'max');
  assert.equal(formatMax(67108864), '67108864');
  assert.throws(() => formatMax(-1), RangeError);
});

test('parseInteger: "-1" is a value (cfs_quota_us), garbage is not', () => {
  assert.equal(parseInteger('-1\n', 'f'), -1);
  assert.equal(parseInteger('308015560422\n', 'f'), 308015560422);
  for (const bad of ['', 'max', '12 34', '0x10']) assert.throws(() => parseInteger(bad, 'f'), isParseError(1), bad);
});

test('v1 "unlimited": PAGE_COUNTER_MAX in bytes for any page size, anything >= 2^62', () => {
  assert.equal(parseV1Limit('9223372036854771712\n', 'f'), Infinity); // 4K pages (this machine)
  assert.equal(parseV1Limit('9223372036854710272', 'f'), Infinity); // 64K pages
  assert.equal(parseV1Limit(String(2n ** 62n), 'f'), Infinity);
  assert.equal(parseV1Limit(String(2n ** 62n - 4096n), 'f'), Number(2n ** 62n - 4096n));
  assert.equal(parseV1Limit('67108864', 'f'), 64 * 1024 * 1024);
  assert.equal(parseV1Limit('0', 'f'), 0);
  assert.equal(isV1Unlimited(9223372036854771712n), true);
  assert.equal(isV1Unlimited(1n << 40n), false);
  for (const bad of ['-1', 'max', '', '1e9']) assert.throws(() => parseV1Limit(bad, 'f'), isParseError(1), bad);
});

test('cpu.max and cpus <-> quota/period', () => {
  assert.deepEqual(parseCpuMax('50000 100000\n', 'f'), { quota: 50000, period: 100000 });
  assert.deepEqual(parseCpuMax('max 100000\n', 'f'), { quota: Infinity, period: 100000 });
  for (const bad of ['max', '50000', '50000 0', 'max max', '-1 100000']) assert.throws(() => parseCpuMax(bad, 'f'), isParseError(1), bad);
  assert.equal(cpusFromQuota(50000, 100000), 0.5);
  assert.equal(cpusFromQuota(200000, 100000), 2);
  assert.equal(cpusFromQuota(-1, 100000), Infinity); // v1 "none"
  assert.equal(cpusFromQuota(Infinity, 100000), Infinity); // v2 "max"
  assert.throws(() => cpusFromQuota(50000, 0), RangeError);
  assert.throws(() => cpusFromQuota(-5, 100000), RangeError);
  assert.equal(quotaFromCpus(0.5), 50000);
  assert.equal(quotaFromCpus(1.5, 50000), 75000);
  assert.equal(quotaFromCpus(Infinity), -1);
  assert.throws(() => quotaFromCpus(0), RangeError);
  assert.throws(() => quotaFromCpus(Number.NaN), RangeError);
});

test('shares <-> weight: the runc >= 1.3.2 log2 quadratic, defaults agree (1024 <-> 100)', () => {
  assert.equal(weightFromShares(2), 1);
  assert.equal(weightFromShares(1024), 100); // v1 default = v2 default (the old linear mapping gave 39)
  assert.equal(weightFromShares(1025), 101);
  assert.equal(weightFromShares(512), 59);
  assert.equal(weightFromShares(2048), 174);
  assert.equal(weightFromShares(262144), 10000);
  assert.equal(weightFromShares(0), 1); // clamped to the kernel's range
  assert.equal(weightFromShares(1_000_000), 10000);
  assert.equal(sharesFromWeight(1), 2);
  assert.equal(sharesFromWeight(100), 1024);
  assert.equal(sharesFromWeight(10000), 262144);
  for (let w = 1; w <= 10000; w++) assert.equal(weightFromShares(sharesFromWeight(w)), w, `weight ${w}`);
  let last = 0;
  for (let s = 2; s <= 262144; s += 7) {
    const w = weightFromShares(s);
    assert.ok(w >= last, `monotone at shares ${s}`);
    last = w;
  }
});

test('memsw <-> swap', () => {
  assert.equal(swapFromMemsw(96, 64), 32);
  assert.equal(swapFromMemsw(64, 64), 0);
  assert.equal(swapFromMemsw(Infinity, 64), Infinity);
  assert.equal(swapFromMemsw(64, Infinity), Infinity);
  assert.equal(memswFromSwap(32, 64), 96);
  assert.equal(memswFromSwap(0, 64), 64);
  assert.equal(memswFromSwap(Infinity, 64), Infinity);
});

test('ns -> µs and working set keep undefined undefined', () => {
  assert.equal(usecFromNs(120_000_000), 120_000);
  assert.equal(usecFromNs(undefined), undefined);
  assert.equal(workingSet(20, 4), 16);
  assert.equal(workingSet(4, 20), 0);
  assert.equal(workingSet(20, undefined), undefined);
});

test('key/value files: real lines parse; garbage names its line', () => {
  const real = 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n';
  assert.deepEqual([...parseKeyValues(real, 'f').keys()], ['nr_periods', 'nr_throttled', 'throttled_time', 'nr_bursts', 'burst_time']);
  assert.deepEqual([...parseKeyValues('low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n', 'f')].at(-2), ['oom_kill', 1]);
  assert.throws(() => parseKeyValues('max 3\noom_kill one\n', 'f'), isParseError(2));
  assert.throws(() => parseKeyValues('populated\n', 'f'), isParseError(1));
  const events = parseKeyValues('populated 1\nfrozen 0\n', 'f');
  assert.equal(flagOf(events, 'populated'), true);
  assert.equal(flagOf(events, 'frozen'), false);
  assert.equal(flagOf(events, 'absent'), undefined);
  assert.equal(flagOf(undefined, 'frozen'), undefined);
});

test('freezer.state', () => {
  assert.equal(parseFreezerState('FROZEN\n', 'f'), true);
  assert.equal(parseFreezerState('THAWED\n', 'f'), false);
  assert.equal(parseFreezerState('FREEZING\n', 'f'), false);
  assert.throws(() => parseFreezerState('frozen', 'f'), isParseError(1));
});

test('refFromMembership: v2 line, co-mounted and named hierarchies, removed groups', () => {
  const r = refFromMembership([
    { hierarchyId: 9, controllers: ['name=systemd'], path: '/' },
    { hierarchyId: 4, controllers: ['memory'], path: '/process_api/7e37d54255b12092d83ed657b80f2d65' },
    { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/docker/x' },
    { hierarchyId: 0, controllers: [], path: '/user.slice (deleted)' },
  ]);
  assert.deepEqual(r, {
    unified: '/user.slice',
    v1: { 'name=systemd': '/', memory: '/process_api/7e37d54255b12092d83ed657b80f2d65', cpu: '/docker/x', cpuacct: '/docker/x' },
  });
  assert.deepEqual(refFromMembership([]), { v1: {} });
});
