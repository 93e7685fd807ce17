// rm --force of a running container: an exiting init has left cgroup.procs but /proc
// still shows it running for a moment. rm must wait for it and remove the cgroup before
// the state goes (a state dropped first leaves the cgroup behind for good).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { forget } from '../../src/act/control.js';
import { StateStore, type ContainerState } from '../../src/act/state.js';
import type { CgroupDriver, CgroupRef } from '../../src/host/cgroup/types.js';
import { fixture } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-forget-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('rm --force waits for the killed init to be gone, then removes its cgroup, then the state', async () => {
  const procRoot = join(dir, 'proc');
  mkdirSync(procRoot);
  cpSync(fixture('proc', '4242'), join(procRoot, '4242'), { recursive: true, verbatimSymlinks: true });
  const startTime = Number(readFileSync(join(procRoot, '4242', 'stat'), 'utf8').split(' ')[21]);
  const removed: CgroupRef[] = [];
  const driver = {
    killAll: () => false,
    setFrozen: async () => undefined,
    procs: () => [], // the init already left cgroup.procs...
    readStats: () => ({ memory: {}, pids: {}, cpu: {}, psi: {}, memoryFormula: 't' }),
    remove: (ref: CgroupRef) => void removed.push(ref),
  } as unknown as CgroupDriver;
  const store = new StateStore(join(dir, 'state'));
  const ctx = { store, driver, procRoot, cgroupRoot: '/nonexistent', cgroupBase: '/nstop' } as unknown as ActContext;
  const st: ContainerState = {
    name: 'box', id: 'abc', status: 'running', createdAt: Date.now(), command: ['sleep', '600'], ns: ['pid'], limits: {}, env: [], detached: true,
    cgroup: { v1: {}, unified: '/nstop/box' }, pid: 4242, startTime,
  };
  store.claim('box');
  store.write(st);
  // ...but /proc shows it running for another 100 ms
  setTimeout(() => rmSync(join(procRoot, '4242'), { recursive: true }), 100);
  await forget(ctx, 'box', true);
  assert.equal(removed.some((r) => r.unified === '/nstop/box'), true, 'its cgroup was removed');
  assert.equal(store.read('box'), undefined, 'then the state went');
});

test('a kill that does not end the init in time keeps the state (rm can be run again)', async () => {
  const procRoot = join(dir, 'proc2');
  mkdirSync(procRoot);
  cpSync(fixture('proc', '4242'), join(procRoot, '4242'), { recursive: true, verbatimSymlinks: true });
  const startTime = Number(readFileSync(join(procRoot, '4242', 'stat'), 'utf8').split(' ')[21]);
  const driver = { killAll: () => false, setFrozen: async () => undefined, procs: () => [], remove: () => assert.fail('not while it runs') } as unknown as CgroupDriver;
  const store = new StateStore(join(dir, 'state2'));
  const ctx = { store, driver, procRoot, cgroupRoot: '/nonexistent', cgroupBase: '/nstop' } as unknown as ActContext;
  store.claim('stuck');
  store.write({ name: 'stuck', id: 'def', status: 'running', createdAt: Date.now(), command: ['x'], ns: [], limits: {}, env: [], detached: true, cgroup: { v1: {}, unified: '/nstop/stuck' }, pid: 4242, startTime });
  await assert.rejects(forget(ctx, 'stuck', true), /still exiting; run rm again/);
  assert.equal(store.read('stuck')?.status, 'running', 'the state stays with its cgroup');
});
