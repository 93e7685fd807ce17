// The process table's reading strategy on a copy of the fixture /proc: /proc is listed
// only when loadavg's nr_threads/last_pid moved, the generation moves only when a pid
// came, went or changed identity, young pids are re-read and old ones on rotation.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createProcessTable } from '../../src/sampler/process-table.js';
import { missingFrom } from '../../src/sampler/pid-list-diff.js';
import { fixture } from '../helpers/paths.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function procCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-ptable-'));
  dirs.push(dir);
  cpSync(fixture('proc'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** A copy of fixture pid 4242 ("sleep 300") as `pid`, started `ticks` after boot. */
function addPid(root: string, pid: number, starttime?: number): void {
  cpSync(join(root, '4242'), join(root, String(pid)), { recursive: true, verbatimSymlinks: true });
  const f = readFileSync(join(root, '4242', 'stat'), 'utf8').split(' ');
  f[0] = String(pid);
  if (starttime !== undefined) f[21] = String(starttime);
  writeFileSync(join(root, String(pid), 'stat'), f.join(' '));
}

const setLoadavg = (root: string, threads: number, lastPid: number): void => writeFileSync(join(root, 'loadavg'), `0.52 0.40 0.31 2/${threads} ${lastPid}\n`);
const pidsOf = (procs: { pid: number }[]): number[] => procs.map((p) => p.pid);
const onError = (pid: number, err: unknown): void => assert.fail(`pid ${pid}: ${String(err)}`);

test('/proc is listed again only when loadavg says a task came or went', async () => {
  const root = procCopy();
  const t = createProcessTable({ procRoot: root, onError });
  const first = pidsOf(await t.refresh('none'));
  assert.deepEqual(first, [1, 2, 30, 4241, 4242, 4243, 4250]);
  const g = t.generation();
  assert.deepEqual(pidsOf(await t.refresh('none')), first);
  assert.equal(t.generation(), g, 'nothing moved');
  assert.equal(t.listings(), 1, 'second tick: loadavg unchanged, /proc not listed');

  addPid(root, 5000);
  assert.deepEqual(pidsOf(await t.refresh('none')), first, 'a pid the kernel did not announce is not looked for');
  setLoadavg(root, 182, 5000);
  assert.deepEqual(pidsOf(await t.refresh('none')), [...first, 5000]);
  assert.equal(t.listings(), 2);
  assert.ok(t.generation() > g, 'a new pid moves the generation');

  const g2 = t.generation();
  rmSync(join(root, '5000'), { recursive: true });
  setLoadavg(root, 181, 5000);
  assert.deepEqual(pidsOf(await t.refresh('none')), first, 'reaped: nr_threads dropped');
  assert.ok(t.generation() > g2);
});

test('without a loadavg file every tick lists /proc', async () => {
  const root = procCopy();
  rmSync(join(root, 'loadavg'));
  const t = createProcessTable({ procRoot: root, onError });
  await t.refresh('none');
  addPid(root, 5001);
  assert.ok(pidsOf(await t.refresh('none')).includes(5001));
  assert.equal(t.listings(), 2);
});

test('a young pid is re-read (its exec shows); an old one waits for the rotation or a new comm', async () => {
  const root = procCopy();
  // uptime 7250 s = 725000 ticks: 724900 is 1 s old, 4242's 719700 is ~53 s old
  addPid(root, 6000, 724_900);
  setLoadavg(root, 182, 6000);
  const t = createProcessTable({ procRoot: root, onError });
  await t.refresh('none');
  const g = t.generation();
  writeFileSync(join(root, '6000', 'cmdline'), 'busybox\0httpd\0');
  const cmd = (procs: { pid: number; cmdline: string[] }[], pid: number) => procs.find((p) => p.pid === pid)?.cmdline.join(' ');
  assert.equal(cmd(await t.refresh('none'), 6000), 'busybox httpd', 'young: re-read on the next tick');
  assert.ok(t.generation() > g, 'an identity change moves the generation');

  // old 4242 execs: its stat (read because the screen asks) shows a new comm first
  writeFileSync(join(root, '4242', 'cmdline'), 'top\0');
  writeFileSync(join(root, '4242', 'stat'), readFileSync(join(root, '4242', 'stat'), 'utf8').replace('(sleep)', '(top)'));
  let procs = await t.refresh(new Set([4242]));
  assert.equal(procs.find((p) => p.pid === 4242)?.comm, 'top');
  procs = await t.refresh('none');
  assert.equal(cmd(procs, 4242), 'top', 'the new comm made it re-read');
  assert.equal(procs.find((p) => p.pid === 4242)?.cpuTicks, undefined, 'figures are per tick, not kept from the last read');

  // old 4243 changes its cmdline unseen: the rotation (one pid per tick here) finds it
  writeFileSync(join(root, '4243', 'cmdline'), 'renamed\0');
  let seen = false;
  for (let i = 0; i < 10 && !seen; i++) seen = cmd(await t.refresh('none'), 4243) === 'renamed';
  assert.ok(seen, 'the rotation re-reads every pid in time');

  // and one moved to another cgroup (same program, same command line)
  writeFileSync(join(root, '4243', 'cgroup'), '0::/system.slice/moved.service\n');
  seen = false;
  const cg = (ps: { pid: number; cgroups: { path: string }[] }[]) => ps.find((p) => p.pid === 4243)?.cgroups.map((c) => c.path).join();
  for (let i = 0; i < 10 && !seen; i++) seen = cg(await t.refresh('none')) === '/system.slice/moved.service';
  assert.ok(seen, 'the rotation finds a cgroup move');
});

test('Processes view: a process whose cgroup stood still keeps last tick\'s stat line, unread', async () => {
  const root = procCopy();
  const t = createProcessTable({ procRoot: root, onError });
  let still = true;
  const asked: number[] = [];
  const quiet = (cgroups: readonly unknown[]): boolean => (asked.push(cgroups.length), still);
  const ticksOf = (procs: { pid: number; cpuTicks?: number }[]) => procs.find((p) => p.pid === 4242)?.cpuTicks;
  const first = ticksOf(await t.refresh('all', quiet));
  assert.notEqual(first, undefined);
  assert.equal(asked.length, 0, 'first tick: nothing to keep, every stat read');
  // 4242 runs 50 ticks' worth, but its cgroup's CPU time says nothing ran: not read
  const stat = join(root, '4242', 'stat');
  const f = readFileSync(stat, 'utf8').split(' ');
  f[13] = String(Number(f[13]) + 50);
  writeFileSync(stat, f.join(' '));
  assert.equal(ticksOf(await t.refresh('all', quiet)), first, 'kept: the file was not read');
  assert.ok(asked.length > 0);
  still = false;
  assert.equal(ticksOf(await t.refresh('all', quiet)), first! + 50, 'its cgroup ran: read');
  // a tick without figures (the Containers view) breaks the chain: the next one reads
  still = true;
  f[13] = String(Number(f[13]) + 5);
  writeFileSync(stat, f.join(' '));
  await t.refresh('none');
  assert.equal(ticksOf(await t.refresh('all', quiet)), first! + 55);
  // and even while quiet, every pid is read again once in 30 ticks
  f[13] = String(Number(f[13]) + 5);
  writeFileSync(stat, f.join(' '));
  let seen = false;
  for (let i = 0; i < 30 && !seen; i++) seen = ticksOf(await t.refresh('all', quiet)) === first! + 60;
  assert.ok(seen, 'the periodic re-read');
});

test('a kworker renaming itself per work queue is not a new identity (no re-read, same generation)', async () => {
  const root = procCopy();
  const t = createProcessTable({ procRoot: root, onError });
  await t.refresh('all');
  const g = t.generation();
  const stat = join(root, '2', 'stat');
  writeFileSync(stat, readFileSync(stat, 'utf8').replace('(kthreadd)', '(kworker/1:2-events)'));
  const procs = await t.refresh('all');
  assert.equal(procs.find((p) => p.pid === 2)?.comm, 'kworker/1:2-events', 'the row shows the new name');
  await t.refresh('all');
  assert.equal(t.generation(), g, 'grouping and namespaces are not rebuilt for it');
});

test('a quiet tick without figures hands back last tick\'s list itself (no walk over every pid)', async () => {
  const root = procCopy();
  const t = createProcessTable({ procRoot: root, onError });
  const a = await t.refresh('none');
  const b = await t.refresh(new Set());
  assert.equal(b, a, 'nothing came, went or is due: the same array');
  const withStat = await t.refresh(new Set([4242]));
  assert.notEqual(withStat, a);
  assert.notEqual(withStat.find((p) => p.pid === 4242)?.cpuTicks, undefined, 'the asked-for pid has figures');
  const c = await t.refresh('none');
  assert.notEqual(c, withStat, 'a list with figures is not handed back');
  assert.equal(c.find((p) => p.pid === 4242)?.cpuTicks, undefined, 'figures cleared');
  assert.equal(await t.refresh('none'), c);
  addPid(root, 5002);
  setLoadavg(root, 182, 5002);
  const d = await t.refresh('none');
  assert.notEqual(d, c, 'a new pid: a new list');
  assert.ok(pidsOf(d).includes(5002));
});

test('deferIdentity: many unseen pids are grouped from a glance, completed on the next ticks', async () => {
  const root = procCopy();
  const full = await createProcessTable({ procRoot: root, onError }).refresh('none');
  const t = createProcessTable({ procRoot: root, onError, deferIdentity: 1 });
  const first = await t.refresh('none');
  const member = first.find((p) => p.pid === 4243)!;
  const whole = full.find((p) => p.pid === 4243)!;
  // python3 inside the unshare'd pid namespace, its parent (the init, 4242) in it too: a
  // glance (stat and the pid link), no user, no pid inside, no command line yet
  assert.equal(member.nspid.length, 2);
  assert.ok(Number.isNaN(member.nspid[1]), 'its pid inside the namespace is not read yet');
  assert.deepEqual([member.ppid, member.comm, member.starttime], [whole.ppid, whole.comm, whole.starttime]);
  assert.deepEqual(member.ns, { pid: whole.ns.pid });
  assert.deepEqual(member.cmdline, []);
  assert.equal(member.uid, undefined);
  assert.equal(member.cgroups, first.find((p) => p.pid === 4242)!.cgroups, "its init's shared membership: grouped with it");
  assert.equal(t.pending(), 1);
  // the init (4242) and the host's processes are read in full at once
  for (const p of first.filter((q) => q.pid !== 4243)) assert.deepEqual(p, full.find((q) => q.pid === p.pid));
  const g = t.generation();
  const second = await t.refresh('none');
  const bare = (p: object) => ({ ...p, cpuTicks: undefined, rssBytes: undefined });
  assert.deepEqual(bare(second.find((p) => p.pid === 4243)!), bare(whole), 'completed: the whole identity');
  assert.equal(t.pending(), 0);
  assert.ok(t.generation() > g, 'completing an identity moves the generation (regrouped)');
  const g2 = t.generation();
  await t.refresh('none');
  assert.equal(t.generation(), g2);
});

test("deferIdentity: a glanced member in another cgroup than its init's gets its own once its identity is read", async () => {
  const root = procCopy();
  writeFileSync(join(root, '4243', 'cgroup'), readFileSync(join(root, '4243', 'cgroup'), 'utf8').replaceAll('/nstop-fixture/box', '/nstop-fixture/other'));
  const t = createProcessTable({ procRoot: root, onError, deferIdentity: 1 });
  const first = await t.refresh('none');
  assert.equal(first.find((p) => p.pid === 4243)!.cgroups, first.find((p) => p.pid === 4242)!.cgroups, "first tick: its init's");
  const second = await t.refresh('none');
  assert.equal(second.find((p) => p.pid === 4243)!.cgroups.find((l) => l.hierarchyId === 0)?.path, '/nstop-fixture/other');
});

test('deferIdentity: without a readable pid 1 or self (no host namespace to tell) no glance, the cheap identity', async () => {
  const root = procCopy();
  rmSync(join(root, '1'), { recursive: true, force: true });
  const t = createProcessTable({ procRoot: root, onError, deferIdentity: 1 });
  const member = (await t.refresh('none')).find((p) => p.pid === 4243)!;
  assert.deepEqual(member.nspid, [4243, 2], 'status read (cheap identity: 4 reads)');
  assert.deepEqual(member.cmdline, []);
  assert.equal(t.pending(), 1);
});

test('deferIdentity: below the threshold every identity is read in full', async () => {
  const root = procCopy();
  const t = createProcessTable({ procRoot: root, onError, deferIdentity: 100 });
  const first = await t.refresh('none');
  assert.deepEqual(first.find((p) => p.pid === 4243)!.cmdline, ['python3', '/opt/odd.py']);
  assert.equal(t.pending(), 0);
});

test('missingFrom: the pids of the last list that the new one lacks, by one walk of both', () => {
  assert.deepEqual(missingFrom([], [1, 2]), []);
  assert.deepEqual(missingFrom([1, 2, 3], []), [1, 2, 3]);
  assert.deepEqual(missingFrom([1, 5, 9, 12, 40], [2, 5, 6, 12, 41]), [1, 9, 40]);
  assert.deepEqual(missingFrom([3, 4], [1, 2, 3, 4, 5]), []);
  assert.deepEqual(missingFrom([7], [1, 2, 8]), [7]);
});
