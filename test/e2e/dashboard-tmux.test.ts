// The real binary in a real terminal (tmux, 160x45): all three views, and an unshare
// container in 64M / pids-20 cgroups visible with its limit. Run without CI=true: under
// CI Ink writes only the final frame.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../helpers/cgroup-sandbox.js';
import { scaled } from '../helpers/time-scale.js';
import { repoRoot } from '../helpers/paths.js';
import { requireTool, isRoot, skipReason, which } from '../helpers/root.js';

const session = `nstop-e2e-${process.pid}`;
const skip = skipReason(requireTool('tmux'), !isRoot && 'needs root (creates a cgroup and namespaces)', !which('unshare') && 'needs util-linux unshare');
let box: Sandbox | undefined;

// a private tmux server: the test's environment, nobody else's sessions
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session).stdout;

async function waitScreen(ok: (s: string) => boolean, what: string, ms = 60_000): Promise<string> {
  const until = Date.now() + scaled(ms);
  let s = '';
  while (Date.now() < until) {
    s = screen();
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`screen never showed ${what}:\n${s}`);
}

before(async () => {
  if (skip) return;
  box = createSandbox('nstop-e2e');
  box.limitMemory(64 * 1024 * 1024);
  box.limitPids(20);
  const joins = box.procsFiles.map((f) => `echo $$ > ${f}`).join('; ');
  spawn('sh', ['-c', `${joins}; exec unshare --fork --pid --mount-proc --uts --kill-child sleep 300`], { stdio: 'ignore', detached: true }).unref();
  const cmd = `env -u CI LANG=C.UTF-8 ${process.execPath} ${join(repoRoot, 'dist', 'src', 'cli.js')} --interval 500ms`;
  const r = tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '45', cmd);
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  if (skip) return;
  tmux('kill-server');
  await box?.cleanup();
});

test('the dashboard shows containers, namespaces and processes in tmux', { skip }, async () => {
  let s = await waitScreen((x) => x.includes('1 Containers') && /sleep .*64\.0MiB/.test(x), 'the sleep container with its 64 MiB limit');
  const row = s.split('\n').find((l) => /sleep .*64\.0MiB/.test(l))!;
  assert.match(row, /\d+\/20/, 'tasks against pids.max 20');
  assert.match(s, /F10Quit/);
  tmux('send-keys', '-t', session, '2');
  s = await waitScreen((x) => /NS\S* +TYPE +NPROCS/.test(x), 'the namespaces view');
  assert.match(s, /pid .*sleep/);
  tmux('send-keys', '-t', session, '3');
  s = await waitScreen((x) => x.includes('NSPID') && x.includes('COMMAND'), 'the processes view');
  tmux('send-keys', '-t', session, 'F1');
  await waitScreen((x) => x.includes('nstop help'), 'the help screen after F1');
  tmux('send-keys', '-t', session, 'Escape');
  // one key at a time: ESC and 1 in one read would be Alt-1, not two keys
  await waitScreen((x) => !x.includes('nstop help') && x.includes('F10Quit'), 'the help screen closed by Escape');
  tmux('send-keys', '-t', session, '1');
  await waitScreen((x) => x.includes('1 Containers') && /sleep .*64\.0MiB/.test(x), 'the containers view again');
  // a smaller terminal: the dashboard follows the resize and still fits 80x24
  tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
  s = await waitScreen((x) => x.includes('F10Quit') && x.split('\n').length <= 25 && /MEM%/.test(x), 'the dashboard redrawn at 80x24');
  for (const line of s.split('\n')) assert.ok(line.length <= 80, line);
  tmux('send-keys', '-t', session, 'q');
  await waitScreen((x) => !x.includes('F10Quit'), 'the dashboard to quit on q');
});
