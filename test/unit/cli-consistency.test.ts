// The CLI says things one way: every command in --help and with a help of its own, ls
// and the dashboard name the same figures alike, an exit event reads "exit 0" (not
// "exit exit 0"), and each kind of error has its exit code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActError, stageError } from '../../src/act/errors.js';
import { LS_COLUMNS } from '../../src/cli/commands.js';
import { commandHelp, COMMANDS, HELP } from '../../src/cli/help.js';
import { ACT_COMMANDS } from '../../src/cli/act-dispatch.js';
import { eventWhat } from '../../src/model/event-text.js';
import { CONTAINER_COLUMNS } from '../../src/ui/columns.js';
import type { LimitEvent } from '../../src/model/types.js';

const LISTING = ['ls', 'ns', 'ps', 'events'];

test('--help lists every command (demo too), and each has its own help', () => {
  const all = [...ACT_COMMANDS].filter((c) => !c.startsWith('__')).concat(LISTING);
  for (const c of all) {
    assert.ok(COMMANDS.some((x) => x.name === c), `${c} in COMMANDS`);
    assert.match(HELP, new RegExp(`\\$ nstop ${c}\\b`), `${c} in --help`);
    assert.match(commandHelp(c), new RegExp(`\\$ nstop ${c}\\b`), `nstop help ${c}`);
  }
  assert.match(commandHelp('run'), /--memory/, 'run: its options');
  assert.match(commandHelp('demo'), /--cpus 0\.5/, 'demo: says which CPU limit');
  assert.match(commandHelp('kill'), /Exit codes/);
  assert.throws(() => commandHelp('nosuch'), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /unknown command "nosuch"/.test(e.message));
});

test('a usage line that goes on is not shown as another command ("$ nstop" then only spaces)', () => {
  for (const text of [HELP, ...COMMANDS.map((c) => commandHelp(c.name))]) {
    assert.doesNotMatch(text, /\$ nstop {8,}(?!the dashboard)\S/, text.slice(0, 400));
  }
  assert.match(commandHelp('demo'), /\n {35}a demo in a busybox rootfs/);
});

test('ls names its columns as the dashboard does', () => {
  const titles = new Set(CONTAINER_COLUMNS.map((c) => c.title));
  const own = ['CONFINE', 'IMAGE', 'CGROUP'];
  for (const c of LS_COLUMNS) assert.ok(titles.has(c.title) || own.includes(c.title), `ls column ${c.title} is the dashboard's too`);
});

test('an exit event: "exit 0", "exit signal 9", never "exit exit 0"', () => {
  const e = (kind: LimitEvent['kind'], detail?: string, value?: number, delta?: number): LimitEvent => ({ time: 0, containerId: 'nstop:a', container: 'a', kind, ...(detail ? { detail } : {}), ...(value !== undefined ? { value } : {}), ...(delta !== undefined ? { delta } : {}) });
  assert.equal(eventWhat(e('exit', 'exit 0')), 'exit 0');
  assert.equal(eventWhat(e('exit', 'signal 9')), 'exit signal 9');
  assert.equal(eventWhat(e('exit')), 'exit');
  assert.equal(eventWhat(e('oom_kill', undefined, 1, 1)), 'oom_kill 1 (+1)');
});

test('exit codes: 126 cannot run, 127 not found (the stage\'s execve), else nstop\'s 125; usage 2', () => {
  assert.equal(stageError('cannot run /nonexistent: No such file or directory').exitCode, 127);
  assert.equal(stageError('cannot run /etc/passwd: Permission denied').exitCode, 126);
  assert.equal(stageError('cannot run /x: Exec format error').exitCode, 126);
  assert.equal(stageError('pivot_root: Invalid argument').exitCode, 125);
  assert.equal(new ActError('usage: x', 'usage').exitCode, 2);
});
