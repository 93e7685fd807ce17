// The real binary in tmux: F2 setup saved and read back after a restart, a corrupt file
// gives one line and is left as it was, and mouse clicks (the SGR reports a terminal
// sends, written into the pane by tmux send-keys -l) switch tabs, sort and select.
// Reads the host only (no root needed, nothing launched); its own config dir.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { requireTool, skipReason } from '../helpers/root.js';
import { plain, Tmux } from '../helpers/tmux.js';

const skip = skipReason(requireTool('tmux'));
const dir = mkdtempSync(join(tmpdir(), 'nstop-e2e-config-'));
const config = join(dir, 'nstop', 'config');
let n = 0;
let term: Tmux | undefined;
const ours: ChildProcess[] = [];

/** A fresh dashboard (a new private tmux server each time: a restart). */
function start(): Tmux {
  term?.kill();
  term = new Tmux({ socket: `nstop-e2e-setup-${process.pid}-${n++}`, pollMs: 150, colours: true });
  const cmd = `env -u CI XDG_CONFIG_HOME=${dir} LANG=C.UTF-8 ${process.execPath} ${join(repoRoot, 'dist', 'src', 'cli.js')}`;
  const r = term.start(cmd, 160, 45);
  assert.equal(r.status, 0, r.stderr);
  return term;
}

/** A left click at cell x, line y (from 0), as the terminal reports it (SGR, from 1). */
const click = (t: Tmux, x: number, y: number) => t.keys('-l', `\u001b[<0;${x + 1};${y + 1}M\u001b[<0;${x + 1};${y + 1}m`);
const lines = (s: string) => plain(s).split('\n');

after(() => {
  term?.kill();
  for (const c of ours) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('F2: a theme chosen is saved, and set again after a restart', { skip }, async () => {
  let t = start();
  await t.waitScreen((x) => plain(x).includes('1 Containers'), 'the dashboard');
  t.keys('F2');
  await t.waitScreen((x) => /colours\s+default/.test(plain(x)), 'the setup screen');
  t.keys('Down', 'Down', 'Right');
  await t.waitScreen((x) => /colours\s+light/.test(plain(x)), 'colours: light');
  t.keys('F2');
  await t.waitScreen((x) => plain(x).includes(`settings saved to ${config}`), 'the saved message');
  assert.match(readFileSync(config, 'utf8'), /^theme = light$/m);
  t = start();
  await t.waitScreen((x) => plain(x).includes('1 Containers'), 'the dashboard again');
  t.keys('F2');
  await t.waitScreen((x) => /colours\s+light/.test(plain(x)), 'colours still light after the restart');
});

test('mouse: a tab click switches views, a title click sorts, a row click selects it', { skip }, async () => {
  // rows of its own, filtered to: on a shared host (or one where processes come and go)
  // the Processes view's fourth row can be another process by the time the click lands
  const marker = `nstop-mouse-${process.pid}`;
  for (let i = 0; i < 6; i++) ours.push(spawn('sleep', ['1000'], { argv0: marker, stdio: 'ignore' }));
  const t = start();
  let s = await t.waitScreen((x) => plain(x).includes('1 Containers'), 'the dashboard');
  const tabsY = lines(s).findIndex((l) => l.includes('1 Containers'));
  click(t, lines(s)[tabsY]!.indexOf('3 Processes') + 1, tabsY);
  s = await t.waitScreen((x) => plain(x).includes('NSPID'), 'the Processes view after a tab click');
  const headY = lines(s).findIndex((l) => l.includes('NSPID'));
  click(t, lines(s)[headY]!.indexOf('USER') + 1, headY);
  await t.waitScreen((x) => /USER[▲▼]/.test(lines(x)[headY] ?? ''), 'sorted by USER after a title click');
  t.keys('\\');
  t.keys('-l', marker);
  t.keys('Enter');
  s = await t.waitScreen((x) => lines(x).filter((l) => l.includes(`${marker} 1000`)).length === 6, 'only its own six sleeps');
  // a row not selected yet (the fourth unless the selection is there): then inverse
  // (SGR 7) in the colour capture, and it is the one clicked
  const y = [4, 5, 3].map((d) => headY + d).find((at) => !(s.split('\n')[at] ?? '').includes('\u001b[7m'))!;
  const pid = /^\s*(\d+)/.exec(lines(s)[y]!)![1]!;
  click(t, 3, y);
  await t.waitScreen((x) => {
    const row = x.split('\n')[y] ?? '';
    return row.includes('\u001b[7m') && new RegExp(`^\\s*${pid}\\s`).test(plain(row));
  }, `the clicked row (pid ${pid}) selected`);
});

test('a corrupt config file: one line on the status line, the defaults, the file untouched', { skip }, async () => {
  const junk = 'theme = light\n\u0000\u0001garbage here\n';
  writeFileSync(config, junk);
  const t = start();
  const s = await t.waitScreen((x) => plain(x).includes(`${config} line 2:`), 'the one-line complaint');
  const said = lines(s).filter((l) => l.includes('line 2:'));
  assert.equal(said.length, 1);
  assert.match(said[0]!, /defaults are used/);
  assert.match(s, /1 Containers/, 'the dashboard runs');
  assert.equal(readFileSync(config, 'utf8'), junk);
});
