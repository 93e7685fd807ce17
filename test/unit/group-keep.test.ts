// groupsUnmovedBy (model/group-keep.ts): a change it calls harmless must leave
// groupContainers' answer exactly as it was; each case here is checked against the
// grouping made again with the change, both ways (a process that came, one that went).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupContainers, type ContainerGroup } from '../../src/model/group.js';
import { groupsUnmovedBy } from '../../src/model/group-keep.js';
import { hostNamespacesOf } from '../../src/model/host-ns.js';
import type { ProcInput } from '../../src/model/input.js';
import { HOST_NS, hostWithUnshare, proc, v1Lines } from '../helpers/model-procs.js';

const DOCKER = 'cd'.repeat(32);
const view = (gs: ContainerGroup[]) => gs.map((g) => ({ id: g.id, name: g.name, members: g.members.map((m) => m.pid), ref: g.ref, cgroupPath: g.cgroupPath }));
const hostNsOf = (procs: ProcInput[]) => hostNamespacesOf(procs).ns;

function keeps(base: ProcInput[], p: ProcInput): { came: boolean; went: boolean } {
  const withP = [...base, p].sort((a, b) => a.pid - b.pid);
  const judge = (procs: ProcInput[]) => groupsUnmovedBy(groupContainers(procs), hostNamespacesOf(procs).through)([p]);
  const came = judge(base);
  const went = judge(withP);
  // what it calls harmless must be so: the same groups and host namespaces both ways
  if (came || went) {
    assert.deepEqual(view(groupContainers(withP)), view(groupContainers(base)), `${p.comm}: the groups moved`);
    assert.deepEqual(hostNsOf(withP), hostNsOf(base), `${p.comm}: the host's namespaces moved`);
  }
  return { came, went };
}

const base = (): ProcInput[] => hostWithUnshare();

test('a host process in a cgroup of no container comes and goes without a regrouping', () => {
  assert.deepEqual(keeps(base(), proc({ pid: 500, comm: 'cron-job', cgroups: v1Lines('/system.slice/cron.service') })), { came: true, went: true });
  assert.deepEqual(keeps(base(), proc({ pid: 501, comm: 'prompt' })), { came: true, went: true }, 'in the root cgroups');
});

test('a process in or under the cgroup of an ad-hoc container regroups (its cgroup becomes shared)', () => {
  assert.deepEqual(keeps(base(), proc({ pid: 502, comm: 'intruder', cgroups: v1Lines('/nstop-test/box', '/') })), { came: false, went: false });
  assert.deepEqual(keeps(base(), proc({ pid: 503, comm: 'below', cgroups: v1Lines('/nstop-test/box/child', '/') })), { came: false, went: false });
});

test('a process in another pid namespace, in a runtime cgroup, of the stage, or below the host-ns pids regroups', () => {
  const ns = { ...HOST_NS, pid: 4026532999 };
  assert.equal(keeps(base(), proc({ pid: 504, comm: 'boxed', nspid: [504, 1], ns })).came, false);
  const cg = v1Lines(`/docker/${DOCKER}`, `/docker/${DOCKER}`);
  assert.equal(keeps(base(), proc({ pid: 505, comm: 'nginx', cgroups: cg })).came, false);
  assert.equal(keeps(base(), proc({ pid: 506, comm: 'nstop-stage' })).came, false);
  // pid 2's links unreadable too: the host's namespaces come from pid 30, and a pid below
  // it might give them from now on
  const late = base().map((p) => (p.pid === 2 ? { ...p, ns: {} } : p));
  assert.equal(hostNamespacesOf(late).through, 30);
  assert.equal(keeps(late, proc({ pid: 20, comm: 'early' })).came, false);
  assert.equal(keeps(late, proc({ pid: 31, comm: 'later' })).came, true);
});

test("a group's member, and a new parent of a group's init, regroup", () => {
  const procs = base();
  const launcher = procs.find((p) => p.comm === 'unshare')!;
  const rest = procs.filter((p) => p !== launcher);
  // the launcher leaving: it was a member
  assert.equal(groupsUnmovedBy(groupContainers(procs), hostNamespacesOf(procs).through)([launcher]), false);
  // and coming (the init's parent)
  assert.equal(groupsUnmovedBy(groupContainers(rest), hostNamespacesOf(rest).through)([launcher]), false);
});

test('one process that moves the groups among harmless ones is enough to regroup', () => {
  const procs = base();
  const judge = groupsUnmovedBy(groupContainers(procs), hostNamespacesOf(procs).through);
  assert.equal(judge([proc({ pid: 600 }), proc({ pid: 601, cgroups: v1Lines('/nstop-test/box') }), proc({ pid: 602 })]), false);
  assert.equal(judge([proc({ pid: 600 }), proc({ pid: 602 })]), true);
});

test('hostNamespacesOf gives the lowest readable pid of each kind, and the highest of those', () => {
  const procs = base();
  const { ns, through } = hostNamespacesOf(procs);
  // pid 1's mnt and net links are unreadable here (ns: {}): pid 2 gives every kind
  assert.deepEqual(ns, HOST_NS);
  assert.equal(through, 2);
});
