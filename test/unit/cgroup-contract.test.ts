// One contract, three layouts: the same scenario (test/fixtures/cgroup-README.md) must
// read the same through createCgroupDriver on v1, v2 and hybrid trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ParseError, isVanished } from '../../src/host/errors.js';
import { createCgroupDriver, refFromMembership } from '../../src/host/cgroup/index.js';
import { withHot } from '../../src/host/cgroup/stats.js';
import { keyValue } from '../../src/host/cgroup/parse.js';
import type { CgroupMode, CgroupRef } from '../../src/host/cgroup/types.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { fixture } from '../helpers/paths.js';

const MiB = 1024 * 1024;
const DOCKER = 'ab'.repeat(32);

type ContractCase = {
  title: string;
  root: string;
  mode: CgroupMode;
  /** the 64 MiB / pids 20 / 0.5 CPU group */
  box: CgroupRef;
  /** the docker group with no limits and fewer files */
  docker: CgroupRef;
  /** a group that does not exist */
  gone: CgroupRef;
  /** a cgroup2 hierarchy is there: PSI and cgroup.events */
  unified: boolean;
};

const ref = (text: string): CgroupRef => refFromMembership(parseCgroupFile(text));
const hybridLines = (path: string, freezer = path) =>
  `9:name=systemd:/\n8:pids:${path}\n4:memory:${path}\n2:cpuacct:${path}\n1:cpu:${path}\n6:freezer:${freezer}\n0::${path}\n`;

function cgroupContract(c: ContractCase): void {
  describe(`cgroup contract: ${c.title}`, () => {
    const driver = createCgroupDriver(c.root);

    test('detects the layout', () => assert.equal(driver.layout.mode, c.mode));

    test('memory: 20 MiB of 64 MiB, working set 16 MiB, swap 0 of 0, 1 OOM kill, 7 limit hits', () => {
      const m = driver.readStats(c.box).memory;
      assert.equal(m.current, 20 * MiB);
      assert.equal(m.workingSet, 16 * MiB);
      assert.equal(m.max, 64 * MiB);
      assert.equal(m.swapMax, 0);
      assert.equal(m.swapCurrent, 0);
      assert.equal(m.oomKill, 1);
      assert.equal(m.maxHits, 7);
    });

    test('memory peak: 48 MiB; none for a group without the file', () => {
      assert.equal(driver.readPeak(c.box), 48 * MiB);
      assert.equal(driver.readPeak(c.docker), undefined);
    });

    test('pids: 3 of 20, 2 refused forks', () => {
      assert.deepEqual(driver.readStats(c.box).pids, { current: 3, max: 20, maxHits: 2 });
    });

    test('cpu: 0.5 CPU quota, weight 100, 1.5 s used, 3 of 40 periods throttled for 120 ms', () => {
      assert.deepEqual(driver.readStats(c.box).cpu, {
        usageUsec: 1_500_000, userUsec: 1_000_000, systemUsec: 500_000,
        nrPeriods: 40, nrThrottled: 3, throttledUsec: 120_000, limitCpus: 0.5, weight: 100,
      });
    });

    test('frozen, populated and PSI where a cgroup2 hierarchy exists, else undefined', () => {
      const s = driver.readStats(c.box);
      assert.equal(s.frozen, false);
      assert.equal(s.populated, c.unified ? true : undefined);
      if (c.unified) {
        for (const kind of ['cpu', 'memory', 'io'] as const) assert.equal(s.psi[kind]?.some.avg10, 1.5);
        assert.equal(s.psi.memory?.full?.total, 4567);
      } else assert.deepEqual(s.psi, {});
      assert.match(s.memoryFormula, /inactive_file/);
      // the PSI-only read (an idle row on screen whose averages decay) agrees with it
      assert.deepEqual(driver.readPsi(c.box), s.psi);
    });

    test('a figure only the other version has reads undefined, never 0', () => {
      const m = driver.readStats(c.box).memory;
      const v2 = c.mode === 'v2';
      assert.equal(m.high, v2 ? Infinity : undefined); // memory.high: v2 only
      assert.equal(m.oom, v2 ? 1 : undefined); // memory.events oom: v2 only
      assert.equal(m.highHits, v2 ? 0 : undefined);
      assert.equal(m.underOom, v2 ? undefined : false); // oom_control under_oom: v1 only
    });

    test('no limit reads Infinity; a missing file reads undefined', () => {
      const s = driver.readStats(c.docker);
      assert.equal(s.memory.max, Infinity);
      assert.equal(s.pids.max, Infinity);
      assert.equal(s.cpu.limitCpus, Infinity);
      assert.equal(s.memory.current, 100 * MiB);
      assert.equal(s.pids.current, 12);
      for (const k of ['oomKill', 'maxHits', 'swapMax', 'swapCurrent', 'workingSet'] as const) assert.equal(s.memory[k], undefined, k);
      assert.equal(s.pids.maxHits, undefined);
    });

    test('readHot: the moving figures, the same as a full read; laid over it, the full read again', () => {
      const full = driver.readStats(c.box);
      const hot = driver.readHot(c.box);
      assert.equal(hot.memory.current, full.memory.current);
      assert.equal(hot.pids.current, full.pids.current);
      assert.equal(hot.cpu.usageUsec, full.cpu.usageUsec);
      assert.equal(hot.frozen, full.frozen);
      assert.equal(hot.memory.max, undefined, 'limits are not in a hot read');
      assert.deepEqual(withHot(full, hot), full);
      // what moved since the full read moves; limits and counters stay as read
      const later = withHot(full, { ...hot, memory: { current: 30 * MiB }, cpu: { usageUsec: 2_000_000 } });
      assert.deepEqual([later.memory.current, later.memory.workingSet, later.memory.max, later.cpu.usageUsec, later.memory.maxHits], [30 * MiB, 26 * MiB, 64 * MiB, 2_000_000, 7]);
      assert.throws(() => driver.readHot(c.gone), (err) => isVanished(err));
      // the one-file gate agrees with the full read, and vanishes like it
      assert.equal(driver.readUsage(c.box), full.cpu.usageUsec);
      assert.notEqual(driver.readUsage(c.box), undefined);
      // a gone group whose CPU-counting dir is gone throws; one counted nowhere reads undefined
      const counted = c.gone.v1['cpuacct'] !== undefined || (c.unified && c.gone.unified !== undefined && !c.gone.unified.startsWith('/nstop-fixture/box'));
      if (counted) assert.throws(() => driver.readUsage(c.gone), (err) => isVanished(err));
      else if (c.gone.unified === undefined) assert.equal(driver.readUsage(c.gone), undefined);
    });

    test('a vanished group throws its ENOENT (callers skip it quietly)', () => {
      assert.throws(() => driver.readStats(c.gone), (e: unknown) => isVanished(e) && (e as { code?: string }).code === 'ENOENT');
    });

    test('a ref into no hierarchy of this layout reads as all n/a', () => {
      const s = driver.readStats({ v1: {} });
      assert.deepEqual([s.memory, s.pids, s.cpu, s.psi], [{}, {}, {}, {}]);
    });
  });
}

