// Runtime records joined to the cgroups' groups (src/model/runtime-names.ts), and the
// CLI reading them from --runtime-root on fixture trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseRuntimeRoots } from '../../src/cli/options.js';
import { UsageError } from '../../src/cli/commands.js';
import type { RuntimeRecord } from '../../src/host/runtimes/record.js';
import { DEFAULT_RUNTIME_ROOTS } from '../../src/host/runtimes/record.js';
import { groupContainers } from '../../src/model/group.js';
import { nameGroups } from '../../src/model/runtime-names.js';
import { fixture, repoRoot } from '../helpers/paths.js';
import { HOST_NS, proc, v1Lines } from '../helpers/model-procs.js';

const ID = 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8';
const GONE = '1c2dbb2128d51eb6604c287221f07325b2b741fed651ba78abb8626cf78e848e';
const boxNs = (pid: number) => ({ ...HOST_NS, pid: 4026532000 + pid, mnt: 4026533000 + pid });

function host() {
  return [
    proc({ pid: 1, comm: 'init', ppid: 0 }),
    // docker (cgroupfs driver), its init pid 1 inside
    proc({ pid: 7509, comm: 'sleep', nspid: [7509, 1], ns: boxNs(7509), cgroups: v1Lines(`/docker/${ID}`, `/docker/${ID}`, `/docker/${ID}`) }),
    // plain runc: cgroup /rc1, which no pattern knows: an ad-hoc group until its record names it
    proc({ pid: 9524, starttime: 1888870, comm: 'sleep', nspid: [9524, 1], ns: boxNs(9524), cgroups: v1Lines('/rc1', '/rc1', '/rc1') }),
  ];
}

const records: RuntimeRecord[] = [
  { kind: 'docker', id: ID, name: 'web', image: 'nstop-rt-bb:1', running: true, pid: 7509 },
  { kind: 'docker', id: GONE, name: 'exit3', image: 'nstop-rt-bb:1', running: false, exitCode: 3, finishedAt: 1000 },
  // docker's own runc state of web: the same container, never a row of its own
  { kind: 'runc', id: ID, name: ID, pid: 7509, pidStart: 75090 },
  { kind: 'runc', id: 'rc1', name: 'rc1', pid: 9524, pidStart: 1888870 },
];

test('a docker group takes its record name and image; its id stays the key', () => {
  const procs = host();
  const { groups } = nameGroups(groupContainers(procs), records, procs);
  const web = groups.find((g) => g.id === `docker:${ID}`)!;
  assert.equal(web.name, 'web');
  assert.equal(web.image, 'nstop-rt-bb:1');
});

test('a group no cgroup pattern knows is recognised by its init pid and start time', () => {
  const procs = host();
  const before = groupContainers(procs);
  assert.ok(before.some((g) => g.runtime === 'ad-hoc' && g.init?.pid === 9524), 'ad-hoc without the record');
  const { groups } = nameGroups(before, records, procs);
  const rc = groups.find((g) => g.init?.pid === 9524)!;
  assert.deepEqual([rc.id, rc.runtime, rc.name], ['runc:rc1', 'runc', 'rc1']);
  assert.ok(rc.ref, 'it keeps the cgroups it has to itself');
});

test('a reused pid (another start time) is not the runtime container', () => {
  const procs = host();
  const moved = records.map((r) => (r.id === 'rc1' ? { ...r, pidStart: 1 } : r));
  const { groups } = nameGroups(groupContainers(procs), moved, procs);
  assert.equal(groups.find((g) => g.init?.pid === 9524)!.runtime, 'ad-hoc');
});

test('a record without processes is a stopped row with its exit code, once per container', () => {
  const procs = host();
  const { stopped } = nameGroups(groupContainers(procs), records, procs);
  assert.deepEqual(stopped.map((r) => [r.id, r.name, r.status, r.recorded]), [[`docker:${GONE}`, 'exit3', 'stopped', { exitCode: 3, finishedAt: 1000 }]]);
});

test('a runc state with no process left is stopped without a code (runc records none)', () => {
  const procs = host().filter((p) => p.pid !== 9524);
  const { stopped } = nameGroups(groupContainers(procs), records, procs);
  const rc = stopped.find((r) => r.id === 'runc:rc1')!;
  assert.deepEqual([rc.status, rc.recorded], ['stopped', {}]);
});

