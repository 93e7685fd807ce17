// The pure parts of the acting commands: limit values, names, namespaces, hostnames,
// users, env, the user-namespace id map, the stage's argv, signals and the state store.
// No root, no cgroup, no process: every refusal is a one-line ActError.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ActError } from '../../src/act/errors.js';
import { chooseIdMap, parseSubid } from '../../src/act/idmap.js';
import { parseSignal } from '../../src/act/kill.js';
import { hasLimits, parseBytes, parseCpus, parseCpuWeight, parseLimits, parseMemory, parsePids, parseSwap } from '../../src/act/limits.js';
import { checkEnv, checkHostname, checkName, parseNamespaces, parseUser, type RunSpec } from '../../src/act/spec.js';
import { containerEnv, envMessage, stageEnterArgs, stageRunArgs } from '../../src/act/stage-args.js';
import { CAP_NAMES } from '../../src/act/caps.js';
import { StateStore, stateDirFrom, type ContainerState } from '../../src/act/state.js';
import { imageStoreFrom } from '../../src/image/store.js';
import { DEFAULT_NS, NS_KINDS } from '../../src/host/vocabulary.js';

const M = 2 ** 20;
const G = 2 ** 30;
const HOST = 8 * G;

/** An ActError whose message is one line and matches `re`. */
const actError = (re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ActError, `an ActError, got ${String(e)}`);
  assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
  assert.match(e.message, re);
  return true;
};

