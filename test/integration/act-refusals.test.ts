// Bad input to the acting commands, through the real CLI as root: each gives one line on
// stderr, a non-zero exit, nothing on stdout, and leaves no state or cgroup behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { actHarness, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (launch refusals must leave no cgroup behind)');
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-bad');
const scratch = mkdtempSync(join(os.tmpdir(), 'nstop-bad-'));
const file = join(scratch, 'a-file');
writeFileSync(file, 'x');
after(async () => {
  await h?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const run = (name: string, ...opts: string[]) => ['run', '--name', name, ...opts, '--', 'sleep', '1'];
const CASES: [string, (n: string) => string[], RegExp][] = [
  ['memory abc', (n) => run(n, '--memory', 'abc'), /--memory "abc"/],
  ['memory -1', (n) => run(n, '--memory', '-1'), /--memory "-1"/],
  ['memory 1.5.5M', (n) => run(n, '--memory', '1.5.5M'), /1\.5\.5M/],
  ['memory huge', (n) => run(n, '--memory', '99999999T'), /too large/],
  ['memory too small', (n) => run(n, '--memory', '10'), /at least 1M/],
  ['memory 150%', (n) => run(n, '--memory', '150%'), /percentage/],
  ['swap xyz', (n) => run(n, '--swap', 'xyz'), /--swap "xyz"/],
  ['pids 0', (n) => run(n, '--pids', '0'), /--pids "0"/],
  ['pids -5', (n) => run(n, '--pids', '-5'), /--pids "-5"/],
  ['pids 1e3', (n) => run(n, '--pids', '1e3'), /--pids "1e3"/],
  ['pids huge', (n) => run(n, '--pids', '99999999'), /--pids "99999999"/],
  ['cpus 0', (n) => run(n, '--cpus', '0'), /--cpus "0"/],
  ['cpus abc', (n) => run(n, '--cpus', 'abc'), /--cpus "abc"/],
  ['cpus 5000', (n) => run(n, '--cpus', '5000'), /--cpus "5000"/],
  ['cpu-weight 0', (n) => run(n, '--cpu-weight', '0'), /--cpu-weight "0"/],
  ['cpu-weight 20000', (n) => run(n, '--cpu-weight', '20000'), /--cpu-weight "20000"/],
  ['name with /', () => run('a/b'), /bad name "a\/b"/],
  ['name ..', () => run('..'), /bad name "\.\."/],
  ['name with space', () => run('has space'), /bad name "has space"/],
  ['name 300 chars', () => run('x'.repeat(300)), /at most 63/],
  ['rootfs missing', (n) => run(n, '--rootfs', '/nonexistent-nstop'), /no such directory/],
  ['rootfs is a file', (n) => run(n, '--rootfs', file), /not a directory/],
  ['rootfs without the command', (n) => run(n, '--rootfs', scratch), /has no sleep/],
  ['unknown namespace', (n) => run(n, '--ns', 'foo'), /unknown namespace "foo"/],
  ['empty namespace list', (n) => run(n, '--ns', ''), /--ns is empty/],
  ['name starting with -', () => run('-lead'), /bad name "-lead"/],
  ['unknown namespace in a list', (n) => run(n, '--ns', 'uts,bogus'), /unknown namespace "bogus"/],
  ['bad hostname', (n) => run(n, '--hostname', 'bad_host!'), /bad hostname/],
  ['bad user', (n) => run(n, '--user', 'abc'), /bad --user/],
  ['bad env', (n) => run(n, '-e', 'NOEQUALS'), /bad -e/],
  ['relative workdir', (n) => run(n, '--workdir', 'rel/path'), /--workdir/],
  ['no command', (n) => ['run', '--name', n], /no command/],
  ['command not found', (n) => ['run', '--name', n, '--', '/nonexistent/cmd'], /cannot run \/nonexistent\/cmd/],
  ['unknown flag', (n) => [...run(n), '--bogus'].slice(0, 3).concat(['--bogus', '--', 'true']), /unknown option --bogus/],
  ['kill: unknown signal', () => ['kill', '1', '-s', 'FOO'], /unknown signal "FOO"/],
  ['kill: signal 0', () => ['kill', '1', '-s', '0'], /unknown signal "0"/],
  ['kill: no such pid', () => ['kill', '4000000'], /no process 4000000/],
  ['kill: no such name', () => ['kill', 'no-such-container'], /no container named/],
  ['exec: no such pid', () => ['exec', '4000000'], /no process 4000000/],
  ['set: nothing to set', (n) => ['set', n], /nothing to set/],
  ['set: no such name', () => ['set', 'no-such-container', '--memory', '64M'], /no container named/],
  ['rm: no such name', () => ['rm', 'no-such-container'], /no container named/],
  ['logs: no such name', () => ['logs', 'no-such-container'], /no container named/],
];

const leftovers = (name: string): string[] =>
  readdirSync('/sys/fs/cgroup').flatMap((c) => (existsSync(join('/sys/fs/cgroup', c, 'nstop', name)) ? [c] : []));

describe('bad input: one line, nothing changed', { skip }, () => {
  for (const [title, args, expect] of CASES) {
    test(title, () => {
      const name = h!.name('bad');
      const r = h!.nstop(args(name));
      assert.notEqual(r.status, 0, `${title}: exit code`);
      assert.equal(r.stdout, '', 'nothing on stdout');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `one line: ${r.stderr}`);
      assert.match(lines[0]!, /^nstop: /);
      assert.match(lines[0]!, expect);
      assert.deepEqual(leftovers(name), [], 'no cgroup left');
      assert.deepEqual(readdirSync(h!.stateDir), [], 'no state left');
    });
  }

  test('a duplicate name is refused and the first container is untouched', () => {
    const name = h!.name('dup');
    assert.equal(h!.nstop(['run', '-d', '--name', name, '--', 'sleep', '1000']).status, 0);
    const r = h!.nstop(['run', '-d', '--name', name, '--', 'sleep', '1000']);
    assert.equal(r.status, 125);
    assert.match(r.stderr.trim(), /^nstop: name ".*" is in use$/);
    assert.equal(h!.nstop(['kill', name]).status, 0);
    assert.equal(h!.nstop(['rm', name]).status, 0);
    assert.deepEqual(leftovers(name), []);
  });
});
