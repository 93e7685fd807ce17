// Formatting, glyphs, column fitting and the rows each view shows (sort, filter, tree).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_COLUMNS, fitColumns, PROCESS_COLUMNS } from '../../src/ui/columns.js';
import { fit, formatBytes, formatCount, formatNsMask, formatOf, formatPct, formatUptime } from '../../src/ui/format.js';
import { ASCII, barText, sparkText, UNICODE } from '../../src/ui/glyphs.js';
import { initialState } from '../../src/ui/state/reducer.js';
import type { UiState } from '../../src/ui/state/types.js';
import { buildRows, contextOf, sortRows } from '../../src/ui/view-rows.js';
import { GiB, MiB, sampleSnapshot } from '../helpers/sample-snapshot.js';

test('format: bytes in KiB/MiB/GiB with one decimal, n/a for unknown, max for Infinity', () => {
  assert.equal(formatBytes(512), '512B');
  assert.equal(formatBytes(1536), '1.5KiB');
  assert.equal(formatBytes(60 * MiB), '60.0MiB');
  assert.equal(formatBytes(16 * GiB), '16.0GiB');
  assert.equal(formatBytes(undefined), 'n/a');
  assert.equal(formatBytes(Infinity), 'max');
  assert.equal(formatBytes(0), '0B', 'a known zero is 0');
  assert.equal(formatPct(93.75), '93.8');
  assert.equal(formatPct(undefined), 'n/a');
  assert.equal(formatCount(Infinity), 'max');
  assert.equal(formatCount(0), '0');
  assert.equal(formatOf(5, 20), '5/20');
  assert.equal(formatOf(9, Infinity), '9/max');
  assert.equal(formatOf(undefined, undefined), 'n/a');
  assert.equal(formatUptime(3 * 86400 + 4 * 3600 + 12 * 60), '3d 04:12');
  assert.equal(formatUptime(undefined), 'n/a');
  assert.equal(formatNsMask(['pid', 'mnt'], { pid: 1, mnt: 2 }), 'm-p-----');
  assert.equal(formatNsMask([], {}), 'n/a');
  assert.equal(fit('abcdef', 4), 'abc~');
  assert.equal(fit('ab', 4, 'right'), '  ab');
});

test('bars and sparklines: exact width, ASCII sets are ASCII', () => {
  for (const g of [UNICODE, ASCII]) {
    for (const f of [0, 0.1, 0.5, 0.938, 1, 2, -1, NaN]) assert.equal(Array.from(barText(f, 8, g)).length, 8, `bar ${f}`);
    assert.equal(Array.from(sparkText([1, 2, 3], 10, g)).length, 10);
    assert.equal(Array.from(sparkText([], 5, g)).length, 5);
  }
  assert.equal(barText(0.5, 4, ASCII), '##..');
  assert.equal(barText(1, 3, UNICODE), '███');
  assert.equal(sparkText([0, 50, 100], 3, UNICODE, 100), '▁▅█');
  assert.equal(sparkText([0, 100], 2, ASCII, 100), '.@');
  const ascii = JSON.stringify(ASCII);
  assert.doesNotMatch(ascii, /[^\x00-\x7f]/);
});

test('narrow terminals drop sparklines first, PSI stays next to the bars to 119 columns; 80 keep name, status, cpu, memory, limit hits', () => {
  const ids = (w: number) => fitColumns(CONTAINER_COLUMNS, w).map((c) => c.col.id);
  const wide = ids(214);
  assert.ok(wide.includes('cpuhist') && wide.includes('memhist') && wide.includes('nethist') && wide.includes('psi'), wide.join());
  // 160 (the tmux test's size): the network columns, no sparkline yet
  const tmux = ids(160);
  assert.ok(tmux.includes('net') && tmux.includes('netio') && !tmux.some((id) => id.endsWith('hist')), tmux.join());
  const mid = ids(119);
  assert.ok(!mid.includes('cpuhist') && !mid.includes('memhist') && mid.includes('psi'), mid.join());
  assert.equal(mid[mid.indexOf('pids') + 1], 'psi', 'pressure right after the pids bar');
  // at 80 running, paused and stopped rows must still look different: the 13-cell pids
  // bar goes before STATUS does (PMAX still says when pids.max refused a fork)
  const narrow = ids(79);
  assert.deepEqual(narrow, ['name', 'status', 'cpu', 'memory', 'mempct', 'oomkill', 'pidsmax'], 'at 80');
  assert.ok(ids(90).includes('pids'), 'the pids bar from 91 columns');
  // the sparklines (README: "from 179 columns"): CPU hist, then MEM hist, then NET hist
  assert.ok(!ids(177).includes('cpuhist') && ids(178).includes('cpuhist') && ids(189).includes('memhist') && ids(200).includes('nethist'));
  for (const w of [40, 79, 99, 159, 200]) {
    const f = fitColumns(CONTAINER_COLUMNS, w);
    const used = f.reduce((a, c) => a + c.width, 0) + f.length - 1;
    assert.ok(used <= w || f.every((c) => c.col.drop === 0), `${w}: ${used}`);
  }
  const procs = fitColumns(PROCESS_COLUMNS, 79);
  assert.equal(procs.at(-1)?.col.id, 'command');
  assert.ok(procs.at(-1)!.width >= 16);
});

const ui = (patch: (s: UiState) => void = () => undefined): UiState => {
  const s = initialState();
  patch(s);
  return s;
};

