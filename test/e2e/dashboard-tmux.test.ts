// The real binary in a real terminal (tmux, 160x45): all three views, and an unshare
// container in 64M / pids-20 cgroups visible with its limit. Run without CI=true: under
// CI Ink writes only the final frame.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../helpers/cgroup-sandbox.js';
import { repoRoot } from '../helpers/paths.js';
import { requireTool, isRoot, skipReason, which } from '../helpers/root.js';
import { Tmux } from '../helpers/tmux.js';
import { uniqueSleep } from '../helpers/unique-command.js';

const skip = skipReason(requireTool('tmux'), !isRoot && 'needs root (creates a cgroup and namespaces)', !which('unshare') && 'needs util-linux unshare');
let box: Sandbox | undefined;
const sleeper = skip ? undefined : uniqueSleep('esl');
const row64 = new RegExp(`${sleeper?.name} .*64\\.0MiB`);

// a private tmux server: the test's environment, nobody else's sessions
const term = new Tmux({ socket: `nstop-e2e-${process.pid}`, pollMs: 200 });

before(async () => {
  if (skip) return;
  box = createSandbox('nstop-e2e');
  box.limitMemory(64 * 1024 * 1024);
  box.limitPids(20);
  const joins = box.procsFiles.map((f) => `echo $$ > ${f}`).join('; ');
  spawn('sh', ['-c', `${joins}; exec unshare --fork --pid --mount-proc --uts --kill-child ${sleeper!.path} 300`], { stdio: 'ignore', detached: true }).unref();
  // no settings file of the machine (F2) changes what the test reads on screen
  const cmd = `env -u CI LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent ${process.execPath} ${join(repoRoot, 'dist', 'src', 'cli.js')} --interval 500ms`;
  const r = term.start(cmd, 160, 45);
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  if (skip) return;
  term.kill();
  await box?.cleanup();
  sleeper?.remove();
});

/** F4 filter on our sleep's name: a shared host can have hundreds of rows above it. */
async function filterOurs(view: RegExp): Promise<void> {
  await term.waitScreen((x) => view.test(x), 'the view to filter');
  term.keys('\\');
  term.keys('-l', sleeper!.name);
  term.keys('Enter');
}

test('the dashboard shows containers, namespaces and processes in tmux', { skip }, async () => {
  await filterOurs(/1 Containers/);
  let s = await term.waitScreen((x) => x.includes('1 Containers') && row64.test(x), 'the sleep container with its 64 MiB limit');
  const row = s.split('\n').find((l) => row64.test(l))!;
  assert.match(row, /\d+\/20/, 'tasks against pids.max 20');
  assert.match(s, /F10Quit/);
  term.keys('2');
  await filterOurs(/NS\S* +TYPE +NPROCS/);
  s = await term.waitScreen((x) => new RegExp(`pid .*${sleeper!.name}`).test(x), 'the namespaces view');
  assert.match(s, new RegExp(`pid .*${sleeper!.name}`));
  term.keys('3');
  s = await term.waitScreen((x) => x.includes('NSPID') && x.includes('COMMAND'), 'the processes view');
  term.keys('F1');
  await term.waitScreen((x) => x.includes('nstop help'), 'the help screen after F1');
  term.keys('Escape');
  // one key at a time: ESC and 1 in one read would be Alt-1, not two keys
  await term.waitScreen((x) => !x.includes('nstop help') && x.includes('F10Quit'), 'the help screen closed by Escape');
  term.keys('1');
  await term.waitScreen((x) => x.includes('1 Containers') && row64.test(x), 'the containers view again');
  // a smaller terminal: the dashboard follows the resize and still fits 80x24
  term.run('resize-window', '-t', term.session, '-x', '80', '-y', '24');
  s = await term.waitScreen((x) => x.includes('F10Quit') && x.split('\n').length <= 25 && /MEM%/.test(x), 'the dashboard redrawn at 80x24');
  for (const line of s.split('\n')) assert.ok(line.length <= 80, line);
  assert.match(s, / NAME +STATUS +CPU%/, 'STATUS kept at 80 columns');
  assert.ok(s.split('\n').some((l) => new RegExp(`^ ${sleeper!.name} +running .*64\\.0MiB`).test(l)), 'our sleep row says running');
  // help is taller than 24 lines: it scrolls to its end, where the column legend ends
  term.keys('?');
  s = await term.waitScreen((x) => /nstop help +lines 1-\d+ of \d+/.test(x), 'the help screen at 80x24, scrollable');
  term.keys('End');
  s = await term.waitScreen((x) => /lines \d+-(\d+) of \1 /.test(x) && /^COMMAND +command of its init/m.test(x), 'the end of help: the last column of the legend');
  for (const line of s.split('\n')) assert.ok(line.length <= 80, line);
  term.keys('q');
  await term.waitScreen((x) => !x.includes('nstop help') && x.includes('F10Quit'), 'help closed by q');
  term.keys('q');
  await term.waitScreen((x) => !x.includes('F10Quit'), 'the dashboard to quit on q');
});
