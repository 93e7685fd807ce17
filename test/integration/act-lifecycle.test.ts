// Issue 3's done-when, through the real CLI as root: run -d with every namespace, ls
// shows the limits, exec sees the hostname and only the container's processes, set is in
// the cgroup file at once, kill leaves nothing, ls says stopped with the status, rm forgets.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { actHarness, busyboxRootfs, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (creates cgroups and namespaces)');
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-it');

type LsRow = { name: string; status: string; pid: number | null; exitCode: number | null; signal: number | null; memory: { max: number | string }; pids: { max: number | string }; cgroup: string | null };

function ls(): LsRow[] {
  const r = h!.nstop(['ls', '--json']);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { containers: LsRow[] }).containers;
}

function ok(args: string[]): string {
  const r = h!.nstop(args);
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const groupDirs = (name: string): string[] =>
  readdirSync('/sys/fs/cgroup').flatMap((c) => {
    const d = join('/sys/fs/cgroup', c, 'nstop', name);
    return existsSync(d) ? [d] : [];
  });

after(async () => h?.cleanup());

describe('done-when: t1 with every namespace', { skip }, () => {
  let name = '';
  before(() => {
    name = h!.name('t1');
  });

  test('run -d --ns all --hostname box --memory 64M --pids 20 -- sleep 300', () => {
    assert.equal(ok(['run', '-d', '--name', name, '--ns', 'all', '--hostname', 'box', '--memory', '64M', '--pids', '20', '--', 'sleep', '300']).trim(), name);
    const row = ls().find((c) => c.name === name);
    assert.ok(row, 'listed');
    assert.equal(row.status, 'running');
    assert.equal(row.memory.max, 64 * 2 ** 20);
    assert.equal(row.pids.max, 20);
  });

  test('exec -- hostname prints box; /proc inside holds only its processes', () => {
    assert.equal(ok(['exec', name, '--', 'hostname']).trim(), 'box');
    const pids = ok(['exec', name, '--', 'sh', '-c', 'ls /proc | grep -E "^[0-9]+$"']).trim().split('\n').map(Number);
    // sleep (1), the sh we started, ls and grep: nothing of the host
    assert.ok(pids.includes(1), `pid 1 inside: ${pids.join(',')}`);
    assert.ok(pids.length <= 4, `only the container's processes: ${pids.join(',')}`);
  });

  test('exec joins every namespace of the container', () => {
    const init = ls().find((c) => c.name === name)!.pid!;
    for (const kind of ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup', 'user', 'time']) {
      const theirs = readlinkSync(`/proc/${init}/ns/${kind}`);
      assert.notEqual(theirs, readlinkSync(`/proc/self/ns/${kind}`), `${kind} is isolated`);
      // pid_for_children/time_for_children aside, a process's own link shows where it is
      const inside = ok(['exec', name, '--', 'readlink', `/proc/self/ns/${kind}`]).trim();
      assert.equal(inside, theirs, kind);
    }
  });

  test('set --memory 128M is in the cgroup file at once', () => {
    ok(['set', name, '--memory', '128M']);
    const file = existsSync('/sys/fs/cgroup/memory') ? `/sys/fs/cgroup/memory/nstop/${name}/memory.limit_in_bytes` : `/sys/fs/cgroup/nstop/${name}/memory.max`;
    assert.equal(readFileSync(file, 'utf8').trim(), String(128 * 2 ** 20));
  });

  test('kill leaves no process, cgroup or mount; ls says stopped; rm forgets', () => {
    const init = ls().find((c) => c.name === name)!.pid!;
    ok(['kill', name]);
    assert.equal(existsSync(`/proc/${init}`), false, 'init gone');
    assert.deepEqual(groupDirs(name), []);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(name), false);
    const row = ls().find((c) => c.name === name);
    assert.equal(row?.status, 'stopped');
    assert.equal(row?.signal, 9);
    ok(['rm', name]);
    assert.equal(ls().some((c) => c.name === name), false);
    assert.equal(existsSync(join(h!.stateDir, name)), false);
  });
});

