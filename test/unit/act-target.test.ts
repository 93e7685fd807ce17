// The act commands' targets (src/act/target.ts): nstop's own state files and every other
// runtime's containers are looked up together, so a name both have is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { ActError } from '../../src/act/errors.js';
import { StateStore, type ContainerState } from '../../src/act/state.js';
import { livePid, resolveTarget } from '../../src/act/target.js';
import type { CgroupDriver } from '../../src/host/cgroup/types.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';
import { fixture } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-target-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const store = new StateStore(join(dir, 'state'));
// a driver with no groups: reaping an ended container here removes nothing
const removed: string[] = [];
const driver = { procs: () => [], readStats: () => ({ memory: {}, pids: {}, cpu: {}, psi: {} }), remove: (ref: { unified?: string }) => void removed.push(ref.unified ?? '') } as unknown as CgroupDriver;
const ctx = { store, driver, procRoot: fixture('proc'), cgroupRoot: '/nonexistent' } as unknown as ActContext;
const st: ContainerState = { name: 'web', id: 'abc', status: 'running', createdAt: 0, command: ['sleep'], ns: ['pid'], limits: {}, env: [], detached: true, cgroup: { v1: {}, unified: '/nstop/web' }, pid: 4242, startTime: 1 };
store.claim('web');
store.write(st);
store.claim('solo');
store.write({ ...st, name: 'solo' });

const ID = 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8';
const docker = { id: `docker:${ID}`, name: 'web', runtime: 'docker', pids: [7509], initPid: 7509, status: 'running' } as unknown as ContainerRow;
const snap = async () => ({ containers: [docker] }) as unknown as Snapshot;

test('a name nstop and docker both have is refused, naming both', async () => {
  await assert.rejects(resolveTarget(ctx, 'web', snap), (e: unknown) => e instanceof ActError && (e as Error).message === '"web" matches 2 containers: nstop:web, docker:web (say which: RUNTIME:NAME or an id prefix)');
});

test('qualified, each is one; an id prefix is docker\'s; a name only nstop has is nstop\'s', async () => {
  assert.equal((await resolveTarget(ctx, 'nstop:web', snap)).kind, 'nstop');
  const d = await resolveTarget(ctx, 'docker:web', snap);
  assert.equal(d.kind === 'container' && d.row.id, `docker:${ID}`);
  const p = await resolveTarget(ctx, 'f7043659', snap);
  assert.equal(p.kind === 'container' && p.pid, 7509);
  assert.equal((await resolveTarget(ctx, 'solo', snap)).kind, 'nstop');
  await assert.rejects(resolveTarget(ctx, 'nstop:nope', snap), /no container named "nstop:nope" started by nstop/);
  await assert.rejects(resolveTarget(ctx, 'podman:web', snap), /no container named "podman:web"/);
});

test('digits that are no name are a pid', async () => {
  const t = await resolveTarget(ctx, '4242', snap);
  assert.deepEqual(t, { kind: 'pid', pid: 4242 });
});

test('one whose process has ended is recorded first: the refusal says how it ended, not "running"', async () => {
  store.claim('ended');
  store.write({ ...st, name: 'ended', cgroup: { v1: {}, unified: '/nstop/ended' } });
  writeFileSync(store.exitPath('ended'), '{"exitCode":3,"signal":0,"finishedAt":1}\n');
  const t = await resolveTarget(ctx, 'ended', snap);
  assert.equal(t.kind === 'nstop' && t.state.status, 'stopped');
  assert.throws(() => livePid(t), (e: unknown) => e instanceof ActError && (e as Error).message === 'ended is not running (exit 3)');
  assert.ok(removed.includes('/nstop/ended'), 'its cgroup went with the reaping');
});
