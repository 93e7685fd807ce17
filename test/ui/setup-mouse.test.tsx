// F2 setup (saved through onSettings, the file's text round-trips), the htop keys that
// came with it (+ - * fold, F follow, u user), and the mouse: SGR reports written to
// stdin as a terminal sends them select rows, sort, switch tabs, press F-keys, scroll,
// and never reach a text field.
import { lineWith, plain, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { formatConfig, parseConfig, type Settings } from '../../src/ui/settings.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';
import { FIRST_SETUP_LINE, SETUP_ITEMS } from '../../src/ui/state/setup.js';

/** Down presses from the first setup line to the one labelled `label`. */
const downsTo = (label: string): number => SETUP_ITEMS.slice(FIRST_SETUP_LINE + 1, SETUP_ITEMS.findIndex((i) => i.label === label) + 1).filter((i) => !i.section).length;
/** effects (onMouse) run after the frame is written: wait for them, not a time */
const until = (ok: () => boolean) => waitForFrame(() => (ok() ? 'y' : 'n'), (x) => x === 'y');

const F2 = '\u001bOQ';
const DOWN = '\u001b[B';
const RIGHT = '\u001b[C';
/** a left press at column x, line y (both from 1, as the terminal counts) */
const click = (x: number, y: number) => `\u001b[<0;${x};${y}M\u001b[<0;${x};${y}m`;
const wheelDown = (x: number, y: number) => `\u001b[<65;${x};${y}M`;

function setup(extra: { onSettings?: (s: Settings) => string; onMouse?: (on: boolean) => void } = {}) {
  return render(<App source={fakeSource(sampleSnapshot())} width={160} height={45} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} {...extra} />);
}

/** The screen line (from 1) whose plain text matches. */
const lineNo = (frame: string, re: RegExp): number => plain(frame).split('\n').findIndex((l) => re.test(l)) + 1;
const selectedLine = (frame: string): string | undefined => frame.split('\n').find((l) => l.includes('\u001b[7m'));

test('F2 setup: Right changes the theme, a column is hidden; leaving saves, and the saved text reads back the same', async () => {
  const saved: Settings[] = [];
  const r = setup({ onSettings: (s) => (saved.push(s), 'settings saved to /x/config') });
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  r.stdin.write(F2);
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('Setup') && plain(x).includes('refresh interval'));
  assert.match(plain(f), /colours\s+default/);
  // refresh interval, mouse, colours
  r.stdin.write(DOWN);
  r.stdin.write(DOWN);
  r.stdin.write(RIGHT);
  f = await waitForFrame(r.lastFrame, (x) => /colours\s+light/.test(plain(x)));
  assert.equal(saved.length, 0, 'nothing saved while setup is open');
  r.stdin.write(F2);
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('settings saved to /x/config'));
  assert.equal(saved.length, 1);
  assert.equal(saved[0]!.theme, 'light');
  const back = parseConfig(formatConfig(saved[0]!));
  assert.ok('settings' in back);
  assert.deepEqual(back.settings, saved[0]);
  // leaving without a change saves nothing
  r.stdin.write(F2);
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('refresh interval'));
  r.stdin.write('\u001b');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('MEM%') && !plain(x).includes('refresh interval'));
  assert.equal(saved.length, 1);
  r.unmount();
});

test('a setup column choice shows in the table; a state from saved settings starts with it', async () => {
  const saved: Settings[] = [];
  const r = setup({ onSettings: (s) => (saved.push(s), 'saved') });
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  assert.match(plain(r.lastFrame()!), /RUNTIME/);
  r.stdin.write(F2);
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('column RUNTIME'));
  r.stdin.write(DOWN.repeat(downsTo('column RUNTIME')));
  await waitForFrame(r.lastFrame, (x) => /column RUNTIME/.test(selectedLine(x) ?? ''));
  r.stdin.write(' ');
  await waitForFrame(r.lastFrame, (x) => /column RUNTIME\s+\[ \] hidden/.test(plain(x)));
  r.stdin.write(F2);
  const f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('saved') && !plain(x).includes('refresh interval'));
  assert.doesNotMatch(lineWith(f, 'MEM%')!, /RUNTIME/);
  assert.ok(!saved[0]!.views.containers.columns.includes('runtime'));
  assert.match(formatConfig(saved[0]!), /^containers\.columns = name status/m);
  r.unmount();
});