describe('foreground runs', { skip }, () => {
  test('the command is PID 1 and sees a private /proc; exit code passes through', () => {
    const r = h!.nstop(['run', '--name', h!.name('fg'), '--', 'sh', '-c', 'echo pid=$$; ls /proc | grep -cE "^[0-9]+$"; exit 7']);
    assert.equal(r.status, 7, r.stderr);
    const [pidLine, count] = r.stdout.trim().split('\n');
    assert.equal(pidLine, 'pid=1');
    assert.ok(Number(count) <= 3, `only its own processes in /proc: ${count}`);
  });

  test('each default namespace is new, the ones not asked for are shared', () => {
    const r = h!.nstop(['run', '--name', h!.name('ns'), '--ns', 'uts,net', '--', 'sh', '-c', 'for k in uts net ipc mnt; do readlink /proc/self/ns/$k; done']);
    assert.equal(r.status, 0, r.stderr);
    const [uts, net, ipc, mnt] = r.stdout.trim().split('\n');
    assert.notEqual(uts, readlinkSync('/proc/self/ns/uts'));
    assert.notEqual(net, readlinkSync('/proc/self/ns/net'));
    assert.equal(ipc, readlinkSync('/proc/self/ns/ipc'));
    // confinement's masked /proc and read-only files are mounts: it adds mnt, and says so
    assert.notEqual(mnt, readlinkSync('/proc/self/ns/mnt'));
    assert.match(r.stderr, /confinement .* needs a mnt namespace: added/);
    const p = h!.nstop(['run', '--name', h!.name('nsp'), '--ns', 'uts,net', '--privileged', '--', 'readlink', '/proc/self/ns/mnt']);
    assert.equal(p.status, 0, p.stderr);
    assert.equal(p.stdout.trim(), readlinkSync('/proc/self/ns/mnt'), 'unconfined: only what was asked for');
  });

  test('net: only lo, and it is up', () => {
    // /proc/net is per network namespace (sysfs would show the mounter's)
    const r = h!.nstop(['run', '--name', h!.name('net'), '--ns', 'net', '--', 'sh', '-c', 'tail -n +3 /proc/net/dev | cut -d: -f1; ip -o link show lo']);
    assert.equal(r.status, 0, r.stderr);
    const [ifaces, lo] = r.stdout.trim().split('\n');
    assert.equal(ifaces!.trim(), 'lo');
    assert.match(lo!, /<LOOPBACK,UP/);
  });

  test('limits hold from the first instruction: pids 1 refuses the first fork', () => {
    const r = h!.nstop(['run', '--name', h!.name('pids1'), '--pids', '1', '--', 'sh', '-c', '/bin/true && echo forked']);
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout.includes('forked'), false);
  });

  test('user namespace: root inside, unprivileged outside', () => {
    const r = h!.nstop(['run', '--name', h!.name('user'), '--ns', 'user,pid,mnt', '--', 'sh', '-c', 'id -u; cat /proc/self/uid_map']);
    assert.equal(r.status, 0, r.stderr);
    const [uid, map] = r.stdout.trim().split('\n');
    assert.equal(uid, '0');
    const [inside, outside] = map!.trim().split(/\s+/).map(Number);
    assert.equal(inside, 0);
    assert.notEqual(outside, 0, 'never host root');
  });

  test('cgroup namespace: the container sees its own group as /', () => {
    const r = h!.nstop(['run', '--name', h!.name('cg'), '--', 'cat', '/proc/self/cgroup']);
    assert.equal(r.status, 0, r.stderr);
    const mem = r.stdout.split('\n').find((l) => /:memory:|^0::/.test(l));
    assert.ok(mem?.endsWith(':/'), mem);
  });

  test('--rootfs: pivot_root into a busybox tree with /proc and /dev', (t) => {
    const fs = busyboxRootfs();
    if (typeof fs === 'string') return t.skip(fs);
    try {
      const r = h!.nstop(['run', '--name', h!.name('root'), '--rootfs', fs.dir, '--hostname', 'rootbox', '--', 'sh', '-c', 'ls /; hostname; echo x > /dev/null && echo devnull-ok; ls /proc | grep -cE "^[0-9]+$"']);
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout.split('\n');
      assert.ok(out.includes('bin') && out.includes('proc') && out.includes('dev'), r.stdout);
      assert.equal(out.includes('usr'), false, 'the host root is not visible');
      assert.ok(out.includes('rootbox') && out.includes('devnull-ok'), r.stdout);
      assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(fs.dir), false, 'no mount leaked to the host');
    } finally {
      fs.remove();
    }
  });
});
