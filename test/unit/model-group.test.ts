import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupContainers } from '../../src/model/group.js';
import { hostNamespaces, isolatedKinds } from '../../src/model/host-ns.js';
import { HOST_NS, hostWithUnshare, proc, v1Lines } from '../helpers/model-procs.js';

const DOCKER = 'ab'.repeat(32);

test('an unshare --fork --pid process in its own cgroups is one ad-hoc container, launcher included', () => {
  const groups = groupContainers(hostWithUnshare());
  assert.equal(groups.length, 1);
  const g = groups[0]!;
  assert.equal(g.runtime, 'ad-hoc');
  assert.equal(g.id, 'ad-hoc:pidns:4026532451');
  assert.equal(g.name, 'sleep');
  assert.equal(g.init?.pid, 41);
  assert.deepEqual(g.members.map((p) => p.pid), [40, 41, 42]);
  // memory and pids hierarchies are its own; the unified "/" and cpuacct "/" are not.
  assert.deepEqual(g.ref, { v1: { memory: '/nstop-test/box', pids: '/nstop-test/box' } });
  assert.equal(g.cgroupPath, '/nstop-test/box');
});

test('an ad-hoc container sharing its cgroup with a host process gets no cgroup figures', () => {
  const procs = hostWithUnshare();
  procs.push(proc({ pid: 50, comm: 'intruder', cgroups: v1Lines('/nstop-test/box', '/') }));
  const g = groupContainers(procs)[0]!;
  // memory is shared with pid 50; pids is still its own.
  assert.deepEqual(g.ref, { v1: { pids: '/nstop-test/box' } });
});

test('a host process in a child cgroup makes the parent cgroup shared', () => {
  const procs = hostWithUnshare();
  procs.push(proc({ pid: 51, cgroups: v1Lines('/nstop-test/box/child', '/nstop-test/box/child') }));
  assert.equal(groupContainers(procs)[0]!.ref, undefined);
});

test('cgroup-named containers claim their processes before pid-ns grouping', () => {
  const cg = v1Lines(`/docker/${DOCKER}`, `/docker/${DOCKER}`, `/docker/${DOCKER}`);
  const ns = { ...HOST_NS, pid: 4026532600 };
  const procs = [
    proc({ pid: 2, comm: 'kthreadd', cmdline: [], kernelThread: true }),
    proc({ pid: 100, comm: 'containerd-shim', cgroups: v1Lines('/') }),
    proc({ pid: 101, comm: 'nginx', ppid: 100, nspid: [101, 1], ns, cgroups: cg }),
    proc({ pid: 102, comm: 'nginx', ppid: 101, nspid: [102, 7], ns, cgroups: cg }),
  ];
  const groups = groupContainers(procs);
  assert.equal(groups.length, 1);
  const g = groups[0]!;
  assert.equal(g.runtime, 'docker');
  assert.equal(g.name, DOCKER.slice(0, 12));
  assert.deepEqual(g.members.map((p) => p.pid), [101, 102]);
  assert.deepEqual(g.ref, { unified: `/docker/${DOCKER}`, v1: { memory: `/docker/${DOCKER}`, pids: `/docker/${DOCKER}` } });
});

test('two ad-hoc containers with the same init command get distinct names', () => {
  const a = { ...HOST_NS, pid: 1001 };
  const b = { ...HOST_NS, pid: 1002 };
  const groups = groupContainers([
    proc({ pid: 10, comm: 'sh', nspid: [10, 1], ns: a }),
    proc({ pid: 20, comm: 'sh', nspid: [20, 1], ns: b }),
  ]);
  assert.deepEqual(groups.map((g) => g.name).sort(), ['sh-10', 'sh-20']);
});

test("nstop's stage in a new pid namespace before it joins the container's cgroups is no container of its own", () => {
  const box = { ...HOST_NS, pid: 4026532777 };
  const procs = [
    proc({ pid: 60, comm: 'nstop-stage', cmdline: ['/opt/nstop/native/build/nstop-stage', 'run'], ppid: 1 }),
    proc({ pid: 61, comm: 'nstop-stage', cmdline: ['/opt/nstop/native/build/nstop-stage', 'run'], ppid: 60, nspid: [61, 1], ns: box }),
  ];
  assert.deepEqual(groupContainers(procs), []);
  // the same pid namespace once its init has exec'd its command is a container again
  procs[1] = proc({ pid: 61, comm: 'sh', ppid: 60, nspid: [61, 1], ns: box });
  assert.deepEqual(groupContainers(procs).map((g) => g.name), ['sh']);
});

test('host namespaces come from the lowest readable pid of the host pid ns', () => {
  const procs = hostWithUnshare();
  const host = hostNamespaces(procs);
  assert.deepEqual(host, HOST_NS); // pid 1 is EACCES: pid 2 decides
  assert.deepEqual(isolatedKinds(procs[4]!.ns, host), ['mnt', 'pid', 'uts']);
});
