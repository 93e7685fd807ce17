// The selection as an identity (state/follow.ts) and the safety questions before
// destructive actions (state/confirm.ts), without Ink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followSelection, type Shown } from '../../src/ui/state/follow.js';
import { initialState, reduceKey } from '../../src/ui/state/reducer.js';
import type { RowsInfo, UiState } from '../../src/ui/state/types.js';

const shown = (names: string[], filter = ''): Shown => ({ keys: names.map((n) => `c:${n}`), nameAt: (i) => names[i] ?? '', filter });

/** Frames drawn one after another, as the App settles them. */
function frames(s: UiState, ...seq: Shown[]): UiState {
  let before: Shown | undefined;
  for (const now of seq) {
    s = followSelection(s, now, before);
    before = now;
  }
  return s;
}

const sel = (s: UiState) => s.views[s.view].selectedKey;

test('before any key the selection is the first row of that moment, and stays on it', () => {
  const s = frames(initialState(), shown(['box1', 'web']));
  assert.equal(sel(s), 'c:box1');
  const later = frames(s, shown(['box1', 'web']), shown(['web', 'db', 'box1']));
  assert.equal(sel(later), 'c:box1', 'rows appearing above and a re-sort do not move it');
  assert.equal(later.message, undefined);
});

test('settled and unmoved: the same state back (nothing allocated per tick)', () => {
  const s = frames(initialState(), shown(['a', 'b', 'c']));
  assert.equal(followSelection(s, shown(['c', 'b', 'a']), shown(['a', 'b', 'c'])), s);
  assert.equal(followSelection(s, shown([]), shown(['a'])), s, 'no rows: the identity is kept');
});

test('the selection follows its id across re-sorted snapshots', () => {
  let s = frames(initialState(), shown(['a', 'b', 'c', 'd']));
  s = reduceKey(s, 'down', rowsOf(['a', 'b', 'c', 'd']));
  assert.equal(sel(s), 'c:b');
  s = frames(s, shown(['a', 'b', 'c', 'd']), shown(['d', 'c', 'b', 'a']), shown(['x', 'y', 'b', 'd', 'c', 'a']));
  assert.equal(sel(s), 'c:b');
});

test('a vanished selection moves to the row below it in the last order (above when it was last) and says so', () => {
  let s = frames(initialState(), shown(['box1', 'web', 'db']));
  s = frames(s, shown(['box1', 'web', 'db']), shown(['db', 'web']));
  assert.equal(sel(s), 'c:web', 'web was next to box1, though now second');
  assert.equal(s.message, 'box1 is gone: selection moved to web');
  let last = frames(initialState(), shown(['a', 'b', 'c']));
  last = reduceKey(last, 'end', rowsOf(['a', 'b', 'c']));
  last = frames(last, shown(['a', 'b', 'c']), shown(['a', 'b']));
  assert.equal(sel(last), 'c:b');
  assert.equal(last.message, 'c is gone: selection moved to b');
  const far = frames(initialState(), shown(['a', 'b', 'c', 'd', 'e']), shown(['e']));
  assert.equal(sel(far), 'c:e', 'its neighbours gone too: the nearest one left');
});

test('hidden by the user (filter changed): moves silently', () => {
  const s = frames(initialState(), shown(['box1', 'web']), shown(['web'], 'we'));
  assert.equal(sel(s), 'c:web');
  assert.equal(s.message, undefined);
});

// rows as the reducer sees them: containers, nstop (3 processes) at even indices
function rowsOf(names: string[], over: Partial<RowsInfo> = {}): RowsInfo {
  return {
    keys: names.map((n) => `c:${n}`),
    textAt: (i) => names[i] ?? '',
    sortIds: ['mempct'],
    sortDesc: () => true,
    pageRows: 5,
    readOnly: false,
    scopeAt: () => undefined,
    targetAt: (i) => (names[i] ? { kind: 'container', name: names[i]!, id: `x:${names[i]}`, managed: i % 2 === 0, status: 'running', runtime: i % 2 === 0 ? 'nstop' : 'docker', nprocs: 3 } : undefined),
    liveLaunched: 0,
    ...over,
  };
}

const press = (s: UiState, keys: string[], info: RowsInfo): UiState => keys.reduce((st, k) => reduceKey(st, k, info), s);