test('mouse: a row click selects it, a column title sorts (again: inverts), a tab switches, the wheel scrolls', async () => {
  const mouse: boolean[] = [];
  const r = setup({ onMouse: (on) => void mouse.push(on) });
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  await until(() => mouse.at(-1) === true);
  const webLine = lineNo(f, / web /);
  r.stdin.write(click(10, webLine));
  f = await waitForFrame(r.lastFrame, (x) => / web /.test(selectedLine(x) ?? ''));
  // the CPU% title: sorted by it, largest first; clicked again, smallest first
  const head = plain(f).split('\n')[lineNo(f, /MEM%/) - 1]!;
  const x = head.indexOf('CPU%') + 2;
  r.stdin.write(click(x, lineNo(f, /MEM%/)));
  f = await waitForFrame(r.lastFrame, (y) => /CPU%▼/.test(plain(y)));
  r.stdin.write(click(x, lineNo(f, /MEM%/)));
  f = await waitForFrame(r.lastFrame, (y) => /CPU%▲/.test(plain(y)));
  assert.match(selectedLine(f) ?? '', / web /, 'the selection stays on web through the re-sorts');
  // the "3 Processes" tab
  const tabs = plain(f).split('\n')[lineNo(f, /1 Containers/) - 1]!;
  r.stdin.write(click(tabs.indexOf('3 Processes') + 2, lineNo(f, /1 Containers/)));
  f = await waitForFrame(r.lastFrame, (y) => plain(y).includes('NSPID'));
  const before = selectedLine(f);
  r.stdin.write(wheelDown(10, 10));
  f = await waitForFrame(r.lastFrame, (y) => selectedLine(y) !== before);
  r.unmount();
  await until(() => mouse.at(-1) === false);
});

test('mouse: an F-key label is pressed; reports never type into the launch form', async () => {
  const r = setup();
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  const bar = plain(f).split('\n').at(-1)!;
  r.stdin.write(click(bar.indexOf('Launch') + 1, 45));
  f = await waitForFrame(r.lastFrame, (x) => /Launch a container|name/i.test(plain(x)) && !plain(x).includes('MEM%'));
  const form = plain(f);
  r.stdin.write(click(20, 12) + wheelDown(20, 12) + '\u001b[<35;20;12M');
  r.stdin.write('x');
  f = await waitForFrame(r.lastFrame, (x) => plain(x) !== form);
  assert.doesNotMatch(plain(f), /\[<|;12M|12m/, 'no piece of a report in any field');
  r.unmount();
});

test('mouse off in setup: clicks do nothing and the CLI is told', async () => {
  const mouse: boolean[] = [];
  const r = setup({ onMouse: (on) => void mouse.push(on), onSettings: () => 'saved' });
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  r.stdin.write(F2);
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('refresh interval'));
  r.stdin.write(DOWN);
  r.stdin.write(' ');
  await waitForFrame(r.lastFrame, (x) => /mouse\s+off/.test(plain(x)));
  r.stdin.write(F2);
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('MEM%') && !plain(x).includes('refresh interval'));
  await until(() => mouse.at(-1) === false);
  const sel = selectedLine(f);
  r.stdin.write(click(10, lineNo(f, / web /)));
  r.stdin.write('K');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('Processes view only'));
  assert.equal(selectedLine(r.lastFrame()!), sel);
  r.unmount();
});

test('tree: - folds the selected subtree, + opens it, * folds and opens all; + - change the interval outside the tree', async () => {
  const r = setup();
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  r.stdin.write('3');
  r.stdin.write('t');
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('(tree)') && plain(x).includes('nginx: worker'));
  r.stdin.write('/');
  r.stdin.write('nginx: master');
  r.stdin.write('\r');
  f = await waitForFrame(r.lastFrame, (x) => /nginx: master/.test(selectedLine(x) ?? '') && !plain(x).includes('Search:'));
  r.stdin.write('-');
  f = await waitForFrame(r.lastFrame, (x) => !plain(x).includes('nginx: worker'));
  assert.match(selectedLine(f) ?? '', /\+nginx: master/, 'a folded row is marked +');
  r.stdin.write('+');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('nginx: worker'));
  r.stdin.write('*');
  f = await waitForFrame(r.lastFrame, (x) => !plain(x).includes('nginx: worker') && !plain(x).includes('sshd'));
  r.stdin.write('*');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('nginx: worker') && plain(x).includes('sshd'));
  assert.match(plain(f), /Refresh 1s /, 'the interval did not move');
  r.unmount();
});

test('u picks a user from the list; Esc shows all again; F follows a row', async () => {
  const r = setup();
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  r.stdin.write('3');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('NSPID'));
  r.stdin.write('u');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('(all users)'));
  // the list: (all users), alice, nginx, root
  r.stdin.write(DOWN);
  await waitForFrame(r.lastFrame, (x) => /User: alice/.test(plain(x)));
  r.stdin.write('\r');
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('processes of alice only'));
  assert.match(plain(f), /bash/);
  assert.doesNotMatch(plain(f), /sshd|nginx/);
  r.stdin.write('\u001b');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('sshd'));
  r.stdin.write('F');
  await waitForFrame(r.lastFrame, (x) => /following .*\(F again: stop\)/.test(plain(x)));
  r.unmount();
});