const scratch: string[] = [];
const tempDir = (tag: string): string => {
  const d = mkdtempSync(join(os.tmpdir(), `nstop-unit-${tag}-`));
  scratch.push(d);
  return d;
};
after(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe('limits', () => {
  test('parseBytes: units, decimals, max, page rounding', () => {
    assert.equal(parseBytes('--memory', '64M'), 67108864);
    assert.equal(parseBytes('--memory', '1.5G'), 1.5 * G);
    assert.equal(parseBytes('--memory', '512K'), 512 * 1024);
    assert.equal(parseBytes('--memory', '512k'), 512 * 1024);
    assert.equal(parseBytes('--memory', '64MiB'), 64 * M);
    assert.equal(parseBytes('--memory', '64mb'), 64 * M);
    assert.equal(parseBytes('--memory', '1T'), 2 ** 40);
    assert.equal(parseBytes('--memory', ' 64M '), 64 * M, 'surrounding blanks are trimmed');
    assert.equal(parseBytes('--memory', '1048576'), M, 'a plain byte count');
    for (const m of ['max', 'MAX', 'unlimited', 'none']) assert.equal(parseBytes('--memory', m), Infinity, m);
    // rounded up to whole 4 KiB pages
    assert.equal(parseBytes('--swap', '1'), 4096);
    assert.equal(parseBytes('--swap', '4096'), 4096);
    assert.equal(parseBytes('--swap', '4097'), 8192);
    assert.equal(parseBytes('--swap', '0.5K'), 4096);
    assert.equal(parseBytes('--swap', '0'), 0);
  });

  test('parseBytes: percentages of host memory, page-rounded, --memory only', () => {
    assert.equal(parseBytes('--memory', '50%', HOST), 4 * G);
    assert.equal(parseBytes('--memory', '100%', HOST), HOST);
    // 50% of 1,000,000 = 500,000 -> 123 pages
    assert.equal(parseBytes('--memory', '50%', 1_000_000), 123 * 4096);
    assert.equal(parseBytes('--memory', '12.5%', HOST), G);
    assert.throws(() => parseBytes('--swap', '50%'), actError(/--swap "50%": a percentage only works for --memory/));
    for (const bad of ['0%', '150%', '100.1%']) assert.throws(() => parseBytes('--memory', bad, HOST), actError(/percentage must be above 0 and at most 100/), bad);
  });

  test('parseBytes: garbage and too large throw, naming the option and the value', () => {
    for (const bad of ['', 'abc', '-1', '1.5.5M', '1e3', '.5G', '64X', '64 M B', 'M', '1,5G', '0x10']) {
      assert.throws(() => parseBytes('--memory', bad, HOST), actError(new RegExp(`^--memory "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": use a size like`)), JSON.stringify(bad));
    }
    assert.throws(() => parseBytes('--memory', '99999999999T'), actError(/too large/));
    assert.throws(() => parseBytes('--memory', '1025T'), actError(/too large/));
    assert.equal(parseBytes('--memory', '1024T'), 2 ** 50, '1P is the largest');
  });

  test('parseMemory: at least 1M; parseSwap: bytes, no percentage', () => {
    assert.equal(parseMemory('64M', HOST), 64 * M);
    assert.equal(parseMemory('1M', HOST), M);
    assert.equal(parseMemory('max', HOST), Infinity);
    assert.equal(parseMemory('25%', HOST), 2 * G);
    for (const bad of ['10', '0', '1020K']) assert.throws(() => parseMemory(bad, HOST), actError(/--memory ".*": at least 1M/), bad);
    assert.throws(() => parseMemory('abc', HOST), actError(/^--memory "abc"/));
    assert.equal(parseSwap('0'), 0);
    assert.equal(parseSwap('256M'), 256 * M);
    assert.equal(parseSwap('max'), Infinity);
    assert.throws(() => parseSwap('xyz'), actError(/^--swap "xyz"/));
    assert.throws(() => parseSwap('10%'), actError(/^--swap "10%"/));
  });

  test('parsePids: whole numbers 1..4194304 or max', () => {
    assert.equal(parsePids('1'), 1);
    assert.equal(parsePids('20'), 20);
    assert.equal(parsePids('4194304'), 4194304);
    assert.equal(parsePids(' 7 '), 7);
    assert.equal(parsePids('max'), Infinity);
    for (const bad of ['0', '-5', '1e3', '99999999', '4194305', '1.5', 'abc', '']) assert.throws(() => parsePids(bad), actError(/^--pids ".*": a whole number from 1 to 4194304, or max$/), bad);
  });

  test('parseCpus: 0.01..4096 or max', () => {
    assert.equal(parseCpus('0.5'), 0.5);
    assert.equal(parseCpus('.5'), 0.5);
    assert.equal(parseCpus('2'), 2);
    assert.equal(parseCpus('0.01'), 0.01);
    assert.equal(parseCpus('4096'), 4096);
    assert.equal(parseCpus('max'), Infinity);
    for (const bad of ['abc', '-1', '1.', '1e2', '', '1/2']) assert.throws(() => parseCpus(bad), actError(/^--cpus ".*": a number of CPUs/), bad);
    for (const bad of ['0', '0.001', '5000', '4096.5']) assert.throws(() => parseCpus(bad), actError(/^--cpus ".*": between 0\.01 and 4096$/), bad);
  });

  test('parseCpuWeight: whole numbers 1..10000, no max', () => {
    assert.equal(parseCpuWeight('1'), 1);
    assert.equal(parseCpuWeight('100'), 100);
    assert.equal(parseCpuWeight('10000'), 10000);
    for (const bad of ['0', '20000', '10001', '-1', '1.5', 'max', 'abc', '']) assert.throws(() => parseCpuWeight(bad), actError(/^--cpu-weight ".*": a whole number from 1 to 10000/), bad);
  });

  test('parseLimits: only the given options, each parsed; hasLimits', () => {
    assert.deepEqual(parseLimits({}, HOST), {});
    assert.equal(hasLimits(parseLimits({}, HOST)), false);
    const all = parseLimits({ memory: '64M', swap: 'max', pids: '20', cpus: '0.5', cpuWeight: '200' }, HOST);
    assert.deepEqual(all, { memory: 64 * M, swap: Infinity, pids: 20, cpus: 0.5, cpuWeight: 200 });
    assert.equal(hasLimits(all), true);
    assert.deepEqual(parseLimits({ memory: '50%' }, HOST), { memory: 4 * G });
    assert.deepEqual(Object.keys(parseLimits({ pids: '5' }, HOST)), ['pids']);
    assert.throws(() => parseLimits({ memory: '64M', pids: '0' }, HOST), actError(/--pids "0"/));
    assert.throws(() => parseLimits({ cpuWeight: '0' }, HOST), actError(/--cpu-weight "0"/));
  });
});

describe('run options', () => {
  test('checkName: letters, digits, _ . -, first alphanumeric, at most 63', () => {
    for (const ok of ['a', 'web', 'web-1', 'a.b_c-d', '0abc', 'A'.repeat(63)]) assert.equal(checkName(ok), ok);
    for (const bad of ['', 'a/b', '..', '.hidden', 'has space', '-lead', '_x', 'a:b', 'é']) assert.throws(() => checkName(bad), actError(/^bad name ".*": letters, digits/), JSON.stringify(bad));
    assert.throws(() => checkName('x'.repeat(64)), actError(/at most 63 characters/));
    // a long name is shortened in the message, so the line stays readable
    assert.throws(() => checkName('x'.repeat(300)), (e: unknown) => actError(/^bad name "x{40}…": at most 63 characters$/)(e));
  });

  test('checkName: a control character in the name still gives a one-line message', () => {
    assert.throws(() => checkName('a\nb'), actError(/^bad name .*: letters, digits/));
    assert.throws(() => checkEnv(['NO\nEQ']), actError(/^bad -e .*: KEY=VALUE/));
  });

  test('parseNamespaces: default, all, none, lists', () => {
    const none = { hostname: false, rootfs: false };
    const def = parseNamespaces(undefined, none);
    assert.deepEqual(def.ns, [...DEFAULT_NS]);
    assert.deepEqual(def.ns, ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup']);
    assert.deepEqual(def.notes, [], 'the default already has mnt for pid');
    assert.deepEqual(parseNamespaces('all', none), { ns: [...NS_KINDS], notes: [] });
    assert.deepEqual(parseNamespaces(' all ', none).ns, [...NS_KINDS]);
    assert.deepEqual(parseNamespaces('none', none), { ns: [], notes: [] });
    assert.deepEqual(parseNamespaces('uts,net', none), { ns: ['uts', 'net'], notes: [] });
    assert.deepEqual(parseNamespaces(' uts , net ,', none).ns, ['uts', 'net'], 'blanks and empty items ignored');
    assert.deepEqual(parseNamespaces('uts,uts,net', none).ns, ['uts', 'net'], 'duplicates once');
    assert.deepEqual(parseNamespaces('user,time', none).ns, ['user', 'time']);
  });

  test('parseNamespaces: --hostname adds uts, --rootfs and pid add mnt, each with a note', () => {
    const h = parseNamespaces('net', { hostname: true, rootfs: false });
    assert.deepEqual(h.ns, ['net', 'uts']);
    assert.deepEqual(h.notes, ['--hostname needs a uts namespace: added']);
    const r = parseNamespaces('none', { hostname: false, rootfs: true });
    assert.deepEqual(r.ns, ['mnt']);
    assert.deepEqual(r.notes, ['--rootfs needs a mnt namespace: added']);
    const p = parseNamespaces('pid', { hostname: false, rootfs: false });
    assert.deepEqual(p.ns, ['pid', 'mnt']);
    assert.equal(p.notes.length, 1);
    assert.match(p.notes[0]!, /private \/proc.*pid namespace needs a mnt namespace: added/);
    const both = parseNamespaces('pid', { hostname: true, rootfs: true });
    assert.deepEqual(both.ns, ['pid', 'uts', 'mnt']);
    assert.equal(both.notes.length, 2, 'mnt is added (and noted) once');
    // already there: nothing added, no note
    assert.deepEqual(parseNamespaces('uts,mnt,pid', { hostname: true, rootfs: true }), { ns: ['uts', 'mnt', 'pid'], notes: [] });
    assert.deepEqual(parseNamespaces(undefined, { hostname: true, rootfs: true }).notes, []);
  });

  test('parseNamespaces: unknown kinds throw, naming the kind', () => {
    assert.throws(() => parseNamespaces('foo', { hostname: false, rootfs: false }), actError(/^unknown namespace "foo" \(one of: uts, pid, mnt, ipc, net, cgroup, user, time, or all, none\)$/));
    assert.throws(() => parseNamespaces('uts,bogus', { hostname: false, rootfs: false }), actError(/unknown namespace "bogus"/));
    assert.throws(() => parseNamespaces('network', { hostname: false, rootfs: false }), actError(/unknown namespace "network"/));
    assert.throws(() => parseNamespaces('all,net', { hostname: false, rootfs: false }), actError(/unknown namespace "all"/), '"all" is not a list item');
  });

  test('checkHostname: dot-separated labels of letters, digits and -', () => {
    for (const ok of ['box', 'a', 'web-1', 'a.b.c', 'x1.example.org', 'A'.repeat(63), `${'a'.repeat(30)}.${'b'.repeat(33)}`]) assert.equal(checkHostname(ok), ok);
    for (const bad of ['', 'bad_host!', '-x', 'x-', 'a..b', '.a', 'a.', 'has space', 'A'.repeat(64), `${'a'.repeat(32)}.${'b'.repeat(32)}`]) {
      assert.throws(() => checkHostname(bad), actError(/^bad hostname ".*": letters, digits/), JSON.stringify(bad));
    }
  });

  test('parseUser: UID or UID:GID', () => {
    assert.deepEqual(parseUser('1000'), { uid: 1000, gid: 1000 });
    assert.deepEqual(parseUser('1000:100'), { uid: 1000, gid: 100 });
    assert.deepEqual(parseUser('0'), { uid: 0, gid: 0 });
    assert.deepEqual(parseUser('4294967294:0'), { uid: 4294967294, gid: 0 });
    for (const bad of ['abc', '', '-1', '1:2:3', '1:', ':1', 'root', '1000:abc', '4294967295', '0:4294967295', '1.5']) {
      assert.throws(() => parseUser(bad), actError(/^bad --user ".*": UID or UID:GID as numbers$/), JSON.stringify(bad));
    }
  });

  test('checkEnv: KEY=VALUE with a C identifier key', () => {
    const items = ['A=1', '_B=', 'C_2=x=y', 'PATH=/bin:/usr/bin'];
    const out = checkEnv(items);
    assert.deepEqual(out, items);
    assert.notEqual(out, items, 'a copy');
    assert.deepEqual(checkEnv([]), []);
    for (const bad of ['NOEQUALS', '=x', '1A=x', 'A-B=1', 'A B=1', '']) assert.throws(() => checkEnv(['OK=1', bad]), actError(/^bad -e ".*": KEY=VALUE/), JSON.stringify(bad));
  });
});

describe('user namespace id map', () => {
  test('parseSubid: first usable line of one of the users', () => {
    assert.deepEqual(parseSubid('root:100000:65536\n', ['root', '0']), { start: 100000, count: 65536 });
    assert.deepEqual(parseSubid('alice:200000:65536\n0:300000:1000\n', ['root', '0']), { start: 300000, count: 1000 });
    assert.deepEqual(parseSubid('  root:5:10  \n', ['root']), { start: 5, count: 10 });
    assert.equal(parseSubid('alice:100000:65536\n', ['root', '0']), undefined);
    assert.equal(parseSubid('', ['root']), undefined);
    // malformed or empty ranges are skipped, a later good line is used
    assert.deepEqual(parseSubid('root:x:65536\nroot:100000:0\nroot:1\nroot:400000:10\n', ['root']), { start: 400000, count: 10 });
    assert.equal(parseSubid('root:-1:10\nroot:1:-10\n', ['root']), undefined);
  });

  test('chooseIdMap: SUDO_UID (and SUDO_GID) win over /etc/subuid', () => {
    const etc = tempDir('etc');
    writeFileSync(join(etc, 'subuid'), 'root:100000:65536\n');
    writeFileSync(join(etc, 'subgid'), 'root:100000:65536\n');
    const m = chooseIdMap({ SUDO_UID: '1000', SUDO_GID: '1001' }, etc);
    assert.equal(m.uidMap, '0 1000 1');
    assert.equal(m.gidMap, '0 1001 1');
    assert.match(m.note, /uid 1000 \(SUDO_UID\)/);
    assert.deepEqual({ ...chooseIdMap({ SUDO_UID: '1000' }, etc), note: '' }, { uidMap: '0 1000 1', gidMap: '0 1000 1', note: '' }, 'no SUDO_GID: the uid');
  });

  test('chooseIdMap: root subuid/subgid ranges (the smaller count), else nobody with a note', () => {
    const etc = tempDir('etc');
    writeFileSync(join(etc, 'subuid'), 'alice:100000:65536\nroot:200000:65536\n');
    writeFileSync(join(etc, 'subgid'), 'root:300000:1000\n');
    for (const env of [{}, { SUDO_UID: '0', SUDO_GID: '0' }, { SUDO_UID: 'abc' }]) {
      const m = chooseIdMap(env, etc);
      assert.equal(m.uidMap, '0 200000 1000', JSON.stringify(env));
      assert.equal(m.gidMap, '0 300000 1000');
      assert.match(m.note, /uids 0-999 in the container are 200000-200999 on the host/);
    }
    // only subuid: not enough, fall back
    const half = tempDir('etc');
    writeFileSync(join(half, 'subuid'), 'root:100000:65536\n');
    const empty = tempDir('etc');
    for (const dir of [half, empty, join(empty, 'missing')]) {
      const m = chooseIdMap({}, dir);
      assert.equal(m.uidMap, '0 65534 1');
      assert.equal(m.gidMap, '0 65534 1');
      assert.match(m.note, /nobody \(65534\)/);
    }
  });
});

describe('stage argv', () => {
  const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
    name: 'c1',
    command: ['sleep', '30'],
    ns: ['uts', 'pid', 'mnt'],
    privateProc: true,
    limits: {},
    env: [],
    detached: false,
    ...over,
  });
  const idMap = { uidMap: '0 100000 65536', gidMap: '0 100000 65536', note: 'n' };
  const pair = (a: string[], flag: string): string[] => a.flatMap((x, i) => (x === flag ? [a[i + 1]!] : []));

  test('stageRunArgs: namespaces, cgroups, default confinement, then -- and the command; env apart', () => {
    const { args: a, env } = stageRunArgs({ spec: spec({ hostname: 'box', rootfs: '/srv/r', workdir: '/w', user: { uid: 1, gid: 2 }, env: ['A=1'] }), procsFiles: ['/sys/fs/cgroup/memory/nstop/c1/cgroup.procs', '/sys/fs/cgroup/pids/nstop/c1/cgroup.procs'], exitFile: '/run/nstop/c1/exit.json', tty: true, foreground: true });
    assert.equal(a[0], 'run');
    const i = a.indexOf('--ns');
    assert.deepEqual(a.slice(i, i + 2), ['--ns', 'uts,pid,mnt']);
    assert.ok(a.includes('--proc'));
    assert.deepEqual(pair(a, '--hostname'), ['box']);
    assert.deepEqual(pair(a, '--rootfs'), ['/srv/r']);
    assert.deepEqual(pair(a, '--workdir'), ['/w']);
    assert.deepEqual(pair(a, '--user'), ['1:2']);
    assert.deepEqual(pair(a, '--cgroup-procs'), ['/sys/fs/cgroup/memory/nstop/c1/cgroup.procs', '/sys/fs/cgroup/pids/nstop/c1/cgroup.procs']);
    assert.deepEqual(pair(a, '--exit-file'), ['/run/nstop/c1/exit.json']);
    assert.ok(env.includes('A=1'));
    assert.ok(env.some((e) => e.startsWith('PATH=')));
    assert.ok(!a.includes('--env') && !a.some((w) => w.includes('A=1')), 'env values never on the command line');
    assert.deepEqual(pair(a, '--caps'), ['0xa80425fb'], "Docker's default set when the spec says nothing");
    assert.ok(!a.includes('--privileged'));
    assert.ok(a.includes('--tty'));
    assert.ok(a.includes('--pdeathsig'));
    assert.ok(!a.includes('--uid-map'), 'no user namespace: no id map');
    assert.ok(!a.includes('--reaper'));
    const dd = a.indexOf('--');
    assert.deepEqual(a.slice(dd), ['--', 'sleep', '30']);
    assert.ok(a.indexOf('--exit-file') < dd);
  });

  test('stageRunArgs: --uid-map/--gid-map only with a user namespace and a map', () => {
    const withUser = stageRunArgs({ spec: spec({ ns: ['user', 'uts'], privateProc: false }), procsFiles: [], exitFile: '/e', idMap, tty: false, foreground: false }).args;
    assert.deepEqual(pair(withUser, '--uid-map'), ['0 100000 65536']);
    assert.deepEqual(pair(withUser, '--gid-map'), ['0 100000 65536']);
    const noUser = stageRunArgs({ spec: spec(), procsFiles: [], exitFile: '/e', idMap, tty: false, foreground: false }).args;
    assert.ok(!noUser.includes('--uid-map') && !noUser.includes('--gid-map'));
    const noMap = stageRunArgs({ spec: spec({ ns: ['user'] }), procsFiles: [], exitFile: '/e', tty: false, foreground: false }).args;
    assert.ok(!noMap.includes('--uid-map'));
  });

  test('stageRunArgs: no namespaces, detached with a reaper, flag-like command words stay after --', () => {
    const a = stageRunArgs({ spec: spec({ ns: [], privateProc: false, command: ['sh', '-c', 'echo --ns x', '--tty'] }), procsFiles: ['/p'], exitFile: '/e', tty: false, foreground: false, reaper: ['/usr/bin/node', '/cli.js', '__reap', 'c1'] }).args;
    assert.ok(!a.includes('--ns') && !a.slice(0, a.indexOf('--')).includes('--proc'));
    const dd = a.indexOf('--');
    const own = a.slice(0, dd);
    assert.ok(!own.includes('--tty') && !own.includes('--pdeathsig') && !own.includes('--hostname'));
    assert.deepEqual(pair(own, '--reaper'), ['/usr/bin/node', '/cli.js', '__reap', 'c1']);
    assert.deepEqual(a.slice(dd + 1), ['sh', '-c', 'echo --ns x', '--tty']);
  });

  test('stageEnterArgs: target, pdeathsig, cgroups, -- command; env apart', () => {
    const { args: a, env } = stageEnterArgs({ target: 4242, command: ['sh', '-c', 'id'], procsFiles: ['/a/cgroup.procs', '/b/cgroup.procs'], env: ['A=1', 'B=2'], workdir: '/tmp', user: { uid: 5, gid: 6 }, tty: true });
    assert.deepEqual(a.slice(0, 4), ['enter', '--target', '4242', '--pdeathsig']);
    assert.deepEqual(pair(a, '--cgroup-procs'), ['/a/cgroup.procs', '/b/cgroup.procs']);
    assert.deepEqual(env, ['A=1', 'B=2']);
    assert.ok(!a.includes('--env'));
    assert.deepEqual(pair(a, '--workdir'), ['/tmp']);
    assert.deepEqual(pair(a, '--user'), ['5:6']);
    assert.ok(a.includes('--tty'));
    assert.deepEqual(a.slice(a.indexOf('--')), ['--', 'sh', '-c', 'id']);
    const bare = stageEnterArgs({ target: 1, command: ['/bin/sh'], procsFiles: [], env: [], tty: false });
    assert.deepEqual(bare, { args: ['enter', '--target', '1', '--pdeathsig', '--', '/bin/sh'], env: [] });
  });

  test('stageRunArgs: --privileged, or the mask of the kept set', () => {
    const priv = stageRunArgs({ spec: spec({ confine: { privileged: true, caps: [...CAP_NAMES] } }), procsFiles: [], exitFile: '/e', tty: false, foreground: false }).args;
    assert.ok(priv.includes('--privileged') && !priv.includes('--caps'));
    const some = stageRunArgs({ spec: spec({ confine: { privileged: false, caps: ['CHOWN', 'NET_ADMIN'] } }), procsFiles: [], exitFile: '/e', tty: false, foreground: false }).args;
    assert.deepEqual(pair(some, '--caps'), ['0x1001']);
    const none = stageRunArgs({ spec: spec({ confine: { privileged: false, caps: [] } }), procsFiles: [], exitFile: '/e', tty: false, foreground: false }).args;
    assert.deepEqual(pair(none, '--caps'), ['0x0'], 'an empty set is still a set: never unconfined by omission');
  });

  test('envMessage: NUL-terminated entries and an empty one; NUL inside, too many or too large refused', () => {
    assert.deepEqual(envMessage(['A=1', 'B=']), Buffer.from('A=1\0B=\0\0'));
    assert.deepEqual(envMessage([]), Buffer.from('\0'));
    assert.throws(() => envMessage(['A=x\0y']), actError(/NUL/));
    assert.throws(() => envMessage(Array.from({ length: 257 }, (_v, i) => `K${i}=v`)), actError(/too large/));
    assert.throws(() => envMessage([`A=${'x'.repeat(70_000)}`]), actError(/too large/));
  });

  test('containerEnv: defaults, TERM, later values win in the first place of the key', () => {
    assert.deepEqual(containerEnv([], 'xterm'), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'TERM=xterm']);
    assert.deepEqual(containerEnv(['A=1', 'A=2', 'PATH=/x', 'B=a=b'], 'xterm'), ['PATH=/x', 'HOME=/root', 'TERM=xterm', 'A=2', 'B=a=b']);
    assert.deepEqual(containerEnv(['TERM=dumb', 'HOME=/h'], 'xterm'), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/h', 'TERM=dumb']);
    assert.ok(!containerEnv([], '').some((e) => e.startsWith('TERM=')), 'no TERM of ours: none');
  });
});

