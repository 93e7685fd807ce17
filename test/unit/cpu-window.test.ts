// The one-shot CPU window (src/sampler/cpu-window.ts): whole CFS periods, and a counter
// whose own window is not one is n/a, never a skewed figure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beginCpu, MAX_SKEW, MIN_WINDOW_MS, measureCpu, wholePeriods, windowMs, windowPct } from '../../src/sampler/cpu-window.js';

test('the window is the smallest common multiple of the quota periods from 300 ms on', () => {
  assert.equal(windowMs([]), MIN_WINDOW_MS);
  assert.equal(windowMs([100_000]), 300, 'docker, podman, runc, nstop: three 100 ms periods');
  assert.equal(windowMs([250_000]), 500);
  assert.equal(windowMs([100_000, 250_000, 100_000]), 500);
  assert.equal(windowMs([70_000]), 350);
  assert.equal(windowMs([1_000_000]), 1000);
  // no common multiple up to 1 s: the shortest window, those counters may say n/a
  assert.equal(windowMs([333_333]), MIN_WINDOW_MS);
  assert.equal(windowMs([300_000, 700_000]), MIN_WINDOW_MS);
});

test('a figure only over whole periods of the quota; none for a counter that went back', () => {
  assert.equal(windowPct(150_000, 300_000, 100_000), 50);
  assert.equal(windowPct(150_000, 304_000, 100_000)?.toFixed(2), '49.34', 'within MAX_SKEW of 3 periods');
  // 2.5 periods: the half period is all burst or all pause, 40 % or 60 % for a 50 % cap
  assert.equal(windowPct(150_000, 250_000, 100_000), undefined);
  assert.equal(windowPct(150_000, 250_000), 60, 'without a quota there is nothing to skew');
  assert.equal(windowPct(-5, 300_000), undefined);
  assert.equal(windowPct(5, 0), undefined);
  // from 10 periods on, any window is within MAX_SKEW of whole periods
  assert.equal(wholePeriods(250_000, 100_000), false);
  assert.equal(wholePeriods(1_050_000, 100_000), true);
  assert.equal(wholePeriods(777, undefined), true);
});

/** CPU time (µs) at `t` of a group held to `quota` per `period`, always busy: it runs
 *  the first `quota` µs of every period. */
const cfsAt = (t: number, quota: number, period: number): number => Math.floor(t / period) * quota + Math.min(t % period, quota);

test('over 250 ms a busy group capped at 50 % reads 40 or 60 % by phase: such a window is n/a', () => {
  const at = (from: number) => cfsAt(from + 250_000, 50_000, 100_000) - cfsAt(from, 50_000, 100_000);
  assert.deepEqual([at(0), at(50_000)], [150_000, 100_000]);
  assert.equal(windowPct(at(0), 250_000, 100_000), undefined);
  assert.equal(windowPct(cfsAt(350_000, 50_000, 100_000) - cfsAt(50_000, 50_000, 100_000), 300_000, 100_000), 50);
});

test('a capped, busy group reads its cap whatever the phase of its periods (real timers)', async () => {
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const probes = [0, 17_000, 50_000, 83_000].map((phase) => ({ key: String(phase), read: () => cfsAt(now() + phase, 50_000, 100_000), periodUsec: 100_000 }));
  const got = await measureCpu(probes);
  assert.equal(got.size, 4);
  for (const [phase, pct] of got) {
    // a read the host held past MAX_SKEW is read again at a later whole period: a figure
    assert.ok(pct !== undefined && Math.abs(pct - 50) <= MAX_SKEW * 100 + 0.01, `phase ${phase}: ${pct}`);
  }
});

test('a caller that takes longer than the window (the second sample) stretches it to whole periods', async () => {
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const w = beginCpu([{ key: 'x', read: () => cfsAt(now() + 30_000, 50_000, 100_000), periodUsec: 100_000 }]);
  for (const until = Date.now() + 420; Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
  const pct = (await w.end()).get('x');
  assert.ok(pct !== undefined && Math.abs(pct - 50) <= MAX_SKEW * 100 + 0.01, String(pct));
});
