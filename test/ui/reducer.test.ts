// The dashboard's state machine, without Ink: keys in, state out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialState, READ_ONLY_MESSAGE, reduceKey } from '../../src/ui/state/reducer.js';
import { currentIndex, scrollFor } from '../../src/ui/state/selection.js';
import type { RowsInfo, Scope, UiState } from '../../src/ui/state/types.js';

const rows = (texts: string[], over: Partial<RowsInfo> = {}): RowsInfo => ({
  keys: texts.map((t) => `k:${t}`),
  textAt: (i) => texts[i] ?? '',
  sortIds: ['name', 'cpu', 'mempct'],
  sortDesc: (id) => id !== 'name',
  pageRows: 3,
  readOnly: false,
  scopeAt: (i): Scope | undefined => (texts[i] ? { kind: 'container', id: `id-${texts[i]}`, label: texts[i]! } : undefined),
  // even rows are nstop containers, odd ones another runtime's
  targetAt: (i) => (texts[i] ? { kind: 'container', name: texts[i]!, pid: 100 + i, managed: i % 2 === 0, status: 'running' } : undefined),
  liveLaunched: 0,
  ...over,
});

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

function press(s: UiState, keys: string[], info = rows(NAMES)): UiState {
  return keys.reduce((st, k) => reduceKey(st, k, info), s);
}
const sel = (s: UiState) => s.views[s.view];

test('starts on Containers, sorted by memory % of limit, largest first', () => {
  const s = initialState();
  assert.equal(s.view, 'containers');
  assert.deepEqual({ sort: sel(s).sort, desc: sel(s).desc }, { sort: 'mempct', desc: true });
  assert.equal(s.views.processes.sort, 'cpu');
});

test('Up/Down/Home/End move and clamp; the selection remembers its row key', () => {
  let s = press(initialState(), ['down', 'down']);
  assert.equal(sel(s).selected, 2);
  assert.equal(sel(s).selectedKey, 'k:charlie');
  s = press(s, ['up', 'up', 'up', 'up']);
  assert.equal(sel(s).selected, 0);
  s = press(s, ['end']);
  assert.equal(sel(s).selected, 6);
  s = press(s, ['down']);
  assert.equal(sel(s).selected, 6);
  s = press(s, ['home']);
  assert.equal(sel(s).selectedKey, 'k:alpha');
});

test('PgDn/PgUp move a page and scroll the window with it', () => {
  let s = press(initialState(), ['pagedown']);
  assert.equal(sel(s).selected, 3);
  assert.equal(sel(s).scroll, 3);
  s = press(s, ['pagedown', 'pagedown']);
  assert.equal(sel(s).selected, 6);
  assert.equal(sel(s).scroll, 4, 'the last page is full');
  s = press(s, ['pageup']);
  assert.equal(sel(s).selected, 3);
  assert.equal(sel(s).scroll, 1);
});

test('selection follows its row when rows reorder, falls back to the index when it is gone', () => {
  const s = press(initialState(), ['down', 'down']); // charlie
  assert.equal(currentIndex(sel(s), ['k:charlie', 'k:alpha']), 0);
  assert.equal(currentIndex(sel(s), ['k:x', 'k:y']), 1, 'index 2 clamped to the last row');
  assert.equal(currentIndex(sel(s), []), 0);
});

test('scrollFor keeps the selection on screen and moves the window as little as possible', () => {
  assert.equal(scrollFor(0, 0, 5, 20), 0);
  assert.equal(scrollFor(4, 0, 5, 20), 0);
  assert.equal(scrollFor(5, 0, 5, 20), 1);
  assert.equal(scrollFor(2, 4, 5, 20), 2);
  assert.equal(scrollFor(19, 17, 5, 20), 15);
  assert.equal(scrollFor(3, 10, 5, 4), 0, 'fewer rows than a page: no scroll');
});

test('filter: typed text filters live, Enter keeps it, Esc cancels back to the old filter, Esc outside clears', () => {
  let s = press(initialState(), ['\\', 'e', 'c']);
  assert.equal(s.prompt?.kind, 'filter');
  assert.equal(sel(s).filter, 'ec');
  s = press(s, ['backspace', 'enter']);
  assert.equal(s.prompt, undefined);
  assert.equal(sel(s).filter, 'e');
  s = press(s, ['f4', 'l', 't', 'escape']);
  assert.equal(sel(s).filter, 'e', 'Esc restores the filter from before');
  s = press(s, ['escape']);
  assert.equal(sel(s).filter, '', 'Esc (no input line) clears the filter');
});

test('keys that are bound elsewhere are text in the input line', () => {
  const s = press(initialState(), ['f4', 'q', 't', '1', 'space', 'k', '?']);
  assert.equal(s.quit, false);
  assert.equal(s.view, 'containers');
  assert.equal(s.prompt?.text, 'qt1 k?');
});

