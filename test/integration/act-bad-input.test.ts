// Bad input to run/exec/set/kill/freeze/thaw/rm/logs through the real CLI as root. Every
// case runs with its own fresh state dir (NSTOP_STATE_DIR) and must give: a non-zero exit
// (125 for nstop's refusals, 2 for usage errors), exactly one stderr line "nstop: ..."
// naming the offending value or option, nothing on stdout, and nothing left behind (no
// state entry, no cgroup under /sys/fs/cgroup/*/nstop/).
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { actHarness, cli, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';
import { StateStore } from '../../src/act/state.js';

const CG = '/sys/fs/cgroup';
const skip = skipReason(!isRoot && 'needs root (a refused launch must leave no cgroup behind, and run/exec/kill need root to get past the root check)');

let serial = 0;
/** A unique container name for this test process: bad-<pid>-<n>. */
const uniqueName = (): string => `bad-${process.pid}-${serial++}`;

// Everything this file makes, undone in after() even when an assertion fails.
const harnesses: ActHarness[] = [];
const scratchDirs: string[] = [];
const harness = (): ActHarness => {
  const h = actHarness('nstop-badin');
  harnesses.push(h);
  return h;
};
const scratch = (tag: string): string => {
  const d = mkdtempSync(join(os.tmpdir(), `nstop-badin-${tag}-`));
  scratchDirs.push(d);
  return d;
};

/** rm --force every container of a state dir, then the harness's own kill/reap/rmdir. */
async function teardown(h: ActHarness): Promise<void> {
  if (existsSync(h.stateDir)) {
    for (const name of readdirSync(h.stateDir)) {
      const r = h.nstop(['rm', '--force', name]);
      if (r.status !== 0) console.log(`# teardown: nstop rm --force ${name}: ${r.stderr.trim()}`);
    }
  }
  await h.cleanup();
}

after(async () => {
  for (const h of harnesses) await teardown(h);
  for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
});

/** Every nstop parent group: /sys/fs/cgroup/<controller>/nstop (v1, hybrid's unified) and /sys/fs/cgroup/nstop (v2). */
function nstopParents(): string[] {
  const dirs = existsSync(CG) ? readdirSync(CG).map((c) => join(CG, c, 'nstop')) : [];
  return [...dirs, join(CG, 'nstop')].filter((d) => existsSync(d));
}
/** Group directories named `name` (a single safe path component) under any nstop parent. */
function groupsNamed(name: string): string[] {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) return [];
  const dirs = existsSync(CG) ? readdirSync(CG).map((c) => join(CG, c, 'nstop', name)) : [];
  return [...dirs, join(CG, 'nstop', name)].filter((d) => existsSync(d));
}
/** All groups under all nstop parents, to see that a case created none of any name. */
const allGroups = (): Set<string> => new Set(nstopParents().flatMap((p) => readdirSync(p).map((n) => join(p, n))));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One line "nstop: ..." on stderr, nothing on stdout, the expected exit code. */
function assertRefused(r: SpawnSyncReturns<string>, code: number, expect: RegExp, what: string): void {
  assert.equal(r.error, undefined, `${what}: spawn: ${String(r.error)}`);
  assert.equal(r.signal, null, `${what}: killed by ${r.signal} (timeout?)`);
  assert.notEqual(r.status, 0, `${what}: exit code`);
  assert.equal(r.status, code, `${what}: exit ${r.status}, stderr: ${r.stderr}`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  assert.ok(r.stderr.endsWith('\n'), `${what}: stderr ends with a newline: ${JSON.stringify(r.stderr)}`);
  const lines = r.stderr.slice(0, -1).split('\n');
  assert.equal(lines.length, 1, `${what}: exactly one line: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0]!, /^nstop: \S/, what);
  assert.match(lines[0]!, expect, what);
}

type Ctx = { name: string; file: string; emptyDir: string };
type Case = {
  title: string;
  args: (c: Ctx) => string[];
  expect: (c: Ctx) => RegExp;
  /** 125: ActError (nstop refused), 2: UsageError (the command line itself) */
  code?: number;
  /** the container name the case would have used, when it is not c.name */
  badName?: string;
  todo?: string;
};

const run = (name: string, ...opts: string[]): string[] => ['run', '--name', name, ...opts, '--', 'sleep', '1'];
const re = (r: RegExp) => () => r;
const LONG = 'x'.repeat(300);

const CASES: Case[] = [
  // limits
  { title: 'run --memory abc', args: (c) => run(c.name, '--memory', 'abc'), expect: re(/--memory "abc": use a size like/) },
  { title: 'run --memory -1', args: (c) => run(c.name, '--memory', '-1'), expect: re(/--memory "-1"/) },
  { title: 'run --memory 1.5.5M', args: (c) => run(c.name, '--memory', '1.5.5M'), expect: re(/--memory "1\.5\.5M"/) },
  { title: 'run --memory 99999999999T (too large)', args: (c) => run(c.name, '--memory', '99999999999T'), expect: re(/--memory "99999999999T": too large/) },
  { title: 'run --memory 10 (too small)', args: (c) => run(c.name, '--memory', '10'), expect: re(/--memory "10": at least 1M/) },
  { title: 'run --memory 150%', args: (c) => run(c.name, '--memory', '150%'), expect: re(/--memory "150%": a percentage must be above 0 and at most 100/) },
  { title: 'run --swap xyz', args: (c) => run(c.name, '--swap', 'xyz'), expect: re(/--swap "xyz"/) },
  { title: 'run --pids 0', args: (c) => run(c.name, '--pids', '0'), expect: re(/--pids "0": a whole number from 1/) },
  { title: 'run --pids -5', args: (c) => run(c.name, '--pids', '-5'), expect: re(/--pids "-5"/) },
  { title: 'run --pids 1e3', args: (c) => run(c.name, '--pids', '1e3'), expect: re(/--pids "1e3"/) },
  { title: 'run --pids 99999999', args: (c) => run(c.name, '--pids', '99999999'), expect: re(/--pids "99999999"/) },
  { title: 'run --cpus 0', args: (c) => run(c.name, '--cpus', '0'), expect: re(/--cpus "0": between 0\.01 and 4096/) },
  { title: 'run --cpus abc', args: (c) => run(c.name, '--cpus', 'abc'), expect: re(/--cpus "abc"/) },
  { title: 'run --cpus 5000', args: (c) => run(c.name, '--cpus', '5000'), expect: re(/--cpus "5000": between 0\.01 and 4096/) },
  { title: 'run --cpu-weight 0', args: (c) => run(c.name, '--cpu-weight', '0'), expect: re(/--cpu-weight "0"/) },
  { title: 'run --cpu-weight 20000', args: (c) => run(c.name, '--cpu-weight', '20000'), expect: re(/--cpu-weight "20000"/) },
  // names
  { title: 'run --name a/b', args: () => run('a/b'), badName: 'a/b', expect: re(/bad name "a\/b"/) },
  { title: 'run --name ..', args: () => run('..'), badName: '..', expect: re(/bad name "\.\."/) },
  { title: 'run --name "has space"', args: () => run('has space'), badName: 'has space', expect: re(/bad name "has space"/) },
  { title: 'run --name <300 chars>', args: () => run(LONG), badName: LONG, expect: re(/bad name "x{40}…": at most 63 characters/) },
  { title: 'run --name=-lead', args: () => ['run', '--name=-lead', '--', 'sleep', '1'], badName: '-lead', expect: re(/bad name "-lead"/) },
  {
    title: 'run --name -lead (value starting with -)',
    args: () => run('-lead'),
    badName: '-lead',
    // today meow splits "-lead" into short flags and says "unknown option --l": the user
    // never typed --l; the value should be taken as the name (or the flag named as typed)
    expect: re(/bad name "-lead"|unknown option -l\b|"-lead"/),
    code: 125,
  },
  {
    title: 'run --name with a newline',
    args: () => run('a\nb'),
    badName: 'a\nb',
    expect: re(/bad name .*letters, digits/),
  },
  // rootfs
  { title: 'run --rootfs /nonexistent', args: (c) => run(c.name, '--rootfs', '/nonexistent'), expect: re(/--rootfs \/nonexistent: no such directory/) },
  { title: 'run --rootfs <a regular file>', args: (c) => run(c.name, '--rootfs', c.file), expect: (c) => new RegExp(`--rootfs ${escape(c.file)}: not a directory, and not a tar archive`) },
  { title: 'run --rootfs <empty dir> -- sleep', args: (c) => ['run', '--name', c.name, '--rootfs', c.emptyDir, '--', 'sleep'], expect: (c) => new RegExp(`--rootfs ${escape(c.emptyDir)} has no sleep`) },
  // namespaces
  { title: 'run --ns foo', args: (c) => run(c.name, '--ns', 'foo'), expect: re(/unknown namespace "foo"/) },
  { title: 'run --ns uts,bogus', args: (c) => run(c.name, '--ns', 'uts,bogus'), expect: re(/unknown namespace "bogus"/) },
  // other run options
  { title: 'run with no command', args: (c) => ['run', '--name', c.name], expect: re(/no command: nstop run/) },
  { title: 'run with an empty command after --', args: (c) => ['run', '--name', c.name, '--'], expect: re(/no command: nstop run/) },
  { title: 'run --hostname bad_host!', args: (c) => run(c.name, '--hostname', 'bad_host!'), expect: re(/bad hostname "bad_host!"/) },
  { title: 'run --user abc', args: (c) => run(c.name, '--user', 'abc'), expect: re(/bad --user "abc"/) },
  // capabilities
  { title: 'run --cap-add FOO', args: (c) => run(c.name, '--cap-add', 'FOO'), expect: re(/--cap-add "FOO": no such capability/) },
  { title: 'run --cap-drop CAP_NOPE', args: (c) => run(c.name, '--cap-drop', 'CAP_NOPE'), expect: re(/--cap-drop "CAP_NOPE": no such capability/) },
  { title: 'run --privileged --cap-add SYS_ADMIN', args: (c) => run(c.name, '--privileged', '--cap-add', 'SYS_ADMIN'), expect: re(/--privileged keeps every capability/) },
  { title: 'run -e NOEQUALS', args: (c) => run(c.name, '-e', 'NOEQUALS'), expect: re(/bad -e "NOEQUALS": KEY=VALUE/) },
  { title: 'run --workdir relative/path', args: (c) => run(c.name, '--workdir', 'relative/path'), expect: re(/--workdir "relative\/path": an absolute path/) },
  { title: 'run --bogus (unknown flag)', args: (c) => ['run', '--name', c.name, '--bogus', '--', 'true'], expect: re(/unknown option --bogus/), code: 2 },
  // targets that do not exist
  { title: 'kill 4000000 (no such pid)', args: () => ['kill', '4000000'], expect: re(/no process 4000000/) },
  { title: 'kill <no such name>', args: (c) => ['kill', c.name], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'exec 4000000 (no such pid)', args: () => ['exec', '4000000', '--', 'true'], expect: re(/no process 4000000/) },
  { title: 'exec <no such name>', args: (c) => ['exec', c.name, '--', 'true'], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'exec with no target', args: () => ['exec'], expect: re(/usage: nstop exec NAME\|PID/), code: 2 },
  { title: 'set NAME with no limits', args: (c) => ['set', c.name], expect: re(/nothing to set: give --memory/) },
  { title: 'set <no such name> --memory 64M', args: (c) => ['set', c.name, '--memory', '64M'], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'set NAME --memory abc', args: (c) => ['set', c.name, '--memory', 'abc'], expect: re(/--memory "abc"/) },
  { title: 'freeze <no such name>', args: (c) => ['freeze', c.name], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'thaw <no such name>', args: (c) => ['thaw', c.name], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'rm <no such name>', args: (c) => ['rm', c.name], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'rm with no name', args: () => ['rm'], expect: re(/usage: nstop rm NAME/), code: 2 },
  { title: 'logs <no such name>', args: (c) => ['logs', c.name], expect: (c) => new RegExp(`no container named "${escape(c.name)}"`) },
  { title: 'kill with a bad target text', args: () => ['kill', '../etc'], expect: re(/bad target "\.\.\/etc"/) },
];

describe('bad input through the CLI: one line, non-zero, nothing left', { skip }, () => {
  const file = join(scratch('file'), 'a-regular-file');
  writeFileSync(file, 'not a rootfs\n');
  const emptyDir = scratch('empty-rootfs');

  for (const c of CASES) {
    test(c.title, c.todo ? { todo: c.todo } : {}, async () => {
      const h = harness();
      const ctx: Ctx = { name: uniqueName(), file, emptyDir };
      const before = allGroups();
      try {
        assert.equal(existsSync('/proc/4000000'), false, 'pid 4000000 does not exist on this host');
        const r = h.nstop(c.args(ctx));
        assertRefused(r, c.code ?? 125, c.expect(ctx), c.title);
        assert.deepEqual(readdirSync(h.stateDir), [], 'no state entry left');
        assert.deepEqual(groupsNamed(ctx.name), [], 'no cgroup of the unique name');
        if (c.badName !== undefined) assert.deepEqual(groupsNamed(c.badName), [], 'no cgroup of the bad name');
        assert.deepEqual([...allGroups()].filter((g) => !before.has(g)), [], 'no new group under any nstop parent');
        assert.deepEqual(readdirSync(emptyDir), [], 'the empty rootfs stays empty');
      } finally {
        await teardown(h);
      }
    });
  }

  test('a name with ../ never reaches out of the state dir (rm, logs, set, commit)', async () => {
    const h = harness();
    // a look-alike stopped container next to the state dir: what "rm ../x" would delete
    const victim = `${h.stateDir}-victim`;
    mkdirSync(victim);
    writeFileSync(join(victim, 'state.json'), JSON.stringify({ name: 'victim', status: 'stopped', cgroup: { v1: {} }, limits: {} }));
    try {
      const rel = `../${basename(victim)}`;
      for (const args of [['rm', rel], ['rm', '--force', rel], ['logs', rel], ['set', rel, '--pids', '5'], ['commit', rel, 'img'], ['kill', rel]]) {
        const r = h.nstop(args);
        assert.notEqual(r.status, 0, args.join(' '));
        assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line: ${r.stderr}`);
        assert.ok(existsSync(join(victim, 'state.json')), `${args.join(' ')} left the directory outside alone`);
      }
    } finally {
      rmSync(victim, { recursive: true, force: true });
      await teardown(h);
    }
  });

  test('a duplicate name is refused; kill -s FOO / -s 0 on it are refused; kill + rm leave nothing', async () => {
    const h = harness();
    const name = `dup-${process.pid}`;
    const store = new StateStore(h.stateDir);
    try {
      const first = h.nstop(['run', '-d', '--name', name, '--', 'sleep', '1000']);
      assert.equal(first.status, 0, `first run: ${first.stderr}`);
      assert.equal(first.stdout.trim(), name);
      const st = store.read(name);
      assert.ok(st?.pid !== undefined, 'state written with a pid');
      const pid = st.pid;
      assert.ok(existsSync(`/proc/${pid}`), 'the first container runs');
      assert.notDeepEqual(groupsNamed(name), [], 'it has its cgroup');

      const second = h.nstop(['run', '-d', '--name', name, '--', 'sleep', '1000']);
      assertRefused(second, 125, new RegExp(`^nstop: name "${escape(name)}" is in use$`), 'duplicate name');
      assert.deepEqual(readdirSync(h.stateDir), [name], 'only the first container in the state dir');
      assert.equal(store.read(name)?.id, st.id, 'the first state is untouched');
      assert.ok(existsSync(`/proc/${pid}`), 'the first container still runs');

      const foo = h.nstop(['kill', name, '-s', 'FOO']);
      assertRefused(foo, 125, /unknown signal "FOO"/, 'kill -s FOO');
      const zero = h.nstop(['kill', name, '-s', '0']);
      assertRefused(zero, 125, /unknown signal "0"/, 'kill -s 0');
      assert.ok(existsSync(`/proc/${pid}`), 'a refused kill signals nothing');
      assert.equal(store.read(name)?.status, 'running');

      const kill = h.nstop(['kill', name]);
      assert.equal(kill.status, 0, `kill: ${kill.stderr}`);
      assert.equal(existsSync(`/proc/${pid}`), false, 'killed');
      const rm = h.nstop(['rm', name]);
      assert.equal(rm.status, 0, `rm: ${rm.stderr}`);
      assert.deepEqual(readdirSync(h.stateDir), [], 'rm forgets the state');
      assert.deepEqual(groupsNamed(name), [], 'no cgroup left');
    } finally {
      await teardown(h);
    }
  });
});

