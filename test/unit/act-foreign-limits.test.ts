// nstop set on another runtime's container (src/act/foreign-limits.ts): its own cgroup
// files only, the whole change or nothing, and the note that the runtime's record stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { foreignNote, foreignRef, setForeignLimits } from '../../src/act/foreign-limits.js';
import type { CgroupRef, LimitChange } from '../../src/host/cgroup/types.js';
import type { ContainerRow } from '../../src/model/types.js';

function ctxFor(mode: 'v1' | 'v2' | 'hybrid', writes: [CgroupRef, LimitChange][]): ActContext {
  return { driver: { layout: { mode }, setLimits: (ref: CgroupRef, c: LimitChange) => void writes.push([ref, c]) } } as unknown as ActContext;
}
const ID = 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8';
const path = `/docker/${ID}`;
const row = (over: Partial<ContainerRow>): ContainerRow => ({ id: `docker:${ID}`, name: 'web', runtime: 'docker', status: 'running', ...over }) as ContainerRow;

test('a running container with its own groups: the change goes to those groups', () => {
  const writes: [CgroupRef, LimitChange][] = [];
  const ctx = ctxFor('hybrid', writes);
  const r = row({ cgroupRef: { v1: { memory: path, pids: path, cpu: path }, unified: path } });
  const ref = foreignRef(ctx, r, { memory: 96 * 2 ** 20 });
  setForeignLimits(ctx, r, ref, { memory: 96 * 2 ** 20 });
  assert.deepEqual(writes, [[r.cgroupRef, { memory: 96 * 2 ** 20 }]]);
});

test('refused, nothing written: stopped, no cgroup of its own, a controller that is not its own', () => {
  const writes: [CgroupRef, LimitChange][] = [];
  const ctx = ctxFor('hybrid', writes);
  assert.throws(() => foreignRef(ctx, row({ status: 'stopped', cgroupRef: { v1: { memory: path } } }), { memory: 1 }), /web is not running \(stopped\)/);
  assert.throws(() => foreignRef(ctx, row({}), { memory: 1 }), /web has no cgroup of its own/);
  // memory is its own, pids is shared: neither is written
  assert.throws(() => foreignRef(ctx, row({ cgroupRef: { v1: { memory: path } } }), { memory: 1, pids: 5 }), /web has no pids cgroup of its own: nothing changed/);
  assert.throws(() => foreignRef(ctxFor('v2', writes), row({ cgroupRef: { v1: {} } }), { cpus: 1 }), /no cpu cgroup of its own/);
  assert.deepEqual(writes, []);
});

test('the note names where the runtime still shows the old limit', () => {
  assert.equal(foreignNote(row({})), "note: docker's own record of web is not changed: docker inspect still shows the old limits, and a restart of web undoes this");
});
