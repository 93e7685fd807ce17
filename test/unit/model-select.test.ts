// NAME, RUNTIME:NAME, an id prefix: one container, none, or an ambiguity listed in one
// line (src/model/select.ts), as ps, exec, kill, set and events read them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findContainer } from '../../src/cli/commands.js';
import { UserError } from '../../src/host/errors.js';
import { ambiguityText, selectContainers } from '../../src/model/select.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';

const D1 = 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8';
const D2 = 'f70aa659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e9';
const row = (id: string, name: string, pids: number[] = []): ContainerRow =>
  ({ id, name, runtime: id.slice(0, id.indexOf(':')) as ContainerRow['runtime'], pids, nprocs: pids.length, ownCgroup: true, ns: {}, isolated: [], command: '', counters: {} as ContainerRow['counters'], history: { cpuPct: [], memoryBytes: [] }, status: 'running' });
const rows = [row('nstop:web', 'web', [10]), row(`docker:${D1}`, 'web', [20]), row(`docker:${D2}`, 'db', [30]), row('runc:rc1', 'rc1', [40]), row('ad-hoc:pidns:4026532451', 'sleep', [50])];
const one = (text: string) => {
  const s = selectContainers(rows, text);
  return s.kind === 'one' ? s.row.id : s.kind === 'many' ? s.rows.map((r) => r.id) : 'none';
};

test('a name two runtimes share is ambiguous; qualified, it is one', () => {
  assert.deepEqual(one('web'), ['nstop:web', `docker:${D1}`]);
  assert.equal(one('docker:web'), `docker:${D1}`);
  assert.equal(one('nstop:web'), 'nstop:web');
  assert.equal(one('db'), `docker:${D2}`);
  assert.equal(one('podman:web'), 'none');
});

test('an id prefix: unique is one, shared is ambiguous, and the full key always one', () => {
  assert.equal(one('f7043'), `docker:${D1}`);
  assert.deepEqual(one('f70'), [`docker:${D1}`, `docker:${D2}`]);
  assert.equal(one('docker:f70aa'), `docker:${D2}`);
  assert.equal(one('ad-hoc:pidns:4026532451'), 'ad-hoc:pidns:4026532451');
  assert.equal(one('pidns'), 'none', 'an ad-hoc container has no id to type');
});

test('the ambiguity is one line naming each candidate as RUNTIME:NAME (ids when names repeat)', () => {
  assert.equal(ambiguityText('web', rows.slice(0, 2)), '"web" matches 2 containers: nstop:web, docker:web (say which: RUNTIME:NAME or an id prefix)');
  assert.equal(ambiguityText('f70', [rows[1]!, { ...rows[2]!, name: 'web' }]), '"f70" matches 2 containers: docker:f7043659c878, docker:f70aa659c878 (say which: RUNTIME:NAME or an id prefix)');
});

test('nstop ps refuses an ambiguous name as its own error (exit 125), and takes a pid of a member', () => {
  const s = { containers: rows } as unknown as Snapshot;
  assert.throws(() => findContainer(s, 'web'), (e: unknown) => e instanceof UserError && (e as UserError).exitCode === 125 && /matches 2 containers: nstop:web, docker:web/.test((e as Error).message));
  assert.equal(findContainer(s, 'docker:web').id, `docker:${D1}`);
  assert.equal(findContainer(s, '40').id, 'runc:rc1');
  assert.throws(() => findContainer(s, '99'), /no container named "99"/);
});
