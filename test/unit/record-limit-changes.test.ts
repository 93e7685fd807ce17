// Limits changed between two samples (by nstop set, docker update, a write to the file)
// become one event per container naming each change; a figure not read this time and a
// container new since the last sample are no change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitChanges } from '../../src/record/limit-changes.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';
import { MiB, sampleSnapshot } from '../helpers/sample-snapshot.js';

/** `s` with the container named `name` changed by `f` (its stats copied first). */
function changed(s: Snapshot, name: string, f: (c: ContainerRow) => void): Snapshot {
  const containers = s.containers.map((c) => {
    if (c.name !== name || !c.stats) return c;
    const copy: ContainerRow = { ...c, stats: { ...c.stats, memory: { ...c.stats.memory }, pids: { ...c.stats.pids }, cpu: { ...c.stats.cpu } } };
    f(copy);
    return copy;
  });
  return { ...s, time: s.time + 5000, containers };
}

test('each container whose limits moved: one event naming every change, old -> new', () => {
  const before = sampleSnapshot();
  assert.deepEqual(limitChanges(before, { ...before, time: before.time + 5000 }), [], 'nothing moved');
  let now = changed(before, 'box', (c) => {
    c.stats!.memory.max = 128 * MiB;
    c.stats!.pids.max = Infinity;
  });
  now = changed(now, 'web', (c) => (c.stats!.cpu.limitCpus = 1.5));
  const events = limitChanges(before, now);
  assert.deepEqual(
    events.map((e) => [e.t, e.e.container, e.e.kind, e.e.detail]),
    [
      [now.time, 'web', 'limit', 'cpus max -> 1.5'],
      [now.time, 'box', 'limit', `memory max ${64 * MiB} -> ${128 * MiB}, pids max 20 -> max`],
    ],
    'in the sample\'s order',
  );
});

test('a figure not read this time, or a container new since the last sample, is no change', () => {
  const before = sampleSnapshot();
  const unread = changed(before, 'box', (c) => delete (c.stats!.memory as { max?: number }).max);
  assert.deepEqual(limitChanges(before, unread), []);
  const fresh = { ...before, containers: before.containers.filter((c) => c.name !== 'box') };
  const back = changed(before, 'box', (c) => (c.stats!.memory.max = 1 * MiB));
  assert.deepEqual(limitChanges(fresh, back), [], 'box was not in the sample before');
});
