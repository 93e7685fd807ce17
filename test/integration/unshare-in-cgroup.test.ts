// Done-when of the Watch issue: a process started by `unshare --fork --pid --mount-proc
// --uts` inside a memory cgroup limited to 64M and a pids cgroup limited to 20 shows up
// in `nstop ls --json` with those limits, and its namespaces in `nstop ns --json`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../helpers/cgroup-sandbox.js';
import { repoRoot, CLI_OUTPUT_MAX } from '../helpers/paths.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';
import { until } from '../helpers/until.js';
import { uniqueSleep, type UniqueCommand } from '../helpers/unique-command.js';

const cli = join(repoRoot, 'dist', 'src', 'cli.js');
const skip = skipReason(!isRoot && 'needs root (creates cgroups and namespaces)', !which('unshare') && 'needs util-linux unshare');

let box: Sandbox | undefined;
let initPid = 0;
let sleeper: UniqueCommand | undefined;

function nstop(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: scaled(30_000), maxBuffer: CLI_OUTPUT_MAX });
  assert.equal(r.status, 0, `nstop ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown[]>;
}

before(async () => {
  if (skip) return;
  sleeper = uniqueSleep('usl');
  box = createSandbox();
  box.limitMemory(64 * 1024 * 1024);
  box.limitPids(20);
  // Join the cgroups first, then unshare: the namespaced init starts inside the limits.
  const joins = box.procsFiles.map((f) => `echo $$ > ${f}`).join('; ');
  const child = spawn('sh', ['-c', `${joins}; exec unshare --fork --pid --mount-proc --uts --kill-child sh -c 'hostname nstop-box; exec ${sleeper.path} 300'`], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  // The ns init is the sleep, child of unshare: wait until it is in our cgroup.
  initPid = await until('the namespaced process to start in our cgroup', 60_000, () => {
    const pids = box!.pids().filter((p) => p !== child.pid);
    return pids.length > 0 ? Math.min(...pids) : undefined;
  }, 50);
});

after(async () => {
  await box?.cleanup();
  sleeper?.remove();
});

test('nstop ls --json shows the unshare container with memory max 64 MiB and pids max 20', { skip }, () => {
  const out = nstop('ls', '--json') as { containers: Array<Record<string, any>> };
  const c = out.containers.find((x) => x.pid === initPid);
  assert.ok(c, `no container with init pid ${initPid} in ${JSON.stringify(out.containers.map((x) => [x.name, x.pid]))}`);
  assert.equal(c.runtime, 'ad-hoc');
  assert.equal(c.name, sleeper!.name);
  assert.equal(c.memory.max, 64 * 1024 * 1024);
  assert.equal(c.pids.max, 20);
  assert.ok(c.memory.current > 0 && c.memory.current < 64 * 1024 * 1024, `memory.current ${c.memory.current}`);
  assert.ok(c.pids.current >= 1 && c.pids.current <= 20);
  assert.deepEqual([...c.isolated].sort(), ['mnt', 'pid', 'uts']);
  assert.equal(c.cgroup, '/' + box!.name);
});

test('nstop ns --json lists its pid and uts namespaces with the container as a sharer', { skip }, () => {
  const out = nstop('ns', '--json', '-p', String(initPid)) as { namespaces: Array<Record<string, any>> };
  const pidns = out.namespaces.find((n) => n.type === 'pid');
  assert.ok(pidns);
  assert.equal(pidns.host, false);
  assert.equal(pidns.pid, initPid);
  assert.equal(pidns.nprocs, 1);
  assert.deepEqual(pidns.containers, [sleeper!.name]);
  assert.equal(out.namespaces.find((n) => n.type === 'net')?.host, true);
});

test('nstop ps NAME --json lists host and namespace pids', { skip }, () => {
  const ls = nstop('ls', '--json') as { containers: Array<Record<string, any>> };
  const c = ls.containers.find((x) => x.pid === initPid)!;
  const out = nstop('ps', c.id, '--json') as unknown as { processes: Array<Record<string, any>> };
  const init = out.processes.find((p) => p.pid === initPid);
  assert.ok(init);
  assert.equal(init.nspid, 1);
  assert.equal(init.command, `${sleeper!.path} 300`);
  assert.ok(init.rss > 0);
});
