import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRuntime, systemdUnescape } from '../../src/model/runtimes.js';

const ID = '3f2a9c1b7d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd';

const cases: [string, string, string, string, string][] = [
  // path, runtime, id, name, container cgroup
  ['/nstop/web', 'nstop', 'web', 'web', '/nstop/web'],
  ['/nstop/web/init', 'nstop', 'web', 'web', '/nstop/web'],
  [`/system.slice/docker-${ID}.scope`, 'docker', ID, ID.slice(0, 12), `/system.slice/docker-${ID}.scope`],
  [`/docker/${ID}`, 'docker', ID, ID.slice(0, 12), `/docker/${ID}`],
  [`/machine.slice/libpod-${ID}.scope/container`, 'podman', ID, ID.slice(0, 12), `/machine.slice/libpod-${ID}.scope`],
  [`/system.slice/cri-containerd-${ID}.scope`, 'containerd', ID, ID.slice(0, 12), `/system.slice/cri-containerd-${ID}.scope`],
  [
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c2d3e4f_aaaa_bbbb_cccc_1234567890ab.slice/cri-containerd-${ID}.scope`,
    'kubernetes', ID, ID.slice(0, 12),
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c2d3e4f_aaaa_bbbb_cccc_1234567890ab.slice/cri-containerd-${ID}.scope`,
  ],
  [`/kubepods/burstable/pod1c2d3e4f-aaaa-bbbb-cccc-1234567890ab/${ID}`, 'kubernetes', ID, ID.slice(0, 12), `/kubepods/burstable/pod1c2d3e4f-aaaa-bbbb-cccc-1234567890ab/${ID}`],
  [`/kubepods/pod1c2d3e4f-aaaa-bbbb-cccc-1234567890ab/${ID}`, 'kubernetes', ID, ID.slice(0, 12), `/kubepods/pod1c2d3e4f-aaaa-bbbb-cccc-1234567890ab/${ID}`],
  [`/kubepods.slice/kubepods-pod1c2d3e4f_aaaa.slice/crio-${ID}.scope`, 'kubernetes', ID, ID.slice(0, 12), `/kubepods.slice/kubepods-pod1c2d3e4f_aaaa.slice/crio-${ID}.scope`],
  [`/machine.slice/crio-${ID}.scope`, 'cri-o', ID, ID.slice(0, 12), `/machine.slice/crio-${ID}.scope`],
  ['/lxc.payload.web1/init.scope', 'lxc', 'web1', 'web1', '/lxc.payload.web1'],
  ['/lxc/web1', 'lxc', 'web1', 'web1', '/lxc/web1'],
  ['/machine.slice/machine-my\\x2dbox.scope/payload', 'nspawn', 'my-box', 'my-box', '/machine.slice/machine-my\\x2dbox.scope'],
];

for (const [path, runtime, id, name, cgroupPath] of cases) {
  test(`matchRuntime names ${runtime} from ${path.slice(0, 60)}`, () => {
    assert.deepEqual(matchRuntime(path), { runtime, id, name, cgroupPath });
  });
}

test('monitors and plain host groups are not containers', () => {
  for (const path of [
    '/',
    '/user.slice/user-1000.slice/session-2.scope',
    '/process_api/1e9a58ef20adbc4a4b946b13cbf16c24',
    `/machine.slice/libpod-conmon-${ID}.scope`,
    `/system.slice/crio-conmon-${ID}.scope`,
    '/lxc.monitor.web1',
    '/system.slice/docker.service',
    '/nstop',
  ]) {
    assert.equal(matchRuntime(path), undefined, path);
  }
});

test('systemdUnescape decodes \\x2d', () => {
  assert.equal(systemdUnescape('a\\x2db\\x2dc'), 'a-b-c');
});
