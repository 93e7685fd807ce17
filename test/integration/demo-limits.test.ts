// The demos against their limits, as root: munch under 32M (swap 0) is OOM-killed and
// its oom_kill count is kept after the container ends; the fork bomb under pids.max 32
// is held there (pids.events max goes up) and killing it leaves no process behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actHarness, type ActHarness } from '../helpers/act.js';
import { repoRoot } from '../helpers/paths.js';
import { requireTool, isRoot, skipReason } from '../helpers/root.js';
import { until } from '../helpers/until.js';

const skip = skipReason(!isRoot && 'needs root (cgroups with limits)', isRoot && requireTool('busybox', 'busybox-static'));
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-demo');
const rootfs = join(mkdtempSync(join(os.tmpdir(), 'nstop-demo-')), 'rootfs');
after(async () => {
  await h?.cleanup();
  rmSync(join(rootfs, '..'), { recursive: true, force: true });
});

type Row = { name: string; status: string; signal: number | null; oomKilled?: boolean; pids: { current: number | string | null; max: number | string | null }; counters: { pidsMax: { value: number | null } }; final: { oomKill?: number; pidsMaxHits?: number; memoryPeak?: number; memoryMax?: number } | null; processes: number[] };
const MiB = 2 ** 20;
const rows = (): Row[] => (JSON.parse(h!.nstop(['ls', '--json']).stdout) as { containers: Row[] }).containers;

describe('demos hit their limits', { skip }, () => {
  before(() => {
    execFileSync(process.execPath, [join(repoRoot, 'demo', 'build-rootfs.mjs'), rootfs], { stdio: 'ignore' });
  });

  test('munch under 32M with swap 0 is OOM-killed; oom_kill is kept', () => {
    const name = h!.name('munch');
    const r = h!.nstop(['run', '--name', name, '--rootfs', rootfs, '--memory', '32M', '--swap', '0', '--cpus', '0.5', '--', 'munch', '4', '20'], { timeout: 60_000 }); // h.nstop scales it
    assert.equal(r.status, 137, r.stderr);
    assert.match(r.stdout, /munch: holding 2\d MiB/);
    const row = rows().find((c) => c.name === name)!;
    assert.equal(row.status, 'stopped');
    assert.equal(row.signal, 9);
    assert.ok((row.final?.oomKill ?? 0) >= 1, JSON.stringify(row.final));
  });

  test('the fork bomb is held at pids.max 32; killing it leaves nothing', async () => {
    const name = h!.name('bomb');
    assert.equal(h!.nstop(['run', '-d', '--name', name, '--rootfs', rootfs, '--pids', '32', '--cpus', '0.5', '--', 'forkbomb', '--limited']).status, 0);
    const row = await until('pids.events max to go up', 60_000, () => {
      const r = rows().find((c) => c.name === name);
      return (r?.counters.pidsMax.value ?? 0) > 0 ? r : undefined;
    }, 100);
    assert.equal(row?.pids.max, 32);
    assert.ok(Number(row?.pids.current) <= 32);
    const pids = row!.processes;
    assert.equal(h!.nstop(['kill', name]).status, 0);
    assert.deepEqual(pids.filter((p) => existsSync(`/proc/${p}`)), [], 'no process left');
    const done = rows().find((c) => c.name === name)!;
    assert.equal(done.status, 'stopped');
    assert.ok((done.final?.pidsMaxHits ?? 0) > 0);
  });

  test('nstop demo munch: 64M, swap 0, OOM-killed', async () => {
    const r = h!.nstop(['demo', 'munch', '--name', h!.name('dm')], { timeout: 120_000 }); // h.nstop scales it
    assert.equal(r.status, 0, r.stderr);
    const name = r.stdout.trim();
    const row = await until(`${name} to be stopped`, 60_000, () => rows().find((c) => c.name === name && c.status === 'stopped'), 100);
    assert.ok((row?.final?.oomKill ?? 0) >= 1, JSON.stringify(row?.final));
    // its peak, read before the group went (v1 memory.max_usage_in_bytes, v2 memory.peak),
    // against the 64M it had: it held more than half of it and never more
    assert.equal(row?.oomKilled, true);
    assert.equal(row?.final?.memoryMax, 64 * MiB);
    const peak = row?.final?.memoryPeak ?? 0;
    assert.ok(peak > 32 * MiB && peak <= 64 * MiB, JSON.stringify(row?.final));
    const line = h!.nstop(['ls']).stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    assert.match(line, / oom-killed .* peak \d+\.\dMiB\/64\.0MiB /, line);
  });
});
