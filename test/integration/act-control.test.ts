// Live control of running containers as root: a limit change the process itself notices,
// kill by pid (pidfd) and by group (freeze -> signal -> thaw for TERM), freeze/thaw seen
// as paused, logs, re-adoption after the shim is SIGKILLed, and 50 launch/kill cycles
// leaving nothing behind.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { SIGKILL, signalGroup, waitEmpty } from '../../src/act/kill.js';
import { launch } from '../../src/act/launch.js';
import { reap } from '../../src/act/reap.js';
import { DEFAULT_NS } from '../../src/host/vocabulary.js';
import { actHarness, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';

const skip = skipReason(!isRoot && 'needs root (creates cgroups and namespaces)');
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-ctl');
after(async () => h?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + scaled(ms);
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function ok(args: string[]): string {
  const r = h!.nstop(args);
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type Row = { name: string; status: string; pid: number | null; exitCode: number | null; frozen: boolean | null };
const row = (name: string): Row | undefined => (JSON.parse(ok(['ls', '--json'])) as { containers: Row[] }).containers.find((c) => c.name === name);
const groupDirs = (name: string): string[] =>
  readdirSync('/sys/fs/cgroup').flatMap((c) => (existsSync(join('/sys/fs/cgroup', c, 'nstop', name)) ? [join('/sys/fs/cgroup', c, 'nstop', name)] : []));

describe('control', { skip }, () => {
  test('a live pids change is noticed by the running process', async () => {
    const name = h!.name('live');
    // each loop forks one sleep; once pids.max is 1 (sh alone) the fork fails: dash says
    // "Cannot fork" and exits 2, and the final counters keep the refused fork
    ok(['run', '-d', '--name', name, '--pids', '4', '--', 'sh', '-c', 'while :; do /bin/sleep 0.05 && echo ok; done']);
    const log = () => readFileSync(h!.ctx.store.logPath(name), 'utf8');
    await until('ok lines', () => log().includes('ok'));
    ok(['set', name, '--pids', '1']);
    await until('refused fork', () => /Cannot fork|can't fork/.test(log()));
    await until('stopped', () => row(name)?.status === 'stopped');
    const st = h!.ctx.store.read(name)!;
    assert.equal(st.exitCode, 2);
    assert.ok((st.final?.pidsMaxHits ?? 0) >= 1, `pids.events max kept: ${JSON.stringify(st.final)}`);
  });

  test('limits read back the same on either cgroup version: default weight 100, swap kept across memory changes', () => {
    const name = h!.name('lim');
    ok(['run', '-d', '--name', name, '--memory', '64M', '--swap', '0', '--', 'sleep', '1000']);
    type Lim = { memory: { max: number | 'max'; swapMax: number | 'max' | null }; cpu: { weight: number | null } };
    const lim = (): Lim => (JSON.parse(ok(['ls', '--json'])) as { containers: (Lim & { name: string })[] }).containers.find((c) => c.name === name)!;
    // a new group's default (v1 cpu.shares 1024, v2 cpu.weight 100) reads as weight 100 on both
    assert.equal(lim().cpu.weight, 100);
    ok(['set', name, '--cpu-weight', '250']);
    assert.equal(lim().cpu.weight, 250);
    ok(['set', name, '--memory', '128M']);
    assert.deepEqual([lim().memory.max, lim().memory.swapMax], [128 * 2 ** 20, 0], 'swap 0 kept when memory changes');
    const unlimit = h!.nstop(['set', name, '--memory', 'max']);
    if (h!.ctx.driver.layout.v1['memory'] !== undefined) {
      // v1 cannot hold swap 0 with unlimited memory (memsw = memory + swap): refused, unchanged
      assert.notEqual(unlimit.status, 0);
      assert.match(unlimit.stderr, /cannot keep the swap limit .*--swap max/);
      assert.equal(unlimit.stderr.trim().split('\n').length, 1);
      assert.deepEqual([lim().memory.max, lim().memory.swapMax], [128 * 2 ** 20, 0]);
      ok(['set', name, '--memory', 'max', '--swap', 'max']);
      assert.deepEqual([lim().memory.max, lim().memory.swapMax], ['max', 'max']);
    } else {
      assert.equal(unlimit.status, 0, unlimit.stderr);
      assert.deepEqual([lim().memory.max, lim().memory.swapMax], ['max', 0], 'v2 keeps memory.swap.max');
    }
    ok(['kill', name]);
  });

  test('kill PID signals one process through a pidfd; the container lives on', async () => {
    const name = h!.name('pid');
    ok(['run', '-d', '--name', name, '--', 'sh', '-c', 'sleep 1000 & sleep 1000; wait']);
    await until('two sleeps', () => h!.ctx.driver.procs(h!.ctx.store.read(name)!.cgroup).length >= 3);
    const st = h!.ctx.store.read(name)!;
    const victim = h!.ctx.driver.procs(st.cgroup).find((p) => p !== st.pid && readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep')!;
    ok(['kill', String(victim), '-s', 'TERM']);
    await until('victim gone', () => !existsSync(`/proc/${victim}`) || readFileSync(`/proc/${victim}/stat`, 'utf8').split(') ')[1]!.startsWith('Z'));
    assert.equal(row(name)?.status, 'running');
    const gone = h!.nstop(['kill', '4000000']);
    assert.notEqual(gone.status, 0);
    ok(['kill', name]);
  });

  test('kill -s TERM reaches every process (freeze, signal each, thaw)', async () => {
    const name = h!.name('term');
    ok(['run', '-d', '--name', name, '--', 'sh', '-c', 'sleep 1000 & sleep 1000 & wait']);
    const st = h!.ctx.store.read(name)!;
    await until('three processes', () => h!.ctx.driver.procs(st.cgroup).length >= 3);
    ok(['kill', name, '-s', 'TERM']);
    await until('stopped', () => row(name)?.status === 'stopped');
    assert.deepEqual(groupDirs(name), []);
  });

  test('freeze shows paused, thaw running again', async () => {
    const name = h!.name('frz');
    ok(['run', '-d', '--name', name, '--', 'sleep', '1000']);
    ok(['freeze', name]);
    const r = row(name);
    assert.equal(r?.status, 'paused');
    assert.equal(r?.frozen, true);
    ok(['thaw', name]);
    assert.equal(row(name)?.status, 'running');
    ok(['kill', name]);
  });

  test('logs prints a detached container output; exit status recorded', async () => {
    const name = h!.name('log');
    ok(['run', '-d', '--name', name, '--', 'sh', '-c', 'echo hello-from-inside; exit 3']);
    await until('stopped', () => row(name)?.status === 'stopped');
    assert.equal(ok(['logs', name]).trim(), 'hello-from-inside');
    assert.equal(row(name)?.exitCode, 3);
    assert.deepEqual(groupDirs(name), []);
  });

  test('re-adoption: a new nstop sees a running container; a dead one is reaped', async () => {
    const name = h!.name('adopt');
    ok(['run', '-d', '--name', name, '--', 'sleep', '1000']);
    const st = h!.ctx.store.read(name)!;
    assert.equal(row(name)?.status, 'running', 'adopted by a fresh process');
    assert.equal(row(name)?.pid, st.pid);
    // SIGKILL the stage: the container dies with it and nobody writes exit.json
    process.kill(st.shimPid!, 'SIGKILL');
    await until('init gone', () => !existsSync(`/proc/${st.pid}`));
    const r = row(name);
    assert.equal(r?.status, 'stopped');
    assert.equal(r?.exitCode, null, 'exit status unknown, said so');
    assert.deepEqual(groupDirs(name), []);
  });

  test('a state whose pid was reused by another process is not taken for alive', async () => {
    const name = h!.name('reuse');
    ok(['run', '-d', '--name', name, '--', 'sleep', '1000']);
    const st = h!.ctx.store.read(name)!;
    ok(['kill', name]);
    // pretend the pid now belongs to us (alive, other start time)
    h!.ctx.store.write({ ...st, status: 'running', pid: process.pid });
    assert.equal(row(name)?.status, 'stopped');
  });

  test('50 launch/kill cycles leave no process, cgroup, mount or state', async () => {
    const names: string[] = [];
    for (let i = 0; i < 50; i++) {
      const name = h!.name('cyc');
      names.push(name);
      const l = await launch({ name, command: ['sleep', '100'], ns: [...DEFAULT_NS], privateProc: true, limits: { memory: 32 * 2 ** 20, pids: 10 }, env: [], detached: false }, h!.ctx, { kind: 'inherit' });
      await signalGroup(h!.ctx.driver, l.state.cgroup, SIGKILL);
      await waitEmpty(h!.ctx.driver, l.state.cgroup);
      await new Promise((r) => (l.child.exitCode !== null || l.child.signalCode !== null ? r(null) : l.child.once('exit', r)));
      const done = await reap(h!.ctx, name);
      assert.equal(done?.status, 'stopped');
      h!.ctx.store.remove(name);
      assert.deepEqual(groupDirs(name), []);
    }
    assert.deepEqual(readdirSync(h!.stateDir).filter((n) => names.includes(n)), []);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes('nstop-ctl'), false);
  });
});