test('a launch from the form selects its container once its row shows, ticks later', () => {
  let s = frames(initialState(), shown(['web', 'db']));
  s = press(s, ['a', 'up', ...Array(6).fill('backspace'), 'b', 'o', 'x', '1'], rowsOf(['web', 'db']));
  assert.equal(s.form?.fields.name, 'box1');
  s = press(s, ['enter'], rowsOf(['web', 'db']));
  assert.equal(s.request?.type, 'run');
  assert.equal(s.views.containers.pending, 'c:nstop:box1');
  s = frames(s, shown(['web', 'db']), shown(['db', 'web']));
  assert.equal(sel(s), 'c:web', 'not there yet: the selection stays where it was');
  s = followSelection(s, shown(['db', 'nstop:box1', 'web']), shown(['db', 'web']));
  assert.equal(sel(s), 'c:nstop:box1');
  assert.equal(s.views.containers.pending, undefined);
  const moved = press(frames(initialState(), shown(['web', 'db'])), ['M', 'down'], rowsOf(['web', 'db']));
  assert.equal(moved.views.containers.pending, undefined, 'a selection the user makes meanwhile wins');
});

test('KILL of a container asks y/n naming it; n cancels and sends nothing, y sends', () => {
  const info = rowsOf(['box1', 'web']);
  const ask = press(initialState(), ['k', 'down', 'enter'], info);
  assert.equal(ask.request, undefined);
  assert.equal(ask.prompt?.kind, 'confirm');
  assert.equal(ask.prompt?.text, 'KILL box1 (nstop, 3 processes)? y/n');
  const no = press(ask, ['n'], info);
  assert.equal(no.request, undefined);
  assert.equal(no.prompt, undefined);
  assert.match(no.message ?? '', /^cancelled/);
  assert.equal(press(ask, ['enter'], info).request, undefined, 'any key but y cancels');
  const yes = press(ask, ['y'], info);
  assert.deepEqual(yes.request, { type: 'kill', signal: 'KILL', targets: [info.targetAt(0)] });
  assert.equal(press(initialState(), ['k', 'enter'], info).prompt?.text, 'TERM box1 (nstop, 3 processes)? y/n', 'any signal to a whole container asks');
});

test('a signal other than KILL to one process is sent at once; KILL asks', () => {
  const info = rowsOf(['p'], { targetAt: () => ({ kind: 'process', name: 'stress (pid 4101)', pid: 4101, starttime: 7, managed: false }) });
  assert.deepEqual(press(initialState(), ['k', 'enter'], info).request, { type: 'kill', signal: 'TERM', targets: [info.targetAt(0)] });
  assert.equal(press(initialState(), ['k', 'down', 'enter'], info).prompt?.text, 'KILL stress (pid 4101)? y/n');
  assert.equal(press(initialState(), ['k', '9', 'enter'], info).prompt?.text, 'signal 9 stress (pid 4101)? y/n');
});

test('k with tagged rows signals them together: the question counts and names them; y untags them', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const info = rowsOf(names);
  const two = press(initialState(), ['space', 'down', 'space', 'home', 'k', 'down', 'enter'], info);
  assert.equal(two.prompt?.text, 'KILL 2 containers: a, c? y/n');
  const sent = press(two, ['y'], info);
  assert.deepEqual(sent.request?.type === 'kill' && sent.request.targets.map((t) => t.name), ['a', 'c']);
  assert.equal(sent.tagged.size, 0);
  const five = press(initialState(), ['space', 'space', 'space', 'space', 'space', 'k', 'enter'], info);
  assert.equal(five.prompt?.text, 'TERM 5 containers: a, b, c and 2 more? y/n');
});

test('D (forget) asks first', () => {
  const info = rowsOf(['old'], { targetAt: () => ({ kind: 'container', name: 'old', managed: true, status: 'stopped', runtime: 'nstop', nprocs: 0 }) });
  const ask = press(initialState(), ['D'], info);
  assert.equal(ask.request, undefined);
  assert.match(ask.prompt?.text ?? '', /^forget old \(nstop, stopped.*\? y\/n$/);
  assert.equal(press(ask, ['y'], info).request?.type, 'rm');
  assert.equal(press(ask, ['x'], info).request, undefined);
});
