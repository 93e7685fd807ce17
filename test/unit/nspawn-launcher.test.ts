// systemd-nspawn without machined: the container is named from its launcher's command line
// (src/model/nspawn-launcher.ts), and nspawn, split into /supervisor beside the payload's
// /payload, still counts as sharing the container's cgroups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupContainers } from '../../src/model/group.js';
import { nspawnMachineName } from '../../src/model/nspawn-launcher.js';
import { HOST_NS, hostWithUnshare, proc, v1Lines } from '../helpers/model-procs.js';

test('the machine name: -M/--machine, else the basename of -D/--directory or -i/--image', () => {
  const n = (...a: string[]) => nspawnMachineName(['systemd-nspawn', ...a]);
  // this host's: systemd-nspawn --register=no --keep-unit -q -D /tmp/rtw-bb -M rtwn /bin/sleep 600
  assert.equal(n('--register=no', '--keep-unit', '-q', '-D', '/tmp/rtw-bb', '-M', 'rtwn', '/bin/sleep', '600'), 'rtwn');
  assert.equal(n('--register', 'no', '-D', '/var/lib/machines/web/', 'sh'), 'web');
  assert.equal(n('-qD/srv/box', 'sh'), 'box', 'a cluster of short options');
  assert.equal(n('--machine=db', '-D', '/x'), 'db');
  assert.equal(n('-i', '/images/fedora.raw'), 'fedora');
  assert.equal(n('--bind', '/a:/b', '--directory', '/srv/c'), 'c', '--bind takes the next argument');
  // the command's own arguments are never nspawn's
  assert.equal(n('--boot'), undefined);
  assert.equal(n('-q', 'sh', '-c', 'x', '-M', 'not-this'), undefined);
});

test('an unregistered nspawn container is nspawn:NAME, its supervisor counted in', () => {
  const procs = hostWithUnshare().slice(0, 3);
  const box = { ...HOST_NS, pid: 4026532460, uts: 4026532461, mnt: 4026532462 };
  const lines = (leaf: string) => v1Lines('/t/box', '/t/box', `/t/box/${leaf}`);
  procs.push(
    proc({ pid: 60, comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '--register=no', '--keep-unit', '-q', '-D', '/tmp/rtw-bb', '-M', 'rtwn', '/bin/sleep', '600'], ppid: 30, cgroups: lines('supervisor') }),
    proc({ pid: 61, comm: 'sleep', cmdline: ['/bin/sleep', '600'], ppid: 60, nspid: [61, 1], ns: box, cgroups: lines('payload') }),
  );
  const g = groupContainers(procs).find((x) => x.init?.pid === 61)!;
  assert.deepEqual([g.runtime, g.id, g.name], ['nspawn', 'nspawn:rtwn', 'rtwn']);
  assert.deepEqual(g.members.map((p) => p.pid), [60, 61]);
  assert.deepEqual(g.ref?.v1, { memory: '/t/box', pids: '/t/box' }, 'its memory and pids groups are its own');
});
