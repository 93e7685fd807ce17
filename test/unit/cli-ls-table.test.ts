// `nstop ls` as a table: a stopped container of nstop's own says how it ended in the
// dashboard's words (oom-killed, sig N, exit N) with its memory peak against its limit,
// and a figure nobody knows is one n/a, never "n/a/n/a".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsOutput } from '../../src/cli/commands.js';
import type { ContainerRow, ManagedInfo, Snapshot } from '../../src/model/types.js';
import { MiB, sampleSnapshot } from '../helpers/sample-snapshot.js';

function stopped(name: string, m: Partial<ManagedInfo>): ContainerRow {
  const base = sampleSnapshot().containers.find((c) => c.name === 'box')!;
  return { ...base, id: `nstop:${name}`, name, pids: [], nprocs: 0, initPid: undefined, stats: undefined, cpuPct: undefined, cgroupPath: undefined, status: 'stopped', managed: { name, status: 'stopped', createdAt: 0, command: ['x'], detached: true, ...m } };
}

function lsLine(s: Snapshot, name: string): string {
  return lsOutput(s, false).split('\n').find((l) => l.startsWith(`${name} `))!;
}

test('a munch ended by the OOM killer: oom-killed, its peak against its limit', () => {
  const s = sampleSnapshot();
  s.containers.push(stopped('munch-x', { signal: 9, exitCode: null, final: { oomKill: 1, memoryPeak: 64 * MiB, memoryMax: 64 * MiB } }));
  const line = lsLine(s, 'munch-x');
  assert.match(line, / oom-killed /);
  assert.match(line, / peak 64\.0MiB\/64\.0MiB /);
  const json = JSON.parse(lsOutput(s, true)) as { containers: { name: string; status: string; oomKilled: boolean; final: { memoryPeak: number } }[] };
  const j = json.containers.find((c) => c.name === 'munch-x')!;
  assert.deepEqual([j.status, j.oomKilled, j.final.memoryPeak], ['stopped', true, 64 * MiB]);
});

test('KILL from the keyboard is sig 9; a clean end exit 0; no peak known is "-"', () => {
  const s = sampleSnapshot();
  s.containers.push(stopped('killed', { signal: 9, exitCode: null, final: { oomKill: 0 } }), stopped('done', { signal: null, exitCode: 0 }));
  assert.match(lsLine(s, 'killed'), /^killed +nstop +sig 9 /);
  assert.match(lsLine(s, 'done'), /^done +nstop +exit 0 /);
});

test('never n/a/n/a: a container without cgroup figures of its own shows n/a once', () => {
  const out = lsOutput(sampleSnapshot(), false);
  assert.match(out, /^sh +ad-hoc /m, 'the ad-hoc row without a cgroup of its own is listed');
  assert.doesNotMatch(out, /n\/a\/n\/a/);
});

test("another runtime's stopped container: the code its runtime recorded, in ls and the dashboard alike", async () => {
  const { CONTAINER_COLUMNS } = await import('../../src/ui/columns/container-columns.js');
  const status = CONTAINER_COLUMNS.find((c) => c.id === 'status')!;
  const s = sampleSnapshot();
  const base = stopped('webold', {});
  const { managed: _m, ...noManaged } = base;
  s.containers.push({ ...noManaged, id: 'docker:f7043659c878', runtime: 'docker', name: 'webold', recorded: { exitCode: 137 } }, { ...noManaged, id: 'runc:rc1', runtime: 'runc', name: 'rc1', recorded: {} });
  assert.match(lsLine(s, 'webold'), /^webold +docker +exit 137 /);
  assert.match(lsLine(s, 'rc1'), /^rc1 +runc +exit \? /);
  assert.equal(status.render(s.containers.find((c) => c.name === 'webold')!, {} as never), 'exit 137', 'STATUS reads no context');
});
