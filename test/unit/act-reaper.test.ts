// No writes on the read path: the state listing the sampler runs every refresh leaves a
// dead container's state file and cgroup as they are; the act side's reaper (reapEnded,
// startReaper) is what records its end and removes its cgroup.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { managedSource } from '../../src/act/managed.js';
import { reap, reapEnded } from '../../src/act/reap.js';
import { startReaper } from '../../src/act/reaper.js';
import { StateStore, type ContainerState } from '../../src/act/state.js';
import type { CgroupDriver, CgroupRef } from '../../src/host/cgroup/types.js';
import { createSampler } from '../../src/sampler/sampler.js';
import { fixture } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-reaper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A state dir with one container whose init is gone (no /proc entry), its cgroup a
 *  directory the fake driver removes; every write the driver is asked for is logged. */
function deadContainer(name: string, extra: Partial<ContainerState> = {}) {
  const root = join(dir, name);
  const procRoot = join(root, 'proc');
  const cgroups = join(root, 'cgroup');
  mkdirSync(procRoot, { recursive: true });
  mkdirSync(join(cgroups, 'nstop', name), { recursive: true });
  const writes: string[] = [];
  const driver = {
    procs: () => [],
    readStats: () => ({ memory: { oomKill: 2, max: 64 * 2 ** 20 }, pids: {}, cpu: {}, psi: {}, memoryFormula: 't' }),
    readPeak: () => 63 * 2 ** 20,
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
    cgroup: { v1: {}, unified: `/nstop/${name}` }, pid: 4242, startTime: 1234, ...extra,
  };
  store.claim(name);
  store.write(st);
  const stateFile = join(store.dir, name, 'state.json');
  return { ctx, store, procRoot, writes, stateFile, cgroupDir: join(cgroups, 'nstop', name), stateText: () => readFileSync(stateFile, 'utf8') };
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
  assert.deepEqual([m?.final?.memoryPeak, m?.final?.memoryMax], [63 * 2 ** 20, 64 * 2 ** 20], 'and the memory peak against its limit');
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

/** A live stage in the fake /proc: its stat line as the kernel writes it (field 22 is
 *  the start time), e.g. "4243 (nstop-stage) S 1 4243 4243 0 -1 4194560 ... 5555 ...". */
function liveShim(procRoot: string, pid: number, startTime: number): () => void {
  const fields = ['S', '1', String(pid), String(pid), '0', '-1', '4194560', ...Array<string>(12).fill('0'), String(startTime), '1000000', '100', ...Array<string>(30).fill('0')];
  mkdirSync(join(procRoot, String(pid)), { recursive: true });
  writeFileSync(join(procRoot, String(pid), 'stat'), `${pid} (nstop-stage) ${fields.join(' ')}\n`);
  return () => rmSync(join(procRoot, String(pid)), { recursive: true, force: true });
}

test('while its stage lives the stage alone reaps: a listing passes the container by, touching nothing', async () => {
  const c = deadContainer('shimmed', { shimPid: 4243, shimStartTime: 5555 });
  const exitShim = liveShim(c.procRoot, 4243, 5555);
  const before = c.stateText();
  assert.deepEqual(await reapEnded(c.ctx), [], 'not reaped while the stage that holds its exit status lives');
  assert.equal(c.stateText(), before);
  assert.ok(existsSync(c.cgroupDir), 'its cgroup (and final counters) left for the stage');
  assert.deepEqual(c.writes, []);
  exitShim();
  assert.deepEqual(await reapEnded(c.ctx), ['shimmed'], 'a stage gone without reaping: the listing reaps');
});

test('a command waits for a live stage and returns what the stage recorded', async () => {
  const c = deadContainer('waited', { shimPid: 4244, shimStartTime: 5556 });
  const exitShim = liveShim(c.procRoot, 4244, 5556);
  const done = reap(c.ctx, 'waited');
  // the stage's own reaping: the state says stopped with the exit status, then it ends
  const st = c.store.read('waited')!;
  c.store.write({ ...st, status: 'stopped', exitCode: 2, signal: null, finishedAt: Date.now(), final: { oomKill: 0, pidsMaxHits: 3 } });
  exitShim();
  const r = await done;
  assert.equal(r?.status, 'stopped');
  assert.equal(r?.exitCode, 2);
  assert.equal(r?.final?.pidsMaxHits, 3, "the stage's final counters kept");
  assert.deepEqual(c.writes, [], 'nothing done a second time');
});