const NOBODY = '65534';
/** Can uid 65534 read the built CLI (every directory on the way searchable)? */
function nobodyCanRead(): boolean {
  const r = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', 'require("fs").accessSync(process.argv[1], require("fs").constants.R_OK)', cli], { stdio: 'ignore', timeout: scaled(30_000) });
  return r.status === 0;
}
const skipNobody = skipReason(
  !isRoot && 'needs root to drop to uid 65534',
  !which('setpriv') && 'needs setpriv (util-linux)',
  isRoot && which('setpriv') && !nobodyCanRead() && `uid ${NOBODY} cannot read ${cli} (checkout not world-readable)`,
);

test('nstop run as uid 65534 is refused in one line that says root is needed', { skip: skipNobody }, () => {
  const stateDir = scratch('nobody-state');
  const before = allGroups();
  const r = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, cli, 'run', '--', 'true'], {
    encoding: 'utf8',
    timeout: scaled(30_000),
    input: '',
    env: { ...process.env, NSTOP_STATE_DIR: stateDir },
  });
  assertRefused(r, 125, /needs root \(you are uid 65534\)/, 'run as nobody');
  assert.deepEqual(readdirSync(stateDir), [], 'no state entry');
  assert.deepEqual([...allGroups()].filter((g) => !before.has(g)), [], 'no cgroup');
});
