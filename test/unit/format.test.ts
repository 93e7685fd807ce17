// The number formatters the CLI tables (ls, ps, image) and the dashboard share
// (model/format.ts): one table of values -> strings, written against the two modules they
// were before, so a change shows as a changed cell, not a surprise in a screen or a
// script's output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatCount, formatOf, formatPct, formatShortCount, jsonNumber, NA } from '../../src/model/format.js';
import * as ui from '../../src/ui/format.js';

// the CLI's former names, so each row below still reads as "what `nstop ls` writes"
const bytes = formatBytes;
const count = formatCount;
const pct = formatPct;

test('the dashboard cells come from the same functions', () => {
  assert.equal(ui.formatBytes, formatBytes);
  assert.equal(ui.formatCount, formatCount);
  assert.equal(ui.formatPct, formatPct);
  assert.equal(ui.formatShortCount, formatShortCount);
  assert.equal(ui.formatOf, formatOf);
  assert.equal(ui.NA, NA);
});

const KiB = 1024;
const MiB = KiB * KiB;
const GiB = KiB * MiB;

/** What cgroup, /proc and the image store hand both call sites: whole byte counts from 0
 *  up to the page-rounded "no limit" v1 writes, unknown, and unlimited. */
const BYTES: [number | undefined, string][] = [
  [undefined, 'n/a'],
  [Infinity, 'max'],
  [0, '0B'],
  [1, '1B'],
  [512, '512B'],
  [1023, '1023B'],
  [1024, '1.0KiB'],
  [1536, '1.5KiB'],
  [4096, '4.0KiB'],
  [1048575, '1024.0KiB'],
  [MiB, '1.0MiB'],
  [60 * MiB, '60.0MiB'],
  [64 * MiB, '64.0MiB'],
  [123_456_789, '117.7MiB'],
  [16 * GiB, '16.0GiB'],
  [3 * 1024 * GiB, '3.0TiB'],
  [2 * 1024 * 1024 * GiB, '2.0PiB'],
  [2 ** 63 - 4096, '8192.0PiB'],
];

/** Rates from two samples: never negative, never infinite (wall time > 0). */
const PCTS: [number | undefined, string][] = [
  [undefined, 'n/a'],
  [0, '0.0'],
  [0.04, '0.0'],
  [0.05, '0.1'],
  [12.345, '12.3'],
  [93.75, '93.8'],
  [100, '100.0'],
  [399.96, '400.0'],
];

const COUNTS: [number | undefined, string][] = [
  [undefined, 'n/a'],
  [Infinity, 'max'],
  [0, '0'],
  [1, '1'],
  [20, '20'],
  [4_194_304, '4194304'],
];

test('bytes: the CLI and the dashboard write the same cell', () => {
  for (const [n, s] of BYTES) {
    assert.equal(bytes(n), s, `cli bytes(${n})`);
    assert.equal(ui.formatBytes(n), s, `ui formatBytes(${n})`);
  }
  // the dashboard alone: a sum of rates can be fractional, and it guards NaN
  assert.equal(formatBytes(512.4), '512B');
  assert.equal(formatBytes(NaN), NA);
});

test('percent: one decimal at both call sites; the dashboard also with 0 digits', () => {
  for (const [n, s] of PCTS) {
    assert.equal(pct(n), s, `cli pct(${n})`);
    assert.equal(ui.formatPct(n), s, `ui formatPct(${n})`);
  }
  assert.equal(formatPct(150, 0), '150');
  assert.equal(formatPct(NaN), NA);
  assert.equal(formatPct(Infinity), 'max');
});

test('counts: the CLI and the dashboard write the same cell', () => {
  for (const [n, s] of COUNTS) {
    assert.equal(count(n), s, `cli count(${n})`);
    assert.equal(ui.formatCount(n), s, `ui formatCount(${n})`);
  }
  assert.equal(formatCount(NaN), NA);
});

test('dashboard-only: short counts and cur/max pairs', () => {
  const short: [number | undefined, string][] = [[undefined, 'n/a'], [Infinity, 'max'], [0, '0'], [9999, '9999'], [10_000, '10k'], [57_282, '57k'], [999_499, '999k'], [1_000_000, '1.0M'], [2_500_000, '2.5M'], [9_960_000, '10.0M'], [25_000_000, '25M']];
  for (const [n, s] of short) assert.equal(formatShortCount(n), s, `formatShortCount(${n})`);
  assert.equal(formatOf(5, 20), '5/20');
  assert.equal(formatOf(5, Infinity), '5/max');
  assert.equal(formatOf(undefined, 20), 'n/a/20');
  assert.equal(formatOf(undefined, undefined), NA);
  assert.equal(formatOf(MiB, 64 * MiB, formatBytes), '1.0MiB/64.0MiB');
});

test('JSON numbers: unknown is null, unlimited is "max", the rest as they are', () => {
  const cases: [number | undefined, number | 'max' | null][] = [[undefined, null], [NaN, null], [Infinity, 'max'], [0, 0], [1.5, 1.5], [64 * MiB, 64 * MiB]];
  for (const [n, j] of cases) assert.equal(jsonNumber(n), j, `jsonNumber(${n})`);
});