test('search: incremental from where it opened, F3 again = next match, Enter keeps it for n', () => {
  let s = press(initialState(), ['down', '/', 'o']); // bravo -> first "o" at/after it: bravo
  assert.equal(sel(s).selectedKey, 'k:bravo');
  s = press(s, ['l']); // "ol": golf
  assert.equal(sel(s).selectedKey, 'k:golf');
  s = press(s, ['backspace', 'f3']); // "o" again from bravo, then next: echo
  assert.equal(sel(s).selectedKey, 'k:echo');
  s = press(s, ['enter']);
  assert.equal(s.search, 'o');
  s = press(s, ['n']);
  assert.equal(sel(s).selectedKey, 'k:foxtrot');
  s = press(s, ['n', 'n']);
  assert.equal(sel(s).selectedKey, 'k:bravo', 'wraps around');
  s = press(s, ['/', 'z', 'z']);
  assert.equal(s.prompt?.missed, true);
  assert.equal(sel(s).selectedKey, 'k:bravo', 'no match: the selection stays');
  s = press(s, ['escape']);
  assert.equal(s.search, 'o', 'Esc cancels: the old search stays for n');
});

test('n without a search says so', () => {
  assert.match(press(initialState(), ['n']).message ?? '', /no search/);
});

test('sort: > and < cycle columns with each column\'s own direction, I inverts', () => {
  let s = press(initialState(), ['>']);
  assert.deepEqual([sel(s).sort, sel(s).desc], ['name', false]);
  s = press(s, ['f6']);
  assert.deepEqual([sel(s).sort, sel(s).desc], ['cpu', true]);
  s = press(s, ['<', '<']);
  assert.deepEqual([sel(s).sort, sel(s).desc], ['mempct', true]);
  s = press(s, ['I']);
  assert.equal(sel(s).desc, false);
});

test('Space tags the row and moves down; again untags', () => {
  let s = press(initialState(), ['space']);
  assert.ok(s.tagged.has('k:alpha'));
  assert.equal(sel(s).selected, 1);
  s = press(s, ['up', 'space']);
  assert.equal(s.tagged.size, 0);
});

test('views: Tab, Shift-Tab, 1 2 3', () => {
  let s = press(initialState(), ['tab']);
  assert.equal(s.view, 'namespaces');
  s = press(s, ['tab', 'tab']);
  assert.equal(s.view, 'containers');
  s = press(s, ['shift-tab']);
  assert.equal(s.view, 'processes');
  s = press(s, ['2']);
  assert.equal(s.view, 'namespaces');
  s = press(s, ['1', '3']);
  assert.equal(s.view, 'processes');
});

test('tree mode toggles in Processes; in Containers t groups pods; elsewhere it says where', () => {
  let s = press(initialState(), ['t']);
  assert.deepEqual([s.tree, s.pods], [false, true], 'Containers: pods, not the process tree');
  s = press(s, ['2', 't']);
  assert.deepEqual([s.tree, s.pods], [false, true]);
  assert.match(s.message ?? '', /Processes or Containers view only/);
  s = press(s, ['3', 'f5']);
  assert.equal(s.tree, true);
  assert.equal(s.message, undefined, 'the next key clears the message');
  s = press(s, ['t']);
  assert.equal(s.tree, false);
});

test('Enter drills into the selected row; Esc or Backspace goes back to all', () => {
  let s = press(initialState(), ['down', 'enter']);
  assert.equal(s.view, 'processes');
  assert.deepEqual(s.scope, { kind: 'container', id: 'id-bravo', label: 'bravo' });
  assert.equal(s.views.processes.selected, 0);
  s = press(s, ['escape']);
  assert.equal(s.scope, undefined);
  assert.equal(s.view, 'processes');
  s = press(s, ['1', 'enter', 'backspace']);
  assert.equal(s.scope, undefined);
  s = press(s, ['enter']);
  assert.match(s.message ?? '', /Containers or Namespaces view only/, 'Enter in Processes');
});

test('Enter on a namespace scopes Processes to it', () => {
  const ns: Scope = { kind: 'namespace', type: 'net', ns: 4026532604, label: 'net:[4026532604]' };
  const s = press(initialState(), ['2', 'enter'], rows(['a'], { scopeAt: () => ns }));
  assert.deepEqual(s.scope, ns);
  assert.equal(s.view, 'processes');
});

test('help: F1 or ? shows it, any key returns (q included, without quitting)', () => {
  let s = press(initialState(), ['f1']);
  assert.equal(s.help, true);
  s = press(s, ['q']);
  assert.deepEqual([s.help, s.quit], [false, false]);
  s = press(s, ['?', 'x']);
  assert.equal(s.help, false);
});

test('kill opens the signal line on TERM; Up/Down pick, typing replaces a picked signal, Esc cancels', () => {
  const open = press(initialState(), ['k']);
  assert.equal(open.prompt?.kind, 'signal');
  assert.equal(open.prompt?.text, 'TERM');
  assert.deepEqual(open.prompt?.targets?.map((t) => t.name), ['alpha']);
  assert.equal(press(open, ['down']).prompt?.text, 'KILL');
  assert.equal(press(open, ['up']).prompt?.text, 'CONT', 'wraps around');
  assert.equal(press(open, ['H', 'U', 'P']).prompt?.text, 'HUP', 'the first typed key replaces the picked TERM');
  assert.equal(press(open, ['down', 'backspace', '9']).prompt?.text, '9');
  assert.equal(press(open, ['escape']).prompt, undefined);
  assert.equal(press(open, ['escape']).request, undefined);
  assert.equal(press(initialState(), ['f9'], rows(NAMES, { readOnly: true })).message, READ_ONLY_MESSAGE);
});

