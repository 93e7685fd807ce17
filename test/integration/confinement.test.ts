// The confinement issue's done-when, as root through the real CLI: a container launched
// with default options is at least as locked down as `docker run` (Docker's capability
// set, no_new_privs, a seccomp filter, masked and read-only /proc, no devices beyond the
// harmless ones), `nstop exec` gets the same, a setuid binary does not give root back,
// the stage cannot be overwritten from inside (CVE-2019-5736) and -e values stay off
// every command line. --privileged (not a CLI flag yet) through launch() directly.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, openSync, closeSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stagePath } from '../../native/stage.js';
import { CAP_NAMES, DEFAULT_CAPS, capMaskHex } from '../../src/act/caps.js';
import { launch } from '../../src/act/launch.js';
import { spawnStage } from '../../src/act/spawn-stage.js';
import { DEFAULT_NS } from '../../src/host/vocabulary.js';
import { actHarness, busyboxRootfs, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { SIGKILL, signalProcess, waitEmpty } from '../../src/act/kill.js';
import type { CgroupRef } from '../../src/host/cgroup/types.js';
import { until } from '../helpers/until.js';

const rootfs = isRoot ? busyboxRootfs() : undefined;
const skip = skipReason(!isRoot && 'needs root (creates cgroups and namespaces)', typeof rootfs === 'string' && rootfs);
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-conf');
const R = typeof rootfs === 'object' ? rootfs.dir : '';
const DEFAULT_MASK = '00000000a80425fb';

after(async () => {
  await h?.cleanup();
  if (typeof rootfs === 'object') rootfs.remove();
});

function ok(args: string[]): string {
  const r = h!.nstop(args);
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** "Key: value" lines of a /proc/PID/status text. */
function status(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').flatMap((l) => (/^(\w+):\s*(.*)$/.exec(l) ? [[l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]] : [])));
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

before(() => {
  if (skip) return;
  // the applets the probes use, a mount point, a setuid-root busybox and a device node
  // planted from outside (a copy of /dev/null: even the device filter would allow it,
  // so only the nodev mount keeps it shut)
  for (const a of ['mknod', 'unshare', 'head', 'chmod', 'printf', 'stat', 'env', 'usleep']) symlinkSync('busybox', join(R, 'bin', a));
  mkdirSync(join(R, 'mnt'));
  mkdirSync(join(R, 'suid'));
  copyFileSync(join(R, 'bin', 'busybox'), join(R, 'suid', 'busybox'));
  chmodSync(join(R, 'suid', 'busybox'), 0o4755);
  chmodSync(R, 0o755);
  // the stage's shared libraries, so that a "#!/proc/self/exe" script inside really runs
  // it (without them the kernel's exec of it fails with ENOENT and proves nothing)
  const ldd = spawnSync('ldd', [stagePath()], { encoding: 'utf8' });
  for (const lib of ldd.stdout.matchAll(/(\/\S+\.so[.\d]*) \(/g)) {
    mkdirSync(join(R, dirname(lib[1]!)), { recursive: true });
    copyFileSync(lib[1]!, join(R, lib[1]!));
  }
  const made = spawnSync('mknod', [join(R, 'planted-null'), 'c', '1', '3'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  chmodSync(join(R, 'planted-null'), 0o666);
});

describe('a default launch is confined', { skip }, () => {
  const probe = [
    'grep -E "^(CapBnd|CapEff|NoNewPrivs|Seccomp):" /proc/self/status',
    'echo x > /proc/sys/kernel/core_pattern 2>/dev/null && echo core_pattern=written || echo core_pattern=refused',
    'echo kcore=$(cat /proc/kcore 2>/dev/null | wc -c) timer_list=$(cat /proc/timer_list 2>/dev/null | wc -c)',
    'mknod /tmp/blk b 8 0 2>/dev/null && echo mknod=made || echo mknod=refused',
    'head -c 1 /planted-null 2>/dev/null && echo planted=opened || echo planted=refused',
    'unshare -m true 2>/dev/null && echo unshare=ran || echo unshare=refused',
    'mount -t tmpfs x /mnt 2>/dev/null && echo mount=done || echo mount=refused',
    'mount -t sysfs x /mnt 2>/dev/null && echo sysfs=mounted || echo sysfs=refused',
    'echo 1 > /sys/kernel/profiling 2>/dev/null && echo sys=written || echo sys=refused',
  ].join('; ');

  test('capabilities, no_new_privs, seccomp, /proc, /sys, devices and mounts, seen from inside', () => {
    const out = ok(['run', '--name', h!.name('probe'), '--rootfs', R, '--', 'sh', '-c', probe]);
    const st = status(out);
    assert.equal(st['CapBnd'], DEFAULT_MASK, out);
    assert.equal(st['CapEff'], DEFAULT_MASK, out);
    assert.equal(`0x${DEFAULT_MASK.replace(/^0+/, '')}`, capMaskHex(DEFAULT_CAPS));
    assert.equal(st['NoNewPrivs'], '1');
    assert.equal(st['Seccomp'], '2');
    for (const line of ['core_pattern=refused', 'kcore=0 timer_list=0', 'mknod=refused', 'planted=refused', 'unshare=refused', 'mount=refused', 'sysfs=refused', 'sys=refused']) {
      assert.ok(out.split('\n').includes(line), `${line} in:\n${out}`);
    }
  });

  test('a setuid-root binary under -u 1000 stays uid 1000 with no capabilities', () => {
    const out = ok(['run', '--name', h!.name('suid'), '--rootfs', R, '-u', '1000', '--', '/suid/busybox', 'sh', '-c', 'id -u; grep -E "^Cap(Eff|Prm|Bnd):" /proc/self/status']);
    const lines = out.trim().split('\n');
    assert.equal(lines[0], '1000', out);
    const st = status(out);
    assert.equal(st['CapEff'], '0000000000000000');
    assert.equal(st['CapPrm'], '0000000000000000');
    assert.equal(st['CapBnd'], DEFAULT_MASK);
  });

  test('the stage refuses a run that does not say how to confine it', async () => {
    await assert.rejects(spawnStage({ args: ['run', '--', '/bin/true'], env: [] }, { fds: ['ignore', 'inherit', 'inherit'], detached: false }), /needs --caps MASK or --privileged/);
  });
});

describe('exec into a running container', { skip }, () => {
  let name = '';
  let shimPid = 0;
  const secret = `s3cr3t-${process.pid}`;
  before(() => {
    name = h!.name('ex');
    // the attacker: while it runs, tries to open every process's exe for writing
    // (append, so a success would still change nothing)
    const attack = 'while [ ! -e /tmp/stop ]; do for p in /proc/[0-9]*; do ( : >> $p/exe ) 2>/dev/null && echo "opened $p $(readlink $p/exe)" >> /tmp/opened; done; usleep 2000; done';
    ok(['run', '-d', '--name', name, '--rootfs', R, '-e', `SECRET=${secret}`, '--', 'sh', '-c', `echo "$SECRET" > /tmp/secret; (${attack}) & sleep 1000`]);
    shimPid = h!.ctx.store.read(name)!.shimPid!;
  });

  test('exec has the container\'s capabilities, no_new_privs, seccomp and cgroup', () => {
    const st = status(ok(['exec', name, '--', 'cat', '/proc/self/status']));
    const init = status(readFileSync(`/proc/${h!.ctx.store.read(name)!.pid}/status`, 'utf8'));
    for (const k of ['CapBnd', 'CapEff', 'NoNewPrivs', 'Seccomp']) assert.equal(st[k], init[k], k);
    assert.equal(st['CapEff'], DEFAULT_MASK);
    const both = ok(['exec', name, '--', 'sh', '-c', 'cat /proc/self/cgroup; echo --; cat /proc/1/cgroup']).split('--\n');
    assert.equal(both[0]!.trim(), both[1]!.trim(), 'the same groups as the container\'s init');
    assert.match(both[0]!, /^0::\/$/m, 'its own cgroup2 group, seen as / through the cgroup namespace');
  });

  test('-e values reach the command but are on no command line of the helper', () => {
    assert.equal(ok(['exec', name, '--', 'cat', '/tmp/secret']).trim(), secret);
    const cmdline = readFileSync(`/proc/${shimPid}/cmdline`, 'utf8');
    assert.ok(cmdline.includes('--rootfs'), 'this is the helper');
    assert.ok(!cmdline.includes(secret), cmdline.split('\0').join(' '));
  });

  test('the helper runs from a sealed memfd: even host root cannot open it for writing', () => {
    assert.match(readlinkSync(`/proc/${shimPid}/exe`), /^\/memfd:nstop-stage /);
    assert.equal(readFileSync(`/proc/${shimPid}/comm`, 'utf8').trim(), 'nstop-stage', 'named as before in ps and the process table');
    assert.throws(() => closeSync(openSync(`/proc/${shimPid}/exe`, 'a')), /ETXTBSY|EPERM|EACCES/);
  });

  test('a "#!/proc/self/exe" script run by exec gets the sealed copy, not nstop\'s file (CVE-2019-5736)', () => {
    const before = sha(stagePath());
    ok(['exec', name, '--', 'sh', '-c', 'printf "#!/proc/self/exe\\n" > /evil && chmod 755 /evil']);
    for (let i = 0; i < 5; i++) {
      const r = h!.nstop(['exec', name, '--', '/evil']);
      // the kernel ran the stage (the memfd copy) as the interpreter, inside the container
      assert.match(r.stderr, /nstop-stage: /, `exec /evil: ${r.status} ${r.stderr}`);
      assert.notEqual(r.status, 0);
    }
    ok(['exec', name, '--', 'touch', '/tmp/stop']);
    const opened = ok(['exec', name, '--', 'sh', '-c', 'cat /tmp/opened 2>/dev/null; true']);
    assert.equal(opened, '', 'no process exe could be opened for writing from inside');
    assert.equal(sha(stagePath()), before, 'the stage binary on disk is unchanged');
  });

  test('a container whose command is the "#!/proc/self/exe" script ends without touching the stage', () => {
    const before = sha(stagePath());
    writeFileSync(join(R, 'evil2'), '#!/proc/self/exe\n', { mode: 0o755 });
    const r = h!.nstop(['run', '--name', h!.name('evil'), '--rootfs', R, '--', '/evil2']);
    assert.match(r.stderr, /nstop-stage: /, r.stderr);
    assert.equal(sha(stagePath()), before);
  });
});

describe("exec into another runtime's container", { skip: skip ?? (!which('setpriv') && 'no setpriv (util-linux)') }, () => {
  // a process nstop did not start: its own namespaces and cgroups, a narrowed bounding
  // set and no_new_privs, as another runtime would leave it
  let ref: CgroupRef | undefined;
  let target = 0;
  let starter: ChildProcess | undefined;
  before(async () => {
    ref = h!.ctx.driver.create(`/nstop-conf-foreign-${process.pid}`);
    const join = h!.ctx.driver.procsFiles(ref).map((f) => `echo $$ > ${f}`).join('; ');
    starter = spawn('sh', ['-c', `${join}; exec unshare --fork --pid --mount-proc --uts --ipc --cgroup setpriv --no-new-privs --bounding-set -all,+chown,+kill sleep 1000`], { stdio: 'ignore' });
    target = await until('the foreign sleep', 60_000, () => h!.ctx.driver.procs(ref!).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep'), 20);
  });
  after(async () => {
    if (!ref) return;
    for (const p of h!.ctx.driver.procs(ref)) signalProcess(p, SIGKILL);
    if (starter?.pid !== undefined) signalProcess(starter.pid, SIGKILL);
    await waitEmpty(h!.ctx.driver, ref);
    h!.ctx.driver.remove(ref);
  });

  test("exec copies its bounding set and no_new_privs and joins its cgroups", () => {
    const st = status(ok(['exec', String(target), '--', 'cat', '/proc/self/status']));
    assert.equal(st['CapBnd'], '0000000000000021');
    assert.equal(st['CapEff'], '0000000000000021');
    assert.equal(st['NoNewPrivs'], '1');
    assert.equal(st['Seccomp'], '0', 'no filter on the target: none added');
    const both = ok(['exec', String(target), '--', 'sh', '-c', 'cat /proc/self/cgroup; echo --; cat /proc/1/cgroup']).split('--\n');
    assert.equal(both[0]!.trim(), both[1]!.trim(), "the target's groups, in every hierarchy");
    assert.match(both[0]!, /^0::\/$/m);
  });
});

describe('--privileged turns confinement off', { skip }, () => {
  test('full capabilities (all this host has), no seccomp, no no_new_privs', async () => {
    const name = h!.name('priv');
    const l = await launch({ name, command: ['sleep', '1000'], ns: [...DEFAULT_NS], privateProc: true, rootfs: R, limits: {}, env: [], detached: true, confine: { privileged: true, caps: [...CAP_NAMES] } }, h!.ctx, { kind: 'log' });
    const st = await until('the command to run', 60_000, () => {
      const s = status(readFileSync(`/proc/${l.state.pid}/status`, 'utf8'));
      return s['Name'] === 'sleep' ? s : undefined;
    });
    const ours = status(readFileSync('/proc/self/status', 'utf8'));
    assert.equal(st['CapEff'], ours['CapBnd']);
    assert.equal(st['CapBnd'], ours['CapBnd']);
    assert.equal(st['Seccomp'], '0');
    assert.equal(st['NoNewPrivs'], '0');
  });
});
