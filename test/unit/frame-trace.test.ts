import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { installFrameTrace, traceMark } from '../../src/ui/ink/frame-trace.js';

test('a mark made before the trace is installed is written when it is, with its own time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-trace-'));
  const file = join(dir, 'trace');
  process.env['NSTOP_FRAME_TRACE'] = file;
  try {
    const before = performance.timeOrigin + performance.now();
    traceMark('look');
    const after = performance.timeOrigin + performance.now();
    installFrameTrace(file);
    traceMark('modules');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('mark '));
    assert.deepEqual(lines.map((l) => l.split(' ')[2]), ['start', 'look', 'modules']);
    const t = Number(lines[1]!.split(' ')[1]);
    assert.ok(t >= before - 0.01 && t <= after + 0.01, `look at ${t}, made between ${before} and ${after}`);
  } finally {
    delete process.env['NSTOP_FRAME_TRACE'];
    rmSync(dir, { recursive: true, force: true });
  }
});