test('Kubernetes records give pod and namespace; a pod sandbox is not listed when stopped', () => {
  const k8s: RuntimeRecord[] = [
    { kind: 'containerd', id: 'a'.repeat(64), name: 'web', pod: 'web-7d9f', podNamespace: 'shop', image: 'nginx:1.25' },
    { kind: 'containerd', id: 'b'.repeat(64), name: 'web-7d9f', pod: 'web-7d9f', podNamespace: 'shop', sandbox: true },
  ];
  const procs = [proc({ pid: 1, comm: 'init', ppid: 0 })];
  const { stopped } = nameGroups(groupContainers(procs), k8s, procs);
  assert.deepEqual(stopped.map((r) => [r.runtime, r.name, r.pod, r.podNamespace, r.image]), [['kubernetes', 'web', 'web-7d9f', 'shop', 'nginx:1.25']]);
});

test('--runtime-root KIND=DIR replaces that kind only; a bad value is one usage line', () => {
  const dir = fixture('runtimes/docker/containers');
  const roots = parseRuntimeRoots([`docker=${dir}`], DEFAULT_RUNTIME_ROOTS)!;
  assert.deepEqual(roots.docker, [dir]);
  assert.deepEqual(roots.podman, DEFAULT_RUNTIME_ROOTS.podman);
  assert.deepEqual(parseRuntimeRoots([`docker=${dir}`], undefined)!.podman, [], 'fixture trees: no host roots');
  assert.equal(parseRuntimeRoots([], undefined), undefined);
  for (const bad of ['docker', 'rkt=/tmp', 'docker=relative/dir', `docker=${dir}/nope`, `docker=${dir}/${ID}/config.v2.json`, 'docker=']) {
    assert.throws(() => parseRuntimeRoots([bad], DEFAULT_RUNTIME_ROOTS), (e: unknown) => e instanceof UsageError && !(e as Error).message.includes('\n') && (e as Error).message.startsWith('bad --runtime-root'), bad);
  }
});

const cli = (...args: string[]) => spawnSync(process.execPath, [`${repoRoot}/dist/src/cli.js`, ...args], { encoding: 'utf8' });

test('nstop ls on fixture trees lists the records of --runtime-root: stopped, with their codes', () => {
  const r = cli('ls', '--json', '--proc-root', fixture('proc-v2'), '--cgroup-root', fixture('cgroup-v2'), '--runtime-root', `docker=${fixture('runtimes/docker/containers')}`, '--runtime-root', `podman=${fixture('runtimes/podman')}`);
  assert.equal(r.status, 0, r.stderr);
  const rows = (JSON.parse(r.stdout) as { containers: { name: string; runtime: string; image: string | null; status: string; exitCode?: number | null; pod: null }[] }).containers;
  const stopped = rows.filter((c) => c.runtime !== 'ad-hoc' && c.runtime !== 'nstop').map((c) => [c.runtime, c.name, c.image, c.status, c.exitCode]).sort();
  // web and pweb ran when captured; here no process is theirs, so they read stopped (exit ?)
  assert.deepEqual(stopped, [
    ['docker', 'nstop-rt-exit3', 'nstop-rt-bb:1', 'stopped', 3],
    ['docker', 'nstop-rt-web', 'nstop-rt-bb:1', 'stopped', null],
    ['podman', 'nstop-rt-pexit5', 'localhost/nstop-rt-bb:1', 'stopped', 5],
    ['podman', 'nstop-rt-pweb', 'localhost/nstop-rt-bb:1', 'stopped', null],
  ]);
});

test('nstop ls with a bad --runtime-root: one line, exit 2, no listing', () => {
  const r = cli('ls', '--proc-root', fixture('proc-v2'), '--cgroup-root', fixture('cgroup-v2'), '--runtime-root', 'rkt=/var/lib/rkt');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^nstop: bad --runtime-root "rkt=\/var\/lib\/rkt": use KIND=DIR, KIND one of docker, podman, containerd, runc, nspawn, lxc\n$/);
});