describe('signals', () => {
  test('parseSignal: names with or without SIG, any case, numbers 1-64', () => {
    assert.equal(parseSignal('TERM'), 15);
    assert.equal(parseSignal('SIGTERM'), 15);
    assert.equal(parseSignal('kill'), 9);
    assert.equal(parseSignal('sigkill'), 9);
    assert.equal(parseSignal('HUP'), 1);
    assert.equal(parseSignal('9'), 9);
    assert.equal(parseSignal('1'), 1);
    assert.equal(parseSignal('64'), 64);
    assert.equal(parseSignal('USR1'), os.constants.signals.SIGUSR1);
  });

  test('parseSignal: unknown names, 0 and out-of-range numbers throw', () => {
    for (const bad of ['FOO', '0', '65', '-9', '', 'SIG', '9x', '1.5', '1000']) {
      assert.throws(() => parseSignal(bad), actError(/^unknown signal ".*" \(a name like TERM, KILL, HUP or a number 1-64\)$/), JSON.stringify(bad));
    }
  });
});

describe('state store', () => {
  const state = (name: string, over: Partial<ContainerState> = {}): ContainerState => ({
    name,
    id: 'abc123',
    status: 'running',
    createdAt: 1_700_000_000_000,
    command: ['sleep', '30'],
    ns: ['uts', 'pid', 'mnt'],
    limits: { memory: 64 * M, swap: Infinity, pids: Infinity, cpus: 0.5 },
    env: ['A=1'],
    detached: true,
    cgroup: { v1: { memory: `/nstop/${name}` }, unified: `/nstop/${name}` },
    pid: 1234,
    startTime: 5678,
    ...over,
  });

  test('claim: a name once; the second claim is "in use" (with a hint when stopped)', () => {
    const store = new StateStore(join(tempDir('state'), 'nested', 'dir'));
    assert.deepEqual(store.names(), [], 'no dir yet: no names');
    store.claim('web');
    assert.throws(() => store.claim('web'), actError(/^name "web" is in use$/));
    store.write(state('web', { status: 'stopped' }));
    assert.throws(() => store.claim('web'), actError(/^name "web" is in use \(stopped: nstop rm web\)$/));
    store.claim('other');
    assert.deepEqual(store.names(), ['other', 'web']);
  });

  test('write/read round trip keeps Infinity limits (stored as "max")', () => {
    const store = new StateStore(tempDir('state'));
    const st = state('db', { exitCode: null, signal: null, final: { oomKill: 0, memoryPeak: 1024 } });
    store.claim('db');
    store.write(st);
    const file = readFileSync(join(store.dirOf('db'), 'state.json'), 'utf8');
    assert.match(file, /"swap": "max"/);
    assert.match(file, /"pids": "max"/);
    const back = store.read('db');
    assert.deepEqual(back, st);
    assert.equal(back!.limits.swap, Infinity);
    assert.equal(back!.limits.memory, 64 * M);
    // rewrite replaces, no temp file left behind
    store.write({ ...st, status: 'stopped', exitCode: 0 });
    assert.equal(store.read('db')!.status, 'stopped');
    assert.deepEqual(readdirSync(store.dirOf('db')).sort(), ['state.json']);
  });

  test('a name, hostname or command word "max" round-trips as text', () => {
    const store = new StateStore(tempDir('state'));
    const st = state('max', { hostname: 'max', command: ['echo', 'max'], env: ['X=max'] });
    store.claim('max');
    store.write(st);
    assert.deepEqual(store.read('max'), st);
  });

  test('read: missing, unclaimed or corrupt state is undefined; readExit likewise', () => {
    const store = new StateStore(tempDir('state'));
    assert.equal(store.read('nope'), undefined);
    store.claim('half');
    assert.equal(store.read('half'), undefined, 'claimed, not yet written');
    writeFileSync(join(store.dirOf('half'), 'state.json'), '{ not json');
    assert.equal(store.read('half'), undefined, 'corrupt');
    assert.equal(store.readExit('half'), undefined);
    writeFileSync(store.exitPath('half'), JSON.stringify({ exitCode: 3, signal: 0, finishedAt: 1 }));
    assert.deepEqual(store.readExit('half'), { exitCode: 3, signal: 0, finishedAt: 1 });
    assert.equal(store.logPath('half'), join(store.dir, 'half', 'log'));
  });

  test('list: written states in name order, skipping unwritten claims and plain files; remove forgets', () => {
    const store = new StateStore(tempDir('state'));
    for (const n of ['b', 'a', 'c']) {
      store.claim(n);
      if (n !== 'c') store.write(state(n));
    }
    writeFileSync(join(store.dir, 'stray-file'), 'x');
    assert.deepEqual(store.names(), ['a', 'b', 'c']);
    assert.deepEqual(store.list().map((s) => s.name), ['a', 'b']);
    store.remove('a');
    assert.equal(store.read('a'), undefined);
    assert.deepEqual(store.names(), ['b', 'c']);
    store.remove('a'); // twice: no error
    store.remove('b');
    store.remove('c');
    assert.deepEqual(store.list(), []);
    store.claim('a'); // the name is free again
  });
});

describe('state dir and image store paths', () => {
  test('a relative flag or variable is made absolute at once (the stage and reapers run elsewhere)', () => {
    const here = process.cwd();
    assert.equal(stateDirFrom('rel/state', {}), join(here, 'rel/state'));
    assert.equal(stateDirFrom(undefined, { NSTOP_STATE_DIR: 'st' }), join(here, 'st'));
    assert.equal(imageStoreFrom(undefined, { NSTOP_IMAGE_STORE: './imgs' }), join(here, 'imgs'));
    assert.equal(stateDirFrom('/abs/x', {}), '/abs/x');
  });
});
