// The recorder's options: durations, sizes and points in time, one line when wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseSize, parseTime } from '../../src/cli/record-options.js';
import { UsageError } from '../../src/cli/commands.js';

test('durations, sizes and times as people type them', () => {
  assert.equal(parseDuration('--retain', '7d'), 7 * 86_400_000);
  assert.equal(parseDuration('--retain', '90s'), 90_000);
  assert.equal(parseSize('--max-size', '2G'), 2 * 2 ** 30);
  assert.equal(parseSize('--max-size', '500MiB'), 500 * 2 ** 20);
  const now = Date.parse('2026-12-03T12:00:00Z');
  assert.equal(parseTime('--since', '1h', now), now - 3_600_000);
  assert.equal(parseTime('--at', '10m ago', now), now - 600_000);
  assert.equal(parseTime('--from', 'now', now), now);
  assert.equal(parseTime('--from', '2026-12-03T03:12:00Z', now), Date.parse('2026-12-03T03:12:00Z'));
  assert.equal(parseTime('--from', '2026-12-03 03:12', now), new Date(2026, 11, 3, 3, 12).getTime());
});

test('wrong ones: one line naming the option, a usage error', () => {
  for (const [fn, text, msg] of [
    [() => parseDuration('--retain', 'forever'), 'forever', 'bad --retain "forever": use e.g. 7d, 12h, 30m'],
    [() => parseDuration('--retain', '0s'), '0s', 'bad --retain "0s": must be between 1s and 3650d'],
    [() => parseSize('--max-size', '10'), '10', 'bad --max-size "10": use a size like 2G, 500M'],
    [() => parseSize('--max-size', '10K'), '10K', 'bad --max-size "10K": at least 1M'],
    [() => parseTime('--since', 'yesterday'), 'yesterday', 'bad --since "yesterday": use e.g. 1h, "10m ago", 2026-12-03T03:12, now'],
  ] as const) {
    assert.throws(fn, (err: unknown) => err instanceof UsageError && err.message === msg, text);
  }
});