cgroupContract({
  title: 'v2 nstop/box', root: fixture('cgroup-v2'), mode: 'v2', unified: true,
  box: ref('0::/nstop/box\n'),
  docker: ref(`0::/system.slice/docker-${DOCKER}.scope\n`),
  gone: ref('0::/nstop/gone\n'),
});
cgroupContract({
  title: 'v2 nstop-fixture/box', root: fixture('cgroup-v2'), mode: 'v2', unified: true,
  box: ref('0::/nstop-fixture/box\n'),
  docker: ref(`0::/system.slice/docker-${DOCKER}.scope\n`),
  gone: ref('0::/nstop-fixture/gone (deleted)\n'), // the kernel's mark for a removed group
});
cgroupContract({
  title: 'v1 nstop/box (cpu,cpuacct co-mounted)', root: fixture('cgroup-v1'), mode: 'v1', unified: false,
  box: ref('6:name=systemd:/\n5:pids:/nstop/box\n4:memory:/nstop/box\n3:freezer:/nstop/box\n2:cpu,cpuacct:/nstop/box\n'),
  docker: ref(`5:pids:/docker/${DOCKER}\n4:memory:/docker/${DOCKER}\n2:cpu,cpuacct:/docker/${DOCKER}\n`),
  gone: ref('4:memory:/nstop/gone\n'),
});
cgroupContract({
  title: 'hybrid nstop/box', root: fixture('cgroup-hybrid'), mode: 'hybrid', unified: true,
  box: ref(hybridLines('/nstop/box')),
  docker: ref(hybridLines(`/docker/${DOCKER}`, '/')),
  gone: ref(hybridLines('/nstop/gone', '/')),
});
cgroupContract({
  title: 'hybrid nstop-fixture/box (freezer at its root)', root: fixture('cgroup-hybrid'), mode: 'hybrid', unified: true,
  box: ref(hybridLines('/nstop-fixture/box', '/')),
  docker: ref(hybridLines(`/docker/${DOCKER}`, '/')),
  gone: ref('8:pids:/nstop-fixture/box\n4:memory:/nstop-fixture/gone\n0::/nstop-fixture/box\n'),
});

describe('hybrid: the unified path is read separately from the v1 paths', () => {
  const driver = createCgroupDriver(fixture('cgroup-hybrid'));

  test('v1 figures from memory:/nstop/box, PSI from 0::/ (real root lines)', () => {
    const s = driver.readStats(ref('4:memory:/nstop/box\n8:pids:/nstop/box\n0::/\n'));
    assert.equal(s.memory.max, 64 * MiB);
    assert.equal(s.psi.cpu?.some.avg10, 0.04);
    assert.equal(s.psi.io?.full?.total, 3049889);
    assert.equal(s.populated, undefined); // the cgroup2 root has no cgroup.events
  });

  test('cpu usage comes from unified cpu.stat when no cpuacct group is known', () => {
    const s = driver.readStats(ref('4:memory:/nstop/box\n0::/nstop/box\n'));
    assert.equal(s.cpu.usageUsec, 1_500_000);
    assert.equal(s.cpu.limitCpus, undefined);
  });

  test('a vanished unified group throws ENOENT even when the v1 groups exist', () => {
    assert.throws(() => driver.readStats(ref('4:memory:/nstop/box\n0::/nstop/gone\n')), (e: unknown) => isVanished(e));
  });
});