test('limits and nudges act on any running container; freeze and remove on nstop containers only', () => {
  const set = press(initialState(), ['L', 'p', 'i', 'd', 's', '=', '5', 'enter']);
  assert.deepEqual(set.request, { type: 'set', target: { kind: 'container', name: 'alpha', pid: 100, managed: true, status: 'running' }, text: 'pids=5' });
  const up = press(initialState(), [']']);
  assert.equal(up.request?.type, 'nudge');
  assert.deepEqual(up.request?.type === 'nudge' ? [up.request.field, up.request.step] : [], ['memory', 64 * 2 ** 20]);
  const down = press(initialState(), ['{']);
  assert.deepEqual(down.request?.type === 'nudge' ? [down.request.field, down.request.step] : [], ['pids', -16]);
  // another runtime's container: act/foreign-limits.ts writes its group (or refuses)
  const foreign = press(initialState(), ['down', '[']);
  assert.deepEqual(foreign.request?.type === 'nudge' ? [foreign.request.target.managed, foreign.request.field] : [], [false, 'memory']);
  assert.equal(press(initialState(), ['down', 'L']).prompt?.kind, 'limits');
  const other = press(initialState(), ['down', 'z']);
  assert.equal(other.request, undefined);
  assert.match(other.message ?? '', /only containers nstop started/);
  assert.match(press(initialState(), ['D']).message ?? '', /kill it first/);
  assert.equal(press(initialState(), ['e']).request?.type, 'exec');
});

test('M and B start a demo and focus its row; read-only refuses', () => {
  const m = press(initialState(), ['2', 'M']);
  assert.equal(m.view, 'containers');
  assert.equal(m.request?.type, 'demo');
  const name = m.request?.type === 'demo' ? m.request.name : '';
  assert.match(name, /^munch-[a-z0-9]{1,4}$/);
  assert.equal(m.views.containers.pending, `c:nstop:${name}`, 'selected once its row shows (follow tests)');
  assert.equal(press(initialState(), ['B']).request?.type === 'demo' && press(initialState(), ['B']).request?.type, 'demo');
  assert.equal(press(initialState(), ['B'], rows(NAMES, { readOnly: true })).request, undefined);
});

test('l toggles the log pane of an nstop container (read-only too); others are refused', () => {
  const on = press(initialState(), ['l']);
  assert.equal(on.logFor, 'alpha');
  assert.equal(press(on, ['l']).logFor, undefined);
  assert.equal(press(initialState(), ['l'], rows(NAMES, { readOnly: true })).logFor, 'alpha');
  assert.match(press(initialState(), ['down', 'l']).message ?? '', /only containers nstop started/);
});

test('the launch form: a opens it, typing edits the focused field, Space toggles, Enter requests a run', () => {
  const open = press(initialState(), ['a']);
  assert.ok(open.form);
  assert.equal(open.form.fields.command, '/bin/sh');
  // focus starts on Command: replace it
  const typed = press(open, [...Array(7).fill('backspace'), 't', 'o', 'p']);
  assert.equal(typed.form?.fields.command, 'top');
  // down to Namespaces (rootfs, hostname, memory, pids, cpus, ns) and drop uts
  const ns = press(typed, ['down', 'down', 'down', 'down', 'down', 'down', 'space']);
  assert.equal(ns.form?.fields.ns.includes('uts'), false);
  const run = press(ns, ['enter']);
  assert.equal(run.form, undefined);
  assert.equal(run.request?.type, 'run');
  assert.equal(press(open, ['escape']).form, undefined);
});

test('quit with launched containers still running asks: l leaves them, k kills them', () => {
  const live = rows(NAMES, { liveLaunched: 2 });
  const ask = press(initialState(), ['q'], live);
  assert.equal(ask.quit, false);
  assert.equal(ask.prompt?.kind, 'quit');
  assert.deepEqual(press(ask, ['l'], live).request, { type: 'quit', killLaunched: false });
  assert.deepEqual(press(ask, ['k'], live).request, { type: 'quit', killLaunched: true });
  assert.equal(press(ask, ['escape'], live).prompt, undefined);
});

test('q and F10 quit; unknown keys change nothing', () => {
  assert.equal(press(initialState(), ['q']).quit, true);
  assert.equal(press(initialState(), ['f10']).quit, true);
  const s = initialState();
  assert.equal(reduceKey(s, 'x', rows(NAMES)), s);
  assert.equal(reduceKey(s, 'left', rows(NAMES)), s);
});

test('empty views: moving, tagging and drilling do nothing harmful', () => {
  const none = rows([]);
  const s = press(initialState(), ['down', 'end', 'pagedown', 'space', 'n'], none);
  assert.equal(sel(s).selected, 0);
  assert.equal(s.tagged.size, 0);
  assert.match(press(s, ['enter'], none).message ?? '', /nothing/);
});
