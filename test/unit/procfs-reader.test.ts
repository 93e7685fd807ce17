// proc-reader and the procfs I/O helpers against test/fixtures/proc (see its README),
// temporary copies of it with files removed (pids that exit mid-read), and the real /proc.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ParseError } from '../../src/host/errors.js';
import { createProcReader, readProcessStat, readUserNames } from '../../src/host/proc-reader.js';
import { listPids } from '../../src/host/procfs/list-pids.js';
import { readNsLinks } from '../../src/host/procfs/ns.js';
import { readSmallFile, readTextFile } from '../../src/host/procfs/read-file.js';
import { NS_TYPES } from '../../src/host/vocabulary.js';
import { fixture } from '../helpers/paths.js';

const PROC = fixture('proc');
const HOST_NS = { mnt: 4026531832, net: 4026531833, pid: 4026531836, uts: 4026531838, ipc: 4026531839, user: 4026531837, cgroup: 4026531835, time: 4026531834 };
const BOX = '/nstop-fixture/box';
const reader = (procRoot: string) => createProcReader({ procRoot });

const scratch = mkdtempSync(join(tmpdir(), 'nstop-procfs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A private copy of the fixture tree to break; ns symlinks are copied as links. */
function copyTree(name: string): string {
  const root = join(scratch, name);
  cpSync(PROC, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

test('listPids: numeric entries only, sorted', () => {
  assert.deepEqual(listPids(PROC), [1, 2, 30, 4241, 4242, 4243, 4250]);
});

test('identity of the container init and its odd child', () => {
  const init = reader(PROC).identity(4242)!;
  assert.equal(init.stat.comm, 'sleep');
  assert.equal(init.stat.ppid, 4241);
  assert.deepEqual(init.status?.nspid, [4242, 1]);
  assert.deepEqual(init.cmdline, ['sleep', '300']);
  assert.deepEqual(init.ns, { ...HOST_NS, mnt: 4026532449, uts: 4026532450, pid: 4026532451 });
  assert.deepEqual(init.nsDenied, []);

  const odd = reader(PROC).identity(4243)!;
  assert.equal(odd.stat.comm, 'my (odd) comm');
  assert.equal(odd.status?.name, 'my (odd) comm');
  assert.equal(odd.stat.state, 'S');
  assert.equal(odd.stat.rssPages, 2300);
  assert.equal(odd.status?.vmRssBytes, 2300 * 4096);
  assert.deepEqual(odd.status?.nspid, [4243, 2]);
  assert.deepEqual(odd.cmdline, ['python3', '/opt/odd.py']);
  assert.deepEqual(odd.ns, init.ns);
  const byController = (c: string) => odd.cgroups.find((l) => l.controllers.includes(c))?.path;
  assert.deepEqual(['memory', 'pids', 'cpu', 'cpuacct', 'name=systemd'].map(byController), [BOX, BOX, BOX, BOX, '/']);
  assert.equal(odd.cgroups.find((l) => l.hierarchyId === 0)?.path, BOX);
  assert.equal(odd.cgroups.length, 10);
});

test('identity of host pids: init, kthreadd, the shell, unshare', () => {
  const k = reader(PROC).identity(2)!;
  assert.equal(k.stat.comm, 'kthreadd');
  assert.deepEqual(k.cmdline, []);
  assert.equal(k.status?.vmRssBytes, undefined);
  assert.deepEqual(k.ns, HOST_NS);
  for (const pid of [1, 30, 4241]) {
    const id = reader(PROC).identity(pid)!;
    assert.equal(id.stat.pid, pid);
    assert.deepEqual(id.status?.nspid, [pid]);
    assert.deepEqual(id.ns, HOST_NS);
  }
  assert.deepEqual(reader(PROC).identity(4241)!.cmdline.slice(0, 2), ['unshare', '--fork']);
});

test('a zombie: ns dir with only pid and user is not a vanished pid', () => {
  const z = reader(PROC).identity(4250)!;
  assert.equal(z.stat.state, 'Z');
  assert.deepEqual(z.ns, { pid: HOST_NS.pid, user: HOST_NS.user });
  assert.deepEqual(z.nsDenied, []);
  assert.deepEqual(z.cmdline, []);
  assert.equal(z.status?.vmRssBytes, undefined);
});

test('a kind this kernel lacks (no time link) is simply left out', () => {
  const root = copyTree('no-time');
  rmSync(join(root, '30', 'ns', 'time'));
  const id = reader(root).identity(30)!;
  const { time: _time, ...rest } = HOST_NS;
  assert.deepEqual(id.ns, rest);
});

test('a vanished pid: undefined, whichever file disappears first', () => {
  assert.equal(reader(PROC).identity(99999), undefined);
  assert.equal(readProcessStat(PROC, 99999), undefined);
  assert.throws(() => readNsLinks(PROC, 99999), { code: 'ENOENT' });
  for (const gone of ['status', 'cmdline', 'cgroup', 'ns']) {
    const root = copyTree(`gone-${gone}`);
    rmSync(join(root, '4243', gone), { recursive: true });
    assert.equal(reader(root).identity(4243), undefined, gone);
  }
});

test('readProcessStat per tick', () => {
  const s = readProcessStat(PROC, 4243)!;
  assert.deepEqual([s.pid, s.comm, s.ppid, s.utime, s.stime, s.starttime], [4243, 'my (odd) comm', 4242, 130, 21, 719602]);
});

test('a malformed file is a ParseError naming the file, not a vanish', () => {
  const root = copyTree('garbage');
  writeFileSync(join(root, '30', 'status'), 'Name:\tbash\nPid:\tthirty\n');
  assert.throws(() => reader(root).identity(30), (e) => e instanceof ParseError && e.path === join(root, '30', 'status') && e.line === 2);
  writeFileSync(join(root, '1', 'stat'), '1 (init) S 0 1\n');
  assert.throws(() => readProcessStat(root, 1), ParseError);
});

test('readSmallFile / readTextFile: size-0 /proc files and files bigger than the buffer', () => {
  assert.match(readTextFile('/proc/self/status'), /^Name:\t/);
  const big = join(scratch, 'big');
  const text = 'x'.repeat(100_000) + 'é\n';
  writeFileSync(big, text);
  assert.equal(readTextFile(big), text);
  assert.equal(readTextFile(join(PROC, 'loadavg')), '0.52 0.40 0.31 2/181 4250\n');
  // the returned Buffer is a copy: a later read does not change it
  const first = readSmallFile(join(PROC, '4242', 'cmdline'));
  readSmallFile(join(PROC, '4241', 'cmdline'));
  assert.equal(first.toString(), 'sleep\u0000300\u0000');
});

test('readUserNames: injectable path, missing file is an empty map', () => {
  const passwd = join(scratch, 'passwd');
  writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  assert.deepEqual([...readUserNames(passwd)], [[0, 'root'], [65534, 'nobody']]);
  assert.equal(readUserNames(join(scratch, 'no-such-passwd')).size, 0);
  assert.equal(readUserNames().get(0), 'root');
});

test('the real /proc: our own process', () => {
  const me = reader('/proc').identity(process.pid)!;
  assert.equal(me.stat.pid, process.pid);
  assert.equal(me.status?.nspid[0], process.pid);
  assert.ok(me.cmdline[0]?.includes('node'), me.cmdline.join(' '));
  for (const kind of NS_TYPES) {
    let expected: number | undefined;
    try {
      expected = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/self/ns/${kind}`))?.[1]);
    } catch {
      expected = undefined; // kernel without this kind
    }
    assert.equal(me.ns[kind], expected, kind);
  }
  assert.equal(me.cgroups.length, readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n').length);
  assert.ok(listPids('/proc').includes(process.pid));
  assert.equal(readProcessStat('/proc', process.pid)?.comm, me.stat.comm);
});

test('the real /proc: pid 1 ns links refused (EACCES on the VM) land in nsDenied', (t) => {
  try {
    readlinkSync('/proc/1/ns/pid');
    t.skip('/proc/1/ns is readable here');
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EACCES') throw err;
  }
  const init = reader('/proc').identity(1)!;
  assert.equal(init.stat.pid, 1);
  assert.deepEqual(init.ns, {});
  assert.deepEqual([...init.nsDenied].sort(), [...NS_TYPES].sort());
});

test('processes in the same namespaces share one NsLinks object (and isolatedKinds one array)', async () => {
  const { isolatedKinds } = await import('../../src/model/host-ns.js');
  const r = reader('/proc');
  const a = r.nsLinks(process.pid);
  const b = r.nsLinks(process.ppid);
  assert.deepEqual(a, b, 'the test runner and its parent share their namespaces');
  assert.equal(a, b);
  const other = reader('/proc').nsLinks(process.pid);
  assert.deepEqual(other, a);
  assert.notEqual(other, a, 'another reader keeps its own sets');
  const host = { ...a.ids };
  assert.equal(isolatedKinds(a.ids, host), isolatedKinds(b.ids, host));
  assert.notEqual(isolatedKinds(a.ids, { ...host }), isolatedKinds(a.ids, host), 'another host set: worked out again');
});

test('processes with the same command line share one frozen argument array', () => {
  const root = copyTree('same-cmdline');
  cpSync(join(root, '4242'), join(root, '4244'), { recursive: true, verbatimSymlinks: true });
  const r = reader(root);
  const a = r.identity(4242)!;
  const b = r.identity(4244)!;
  assert.deepEqual(a.cmdline, ['sleep', '300']);
  assert.equal(a.cmdline, b.cmdline);
  assert.ok(Object.isFrozen(a.cmdline));
  assert.notEqual(r.identity(4243)!.cmdline, a.cmdline);
  assert.notEqual(reader(root).identity(4242)!.cmdline, a.cmdline, 'another reader keeps its own');
});

test('rss in bytes uses the reader\'s page size, from stat and statm alike', () => {
  const small = createProcReader({ procRoot: PROC, pageSize: 4096, clockTicks: 100 });
  const big = createProcReader({ procRoot: PROC, pageSize: 65536, clockTicks: 100 });
  const stat = small.stat(4243)!;
  assert.equal(small.rssBytes(stat), 2300 * 4096, 'matches the status file\'s VmRSS on this 4K-page fixture');
  assert.equal(big.rssBytes(big.stat(4243)!), 16 * small.rssBytes(stat), 'a 64K-page kernel: 16x the bytes for the same pages');
  // a real statm line (size resident shared text lib data dt)
  assert.equal(small.statmRssBytes('765 423 394 5 0 123 0\n'), 423 * 4096);
  assert.equal(big.statmRssBytes('765 423 394 5 0 123 0\n'), 423 * 65536);
});

test('by default the page size and clock ticks are the host\'s (sysconf)', () => {
  const r = reader(PROC);
  assert.ok(r.pageSize >= 4096 && (r.pageSize & (r.pageSize - 1)) === 0, `page size ${r.pageSize}`);
  assert.ok(r.clockTicks > 0, `clock ticks ${r.clockTicks}`);
  assert.equal(createProcReader({ procRoot: PROC, clockTicks: 250 }).clockTicks, 250);
});

test('two readers on two roots share no parsed membership', () => {
  const root = copyTree('memberships');
  const a = reader(PROC);
  const b = reader(root);
  assert.equal(a.cgroups(4242), a.cgroups(4243), 'one container: one shared array');
  assert.deepEqual(b.cgroups(4242), a.cgroups(4242));
  assert.notEqual(b.cgroups(4242), a.cgroups(4242));
});