describe('driver edge cases on scratch trees', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'nstop-cgroup-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const tree = (name: string, files: Record<string, string>): string => {
    const root = join(scratch, name);
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    return root;
  };

  test('garbage in a file is a ParseError naming the file and line', () => {
    const root = tree('garbage', {
      'cgroup.controllers': 'memory pids\n',
      'a/cgroup.procs': '', 'a/memory.max': 'lots\n',
      'b/cgroup.procs': '', 'b/memory.events': 'max 1\noom_kill x\n',
    });
    const driver = createCgroupDriver(root);
    const parseErrorAt = (file: string, line: number) => (e: unknown) => e instanceof ParseError && e.path === join(root, file) && e.line === line;
    assert.throws(() => driver.readStats(ref('0::/a\n')), parseErrorAt('a/memory.max', 1));
    assert.throws(() => driver.readStats(ref('0::/b\n')), parseErrorAt('b/memory.events', 2));
  });

  test('v1 freezer FROZEN wins over unified frozen 0; memsw absent = swap n/a', () => {
    const root = tree('frozen', {
      'memory/cgroup.procs': '', 'memory/g/memory.usage_in_bytes': '4096\n', 'memory/g/memory.limit_in_bytes': '8192\n',
      'freezer/cgroup.procs': '', 'freezer/g/freezer.state': 'FROZEN\n',
      'unified/cgroup.controllers': '', 'unified/g/cgroup.events': 'populated 1\nfrozen 0\n',
    });
    const s = createCgroupDriver(root).readStats(ref('4:memory:/g\n6:freezer:/g\n0::/g\n'));
    assert.equal(s.frozen, true);
    assert.equal(s.memory.max, 8192);
    assert.equal(s.memory.swapMax, undefined);
    assert.equal(s.memory.swapCurrent, undefined);
  });

  test('v2: only the files of controllers the group\'s cgroup.controllers names are read', () => {
    const root = tree('controllers', {
      'cgroup.controllers': 'memory pids cpu\n',
      // a group handed only pids: memory.* and cpu.max here would be files the kernel never makes
      'g/cgroup.controllers': 'pids\n', 'g/pids.current': '3\n', 'g/memory.current': '4096\n', 'g/cpu.max': '50000 100000\n',
      'g/cpu.stat': 'usage_usec 7\n',
      // no cgroup.controllers (unreadable): every file is tried
      'h/memory.current': '8192\n',
    });
    const driver = createCgroupDriver(root);
    const g = driver.readStats(ref('0::/g\n'));
    assert.deepEqual([g.pids.current, g.memory.current, g.cpu.limitCpus, g.cpu.usageUsec], [3, undefined, undefined, 7]);
    assert.deepEqual([driver.readHot(ref('0::/g\n')).memory.current, driver.readHot(ref('0::/g\n')).pids.current], [undefined, 3]);
    assert.equal(driver.readStats(ref('0::/h\n')).memory.current, 8192);
  });

  test('a path outside our cgroup namespace ("/../..") reads n/a instead of another group', () => {
    const driver = createCgroupDriver(fixture('cgroup-v2'));
    assert.deepEqual(driver.readStats(ref('0::/../../nstop/box\n')).memory, {});
  });

  test('EACCES on a file leaves that figure undefined', () => {
    const root = tree('denied', { 'cgroup.controllers': '', 'g/cgroup.procs': '', 'g/memory.max': '100\n', 'g/pids.max': '20\n' });
    for (const d of [scratch, root, join(root, 'g')]) chmodSync(d, 0o755);
    chmodSync(join(root, 'g', 'memory.max'), 0);
    const script = `import { createCgroupDriver } from ${JSON.stringify(new URL('../../src/host/cgroup/index.js', import.meta.url).href)};
      const s = createCgroupDriver(${JSON.stringify(root)}).readStats({ unified: '/g', v1: {} });
      console.log(JSON.stringify({ memoryMax: String(s.memory.max), pidsMax: s.pids.max }));`;
    // root reads mode-000 files, so the reader runs as nobody
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', ...asNobody });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { memoryMax: 'undefined', pidsMax: 20 });
  });
});

test('keyValue finds one key of a flat-keyed file without splitting it', () => {
  // lines of a real v1 memory.stat
  const text = 'cache 4096\nrss 40960\ninactive_file 12288\ntotal_inactive_file 24576\n';
  assert.equal(keyValue(text, 'total_inactive_file', 'memory.stat'), 24576);
  assert.equal(keyValue(text, 'inactive_file', 'memory.stat'), 12288, 'not the total_ line that ends with the same name');
  assert.equal(keyValue(text, 'cache', 'memory.stat'), 4096, 'the first line');
  assert.equal(keyValue(text, 'active_anon', 'memory.stat'), undefined);
  assert.throws(() => keyValue('rss lots\n', 'rss', 'memory.stat'), ParseError);
});
