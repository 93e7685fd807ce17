// `nstop events --json` as root against the demos: munch under 32M (swap 0) gives oom
// and oom_kill events for its container (v1: oom comes from the eventfd on
// memory.oom_control; v2: from memory.events) and ls --json keeps the count; the fork
// bomb under pids.max 32 gives pids_max events, the sampler keeps publishing while it
// runs, and killing the container leaves no process behind.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { createSampler } from '../../src/sampler/sampler.js';
import { actHarness, cli, type ActHarness } from '../helpers/act.js';
import { repoRoot } from '../helpers/paths.js';
import { requireTool, isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (cgroups with limits)', isRoot && requireTool('busybox', 'busybox-static'));
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-ev');
const rootfs = join(mkdtempSync(join(os.tmpdir(), 'nstop-ev-')), 'rootfs');
/** the guest of the v2 lane runs code many times slower: waits stretch with it */
const scale = Number(process.env.NSTOP_TEST_TIME_SCALE ?? '1') || 1;

type Ev = { time: string; container: string; id: string; kind: string; value: number | null; delta: number | null; detail?: string };

/** `nstop events --json`, its parsed lines as they come. */
function events(): { proc: ChildProcess; seen: Ev[]; raw: string[]; live: Promise<void>; until(ok: (e: Ev[]) => boolean, ms: number, what: string): Promise<void> } {
  const proc = spawn(process.execPath, [cli, 'events', '--json', '--interval', '500ms'], { env: { ...process.env, NSTOP_STATE_DIR: h!.stateDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const seen: Ev[] = [];
  const raw: string[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    raw.push(l);
    seen.push(JSON.parse(l) as Ev); // every line is one JSON object, or this throws
  });
  // its baseline is taken when it says "events follow" on stderr: a container started
  // after that line is new to it (so its start and every hit are reported)
  const errs: string[] = [];
  const live = new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stderr! }).on('line', (l) => {
      errs.push(l);
      if (/events follow/.test(l)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`nstop events ended (${code}) before its first sample:\n${errs.join('\n')}`)));
  });
  return {
    proc, seen, raw, live,
    async until(ok, ms, what) {
      const end = Date.now() + ms * scale;
      while (!ok(seen)) {
        if (Date.now() > end) throw new Error(`no ${what} in nstop events:\n${raw.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const running: ChildProcess[] = [];
after(async () => {
  for (const p of running) p.kill('SIGTERM');
  await h?.cleanup();
  rmSync(join(rootfs, '..'), { recursive: true, force: true });
});

describe('nstop events --json against the demos', { skip }, () => {
  before(() => {
    execFileSync(process.execPath, [join(repoRoot, 'demo', 'build-rootfs.mjs'), rootfs], { stdio: 'ignore' });
  });

  test('munch under 32M: oom and oom_kill for its container, once each, then exit; ls --json keeps the count', async () => {
    const ev = events();
    running.push(ev.proc);
    await ev.live;
    const name = h!.name('munch');
    // 4 MiB every 300 ms: alive for a few ticks, so its group is watched when the OOM comes
    const r = h!.nstop(['run', '-d', '--name', name, '--rootfs', rootfs, '--memory', '32M', '--swap', '0', '--cpus', '0.5', '--', 'munch', '4', '300']);
    assert.equal(r.status, 0, r.stderr);
    const mine = (kind: string) => ev.seen.filter((e) => e.container === name && e.kind === kind);
    await ev.until(() => mine('exit').length > 0, 20_000, `exit of ${name}`);
    const kill = mine('oom_kill');
    assert.equal(kill.length, 1, ev.raw.join('\n'));
    assert.ok((kill[0]!.value ?? 0) >= 1 && (kill[0]!.delta ?? 0) >= 1);
    assert.equal(kill[0]!.id, `nstop:${name}`);
    assert.ok(!Number.isNaN(Date.parse(kill[0]!.time)));
    assert.equal(mine('oom').length, 1, 'the OOM itself (v1: eventfd; v2: memory.events oom)');
    assert.equal(mine('exit')[0]!.detail, 'signal 9');
    assert.deepEqual(mine('start').length, 1);
    const ls = JSON.parse(h!.nstop(['ls', '--json']).stdout) as { containers: { name: string; counters: { oomKill: { value: number | null } } }[] };
    assert.ok((ls.containers.find((c) => c.name === name)?.counters.oomKill.value ?? 0) >= 1);
    ev.proc.kill('SIGTERM');
  });

  test('the fork bomb under pids.max 32: pids_max events, samples keep coming, kill leaves nothing', async () => {
    const ev = events();
    running.push(ev.proc);
    await ev.live;
    const name = h!.name('bomb');
    assert.equal(h!.nstop(['run', '-d', '--name', name, '--rootfs', rootfs, '--pids', '32', '--memory', '1G', '--cpus', '0.5', '--', 'forkbomb', '--limited']).status, 0);
    await ev.until((s) => s.some((e) => e.container === name && e.kind === 'pids_max' && (e.value ?? 0) > 0), 10_000, 'pids_max');
    // the dashboard's sampler, while the bomb runs: it must keep publishing
    const sampler = createSampler({ procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup', intervalMs: 250 });
    let samples = 0;
    let bombRows = 0;
    sampler.subscribe((s) => {
      samples++;
      if (s.containers.some((c) => c.name === name && (c.stats?.pids.current ?? 0) > 0)) bombRows++;
    });
    sampler.start();
    // what matters is that samples keep coming with the bomb in them, not how fast: wait
    // for three such, with a deadline far beyond three intervals
    const end = Date.now() + 60_000 * scale;
    while (bombRows < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    sampler.stop();
    assert.ok(samples >= 3 && bombRows >= 3, `${samples} samples, ${bombRows} with the bomb`);
    const ls = JSON.parse(h!.nstop(['ls', '--json']).stdout) as { containers: { name: string; processes: number[] }[] };
    const pids = ls.containers.find((c) => c.name === name)!.processes;
    assert.ok(pids.length > 0);
    assert.equal(h!.nstop(['kill', name]).status, 0);
    assert.deepEqual(pids.filter((p) => existsSync(`/proc/${p}`)), [], 'no process left');
    await ev.until((s) => s.some((e) => e.container === name && e.kind === 'exit'), 10_000, 'exit');
    const hits = ev.seen.filter((e) => e.container === name && e.kind === 'pids_max');
    // one event a second at most, each with the sum since the last: the values only grow
    assert.ok(hits.every((e, i) => i === 0 || e.value! > hits[i - 1]!.value!), JSON.stringify(hits));
    ev.proc.kill('SIGTERM');
  });
});
