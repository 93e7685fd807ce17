// The header's CPU meters: /proc/stat's cpu lines (a real file's lines), % between two
// readings, and how many lines the meters take at each size (80x24 keeps three).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuPercents, parseCpuStat } from '../../src/host/procfs/cpu-stat.js';
import { coreLines, cpuPieces } from '../../src/ui/components/cpu-meters.js';
import { headerLines } from '../../src/ui/components/header.js';

// this machine's /proc/stat, first lines
const STAT = `cpu  3343765 0 464409 2299649 9485 0 3237 18077 0 0
cpu0 1658261 0 233531 1164400 2461 0 919 9116 0 0
cpu1 1685503 0 230877 1135249 7024 0 2318 8960 0 0
intr 160335436 0 9 0 0
`;

test('cpu lines: busy = user nice system irq softirq steal; total adds idle and iowait', () => {
  const t = parseCpuStat(STAT);
  assert.equal(t.length, 3);
  assert.deepEqual(t[1], { busy: 1658261 + 233531 + 919 + 9116, total: 1658261 + 233531 + 919 + 9116 + 1164400 + 2461 });
  assert.throws(() => parseCpuStat('intr 1 2\n'), /no cpu line/);
  assert.throws(() => parseCpuStat('cpu0 a b c d\n'), /bad cpu line/);
});

test('% between readings; nothing before, or a CPU that came or went: unknown', () => {
  const a = [{ busy: 100, total: 200 }, { busy: 50, total: 100 }];
  const b = [{ busy: 150, total: 300 }, { busy: 50, total: 200 }];
  assert.deepEqual(cpuPercents(a, b), [50, 0]);
  assert.deepEqual(cpuPercents(undefined, b), [undefined, undefined]);
  assert.deepEqual(cpuPercents(a.slice(0, 1), b), [undefined, undefined]);
});

test('80x24: no meter lines (the average goes on the refresh line); 160x45: a bar per CPU; many CPUs: one graph line', () => {
  assert.equal(headerLines(2, 80, 24, 'cores'), 3);
  assert.deepEqual(coreLines(2, 160, 45, 'cores'), { mode: 'bars', lines: 1, perLine: 2 });
  assert.deepEqual(coreLines(16, 160, 45, 'cores'), { mode: 'bars', lines: 4, perLine: 4 });
  assert.deepEqual(coreLines(64, 160, 45, 'cores'), { mode: 'graph', lines: 1, perLine: 0 });
  assert.equal(headerLines(8, 160, 45, 'summary'), 3);
  const load = { all: 40, cores: [10, 95] };
  const bars = cpuPieces(load, coreLines(2, 160, 45, 'cores'), 160);
  const text = bars.lines[0]!.map((p) => ('text' in p ? p.text : '#')).join('');
  assert.match(text, /^ {2}0\[#  10%\] {3}1\[#  95%\] $/);
  const inline = cpuPieces(load, coreLines(2, 80, 24, 'cores'), 80).inline.map((p) => ('text' in p ? p.text : '#')).join('');
  assert.equal(inline, 'CPU[#  40%] ');
});

test('a line of bars is never wider than the screen (160 columns cut the last CPU\'s % before)', () => {
  const cellsOf = (line: ReturnType<typeof cpuPieces>['lines'][number]) => line.reduce((n, p) => n + ('text' in p ? p.text.length : 'bar' in p ? p.width : 0), 0);
  for (const [cpus, width, height] of [[2, 160, 45], [2, 100, 40], [4, 120, 45], [16, 160, 45], [3, 97, 31]] as const) {
    const load = { all: 50, cores: Array.from({ length: cpus }, () => 100) };
    for (const line of cpuPieces(load, coreLines(cpus, width, height, 'cores'), width).lines) {
      assert.ok(cellsOf(line) <= width, `${cpus} CPUs at ${width}x${height}: ${cellsOf(line)} cells`);
    }
  }
});