test('containers: closest to its memory limit first, unknown last', () => {
  const snap = sampleSnapshot();
  const rows = buildRows(snap, ui(), contextOf(snap, UNICODE));
  assert.deepEqual(rows.keys, ['c:nstop:box', 'c:nstop:munch', `c:${snap.containers[0]!.id}`, 'c:ad-hoc:pidns:4026532701']);
  const asc = buildRows(snap, ui((s) => (s.views.containers.desc = false)), contextOf(snap, UNICODE));
  assert.deepEqual(asc.keys.slice(0, 2), ['c:nstop:munch', 'c:nstop:box'], 'ascending: unknown still last');
  assert.equal(asc.keys.length, 4);
});

test('sortRows: numbers numerically, strings by locale, undefined last both ways', () => {
  const col = { ...CONTAINER_COLUMNS[0]!, sortKey: (r: { v?: number }) => r.v } as never;
  const ctx = contextOf(sampleSnapshot(), ASCII);
  const rows = [{ v: 2 }, {}, { v: 10 }, { v: 1 }];
  assert.deepEqual(sortRows(rows, col, false, ctx), [{ v: 1 }, { v: 2 }, { v: 10 }, {}]);
  assert.deepEqual(sortRows(rows, col, true, ctx), [{ v: 10 }, { v: 2 }, { v: 1 }, {}]);
});

test('filter keeps matching rows; drill-in scopes processes; tree orders children under parents', () => {
  const snap = sampleSnapshot();
  const ctx = contextOf(snap, ASCII);
  const f = buildRows(snap, ui((s) => (s.views.containers.filter = 'DOCKER')), ctx);
  assert.deepEqual(f.keys, [`c:${snap.containers[0]!.id}`]);
  assert.equal(f.total, 4);
  const scoped = buildRows(snap, ui((s) => ((s.view = 'processes'), (s.scope = { kind: 'container', id: 'nstop:box', label: 'box' }))), ctx);
  assert.deepEqual(scoped.keys.map((k) => k.split(':')[1]), ['4101', '4102', '4100']);
  const tree = buildRows(snap, ui((s) => ((s.view = 'processes'), (s.tree = true), (s.views.processes.sort = 'pid'), (s.views.processes.desc = false))), ctx);
  const line = (pid: number) => tree.textAt(tree.keys.findIndex((k) => k.startsWith(`p:${pid}:`)));
  assert.match(line(1), / \/sbin\/init splash$/);
  assert.match(line(900), /\|-sshd/);
  assert.match(line(4102), /  `-stress --vm 1$/);
  assert.match(line(15), /`-\[kworker\/0:1-events\]$/);
  assert.deepEqual(tree.keys.slice(0, 3).map((k) => k.split(':')[1]), ['1', '900', '901']);
  const ns = buildRows(snap, ui((s) => ((s.view = 'processes'), (s.scope = { kind: 'namespace', type: 'pid', ns: snap.containers[0]!.ns.pid!, label: 'x' }))), ctx);
  assert.deepEqual(ns.keys.map((k) => k.split(':')[1]).sort(), ['5200', '5201', '5202']);
});

test('counters fit their 4-wide cells: 57282 -> 57k, 2.5 million -> 2.5M', async () => {
  const { formatShortCount } = await import('../../src/ui/format.js');
  assert.deepEqual([9999, 57282, 999_499, 2_500_000, 25_000_000].map(formatShortCount), ['9999', '57k', '999k', '2.5M', '25M']);
  assert.equal(formatShortCount(undefined), 'n/a');
});

test('a counter that moved lights up its cell and the row name for 5 s, then only stays coloured', () => {
  const snap = sampleSnapshot();
  const munch = snap.containers.find((c) => c.name === 'munch')!;
  for (const k of Object.keys(munch.counters) as (keyof typeof munch.counters)[]) munch.counters[k] = { value: 0, delta: 0 };
  munch.counters.oomKill = { value: 3, delta: 0, changedAt: snap.time - 1000 };
  const col = (id: string) => CONTAINER_COLUMNS.find((c) => c.id === id)!;
  const ctx = contextOf(snap, UNICODE);
  assert.equal(col('oomkill').tone!(munch, ctx), 'hot');
  assert.equal(col('name').tone!(munch, ctx), 'hot');
  const later = { ...ctx, now: snap.time + 5000 };
  assert.equal(col('oomkill').tone!(munch, later), 'warn', 'a count above 0 stays yellow');
  assert.equal(col('name').tone!(munch, later), undefined);
  const box = snap.containers.find((c) => c.name === 'box')!;
  assert.equal(col('pidsmax').tone!(box, later), undefined, 'never hit: no colour');
});

test('container CPU%: a figure from an earlier tick (no cpu group of its own, row was off screen) is marked "~"', () => {
  const cpu = CONTAINER_COLUMNS.find((c) => c.id === 'cpu')!;
  const snap = sampleSnapshot();
  const ctx = contextOf(snap, ASCII);
  const row = snap.containers.find((c) => c.stats?.cpu.limitCpus === undefined)!;
  const { cpuAgeMs: _, ...fresh } = { ...row, cpuPct: 12.5 };
  assert.equal(cpu.render(fresh, ctx), '12.5');
  assert.equal(cpu.render({ ...fresh, cpuAgeMs: 3000 }, ctx), '~12.5');
});
