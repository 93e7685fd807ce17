// One contract, three layouts: the same scenario must read the same on v1, v2 and hybrid.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCgroupDriver, refFromMembership } from '../../src/host/cgroup/index.js';
import type { CgroupRef } from '../../src/host/cgroup/types.js';
import { fixture } from '../helpers/paths.js';

const MiB = 1024 * 1024;
const DOCKER = 'ab'.repeat(32);

const layouts: { name: string; mode: string; box: CgroupRef; docker: CgroupRef; psi: boolean; frozen: boolean }[] = [
  { name: 'cgroup-v2', mode: 'v2', box: { unified: '/nstop/box', v1: {} }, docker: { unified: `/system.slice/docker-${DOCKER}.scope`, v1: {} }, psi: true, frozen: true },
  {
    name: 'cgroup-v1', mode: 'v1',
    box: refFromMembership([
      { hierarchyId: 4, controllers: ['memory'], path: '/nstop/box' },
      { hierarchyId: 5, controllers: ['pids'], path: '/nstop/box' },
      { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/nstop/box' },
      { hierarchyId: 6, controllers: ['freezer'], path: '/nstop/box' },
    ]),
    docker: { v1: { memory: `/docker/${DOCKER}`, pids: `/docker/${DOCKER}` } },
    psi: false, frozen: true,
  },
  {
    name: 'cgroup-hybrid', mode: 'hybrid',
    box: { unified: '/nstop/box', v1: { memory: '/nstop/box', pids: '/nstop/box', cpu: '/nstop/box', cpuacct: '/nstop/box', freezer: '/nstop/box' } },
    docker: { v1: {} }, psi: true, frozen: true,
  },
];

for (const l of layouts) {
  describe(`cgroup contract on ${l.name}`, () => {
    const driver = createCgroupDriver(fixture(l.name));

    test('detects the layout', () => assert.equal(driver.layout.mode, l.mode));

    test('memory: 20 MiB of 64 MiB, no swap allowed, 1 oom kill, 7 limit hits', () => {
      const m = driver.readStats(l.box).memory;
      assert.equal(m.current, 20 * MiB);
      assert.equal(m.max, 64 * MiB);
      assert.equal(m.workingSet, 16 * MiB);
      assert.equal(m.swapMax, 0);
      assert.equal(m.swapCurrent, 0);
      assert.equal(m.oomKill, 1);
      assert.equal(m.maxHits, 7);
    });

    test('pids: 3 of 20, 2 refused forks', () => {
      assert.deepEqual(driver.readStats(l.box).pids, { current: 3, max: 20, maxHits: 2 });
    });

    test('cpu: 0.5 CPU quota, weight 100, 1.5 s used, 3 throttled periods', () => {
      const c = driver.readStats(l.box).cpu;
      assert.equal(c.limitCpus, 0.5);
      assert.equal(c.weight, l.mode === 'v2' ? 100 : 40); // shares 1024 -> weight 40 (runc's mapping)
      assert.equal(c.usageUsec, 1_500_000);
      assert.equal(c.nrThrottled, 3);
      assert.equal(c.throttledUsec, 120_000);
    });

    test('PSI where a cgroup2 hierarchy exists, else absent (n/a, not 0)', () => {
      const s = driver.readStats(l.box);
      if (l.psi) assert.equal(s.psi.memory?.some.avg10, 1.5);
      else assert.deepEqual(s.psi, {});
      assert.equal(s.frozen, false);
    });

    test('a vanished group throws ENOENT', () => {
      const gone: CgroupRef = l.mode === 'v2' ? { unified: '/nstop/gone', v1: {} } : { v1: { memory: '/nstop/gone' }, unified: l.mode === 'hybrid' ? '/nstop/gone' : undefined };
      assert.throws(() => driver.readStats(gone), (e: unknown) => (e as { code?: string }).code === 'ENOENT');
    });

    if (l.mode !== 'hybrid') {
      test('unlimited reads as Infinity; a missing file as undefined', () => {
        const s = driver.readStats(l.docker);
        assert.equal(s.memory.max, Infinity);
        assert.equal(s.pids.max, Infinity);
        assert.equal(s.memory.oomKill, undefined);
        assert.equal(s.memory.swapMax, undefined);
      });
    }
  });
}
