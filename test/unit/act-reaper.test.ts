// No writes on the read path: the state listing the sampler runs every refresh leaves a
// dead container's state file and cgroup as they are; the act side's reaper (reapEnded,
// startReaper) is what records its end and removes its cgroup.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { managedSource } from '../../src/act/managed.js';
import { reapEnded } from '../../src/act/reap.js';
import { startReaper } from '../../src/act/reaper.js';
import { StateStore, type ContainerState } from '../../src/act/state.js';
import type { CgroupDriver, CgroupRef } from '../../src/host/cgroup/types.js';
import { createSampler } from '../../src/sampler/sampler.js';
import { fixture } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-reaper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A state dir with one container whose init is gone (no /proc entry), its cgroup a
 *  directory the fake driver removes; every write the driver is asked for is logged. */
function deadContainer(name: string) {
  const root = join(dir, name);
  const procRoot = join(root, 'proc');
  const cgroups = join(root, 'cgroup');
  mkdirSync(procRoot, { recursive: true });
  mkdirSync(join(cgroups, 'nstop', name), { recursive: true });
  const writes: string[] = [];
  const driver = {
    procs: () => [],
    readStats: () => ({ memory: { oomKill: 2 }, pids: {}, cpu: {}, psi: {}, memoryFormula: 't' }),
    killAll: () => void writes.push('killAll'),
    setFrozen: async () => void writes.push('setFrozen'),
    remove: (ref: CgroupRef) => {
      writes.push(`remove ${ref.unified}`);
      rmSync(join(cgroups, ref.unified ?? '/'), { recursive: true, force: true });
    },
  } as unknown as CgroupDriver;
  const store = new StateStore(join(root, 'state'));
  const ctx = { store, driver, procRoot, cgroupRoot: cgroups, cgroupBase: '/nstop' } as unknown as ActContext;
  const st: ContainerState = {
    name, id: 'abc', status: 'running', createdAt: Date.now() - 60_000, command: ['sleep', '600'], ns: ['pid'], limits: {}, env: [], detached: true,
    cgroup: { v1: {}, unified: `/nstop/${name}` }, pid: 4242, startTime: 1234,
  };
  store.claim(name);
  store.write(st);
  const stateFile = join(store.dir, name, 'state.json');
  return { ctx, writes, stateFile, cgroupDir: join(cgroups, 'nstop', name), stateText: () => readFileSync(stateFile, 'utf8') };
}

test('the listing (what a refresh reads) is a pure read: a dead container stays as its state file says', async () => {
  const c = deadContainer('lister');
  const before = c.stateText();
  const listed = await managedSource(c.ctx)();
  assert.deepEqual(listed.map((m) => [m.name, m.status]), [['lister', 'running']]);
  assert.equal(c.stateText(), before, 'the state file is untouched');
  assert.ok(existsSync(c.cgroupDir), 'its cgroup is still there');
  assert.deepEqual(c.writes, []);
});

test("the sampler's ticks over such a state dir write nothing", async () => {
  const c = deadContainer('sampled');
  const before = c.stateText();
  const sampler = createSampler({ procRoot: fixture('proc-v2'), cgroupRoot: fixture('cgroup-v2'), intervalMs: 1000, readOnly: false, watchEvents: false, managed: managedSource(c.ctx) });
  await sampler.sample();
  const s = await sampler.sample();
  assert.equal(s.containers.find((r) => r.name === 'sampled')?.status, 'running', 'shown as its state says until reaped');
  assert.equal(c.stateText(), before);
  assert.ok(existsSync(c.cgroupDir));
  assert.deepEqual(c.writes, []);
  sampler.stop();
});

test('the reaper records the end, removes the cgroup, and the next listing shows it stopped', async () => {
  const c = deadContainer('reaped');
  assert.deepEqual(await reapEnded(c.ctx), ['reaped']);
  assert.ok(!existsSync(c.cgroupDir), 'its cgroup was removed');
  assert.ok(c.writes.includes('remove /nstop/reaped'));
  const [m] = await managedSource(c.ctx)();
  assert.equal(m?.status, 'stopped');
  assert.equal(m?.final?.oomKill, 2, 'final counters read before the cgroup went');
  assert.deepEqual(await reapEnded(c.ctx), [], 'a stopped one is not reaped again');
});

test('startReaper: its first round reaps and says so; stop ends it', async () => {
  const c = deadContainer('timed');
  const said = await new Promise<string[]>((resolve) => {
    const reaper = startReaper(c.ctx, {
      intervalMs: 10,
      onReaped: (names) => {
        reaper.stop();
        resolve(names);
      },
    });
  });
  assert.deepEqual(said, ['timed']);
  assert.equal((await managedSource(c.ctx)())[0]?.status, 'stopped');
});
