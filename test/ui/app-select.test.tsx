// The dashboard's selection as a person meets it: it stays on its container while rows
// appear and re-sort, moves to a neighbour (and says so) when its container goes, lands
// on what a launch started, and nothing is killed without a y.
// helpers/ink.js first: it turns colour on before chalk loads.
import { plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import type { ActionRequest, DashboardActions } from '../../src/ui/actions.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';
import { fakeSource, MiB, sampleSnapshot } from '../helpers/sample-snapshot.js';

const INVERSE = '\u001b[7m';
const selectedRow = (f: string) => plain(f.split('\n').find((l) => l.includes(INVERSE)) ?? '');
/** the container names in screen order */
const order = (f: string) => plain(f).split('\n').map((l) => /^[ *](\S+) +(nstop|docker|ad-hoc) /.exec(l)?.[1]).filter((n): n is string => n !== undefined);

/** The sample snapshot plus nstop containers cloned from its box, at a memory % of their 64M limit. */
function snapshot(seq: number, extra: Record<string, number>): Snapshot {
  const s = sampleSnapshot({ seq });
  const box = s.containers.find((c) => c.name === 'box')!;
  const more = Object.entries(extra).map(([name, pct]): ContainerRow => ({
    ...box, id: `nstop:${name}`, name, stats: { ...box.stats!, memory: { ...box.stats!.memory, current: (pct / 100) * 64 * MiB } },
  }));
  return { ...s, containers: [...s.containers, ...more] };
}

function setup(first: Snapshot) {
  const source = fakeSource(first);
  const sent: ActionRequest[] = [];
  const actions: DashboardActions = { perform: async (r) => (sent.push(r), `done ${r.type}`), launchedLive: () => [], logTail: () => undefined };
  const r = render(<App source={source} width={160} height={45} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} actions={actions} />);
  const ready = async () => {
    await waitForFrame(r.lastFrame, (f) => selectedRow(f) !== '');
    await tick();
    await tick();
  };
  /** a key, then the frame it leads to */
  const key = async (k: string, ok: (f: string) => boolean) => {
    r.stdin.write(k);
    return waitForFrame(r.lastFrame, ok);
  };
  return { ...r, source, sent, ready, key };
}

const DOWN = '\u001b[B';

test('before any key the first row is selected as a container, and stays selected while rows appear above and re-sort', async () => {
  const t = setup(snapshot(1, { box1: 99 }));
  await t.ready();
  assert.match(selectedRow(t.lastFrame()!), /^ box1 /, 'box1 is first (99% of its limit)');
  t.source.push(snapshot(2, { box1: 20, db: 98, cache: 97 }));
  let f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #2 '));
  assert.deepEqual(order(f).slice(0, 3), ['db', 'cache', 'box'], 'rows appeared above it and it sank');
  assert.match(selectedRow(f), /^ box1 /);
  t.source.push(snapshot(3, { box1: 50, db: 10, cache: 5 }));
  f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #3 '));
  assert.notEqual(order(f)[0], 'box1');
  assert.match(selectedRow(f), /^ box1 /);
  t.unmount();
});

test('its container gone, the selection moves to the row next to it and the status line says so', async () => {
  const t = setup(snapshot(1, { box1: 99, db: 98 }));
  await t.ready();
  assert.deepEqual(order(t.lastFrame()!).slice(0, 3), ['box1', 'db', 'box']);
  t.source.push(snapshot(2, { db: 10 })); // db now sorts below box and munch
  const f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('box1 is gone: selection moved to db'));
  assert.match(selectedRow(f), /^ db /, 'the row that was next to it, wherever it is now');
  t.unmount();
});

test('k opens the signal line on TERM; KILL asks y/n naming the container; n sends nothing, y sends', async () => {
  const t = setup(snapshot(1, { box1: 99 }));
  await t.ready();
  await t.key('k', (f) => plain(f).includes('Signal to box1 (every process): TERM_'));
  await t.key(DOWN, (f) => plain(f).includes('Signal to box1 (every process): KILL_'));
  await t.key('\r', (f) => plain(f).includes('KILL box1 (nstop, 3 processes)? y/n'));
  await t.key('n', (f) => plain(f).includes('cancelled: KILL box1'));
  assert.equal(t.sent.length, 0, 'n: nothing was sent');
  await t.key('k', (f) => plain(f).includes('TERM_'));
  await t.key(DOWN, (f) => plain(f).includes('KILL_'));
  await t.key('\r', (f) => plain(f).includes('? y/n'));
  await t.key('y', (f) => plain(f).includes('done kill'));
  assert.equal(t.sent.length, 1);
  const r = t.sent[0]!;
  assert.deepEqual(r.type === 'kill' && [r.signal, r.targets.map((x) => x.id)], ['KILL', ['nstop:box1']]);
  t.unmount();
});

test('a launch from the form selects its container when its row shows, a tick or more later', async () => {
  const t = setup(snapshot(1, {}));
  await t.ready();
  assert.match(selectedRow(t.lastFrame()!), /^ box /);
  await t.key('a', (f) => plain(f).includes('Image/rootfs'));
  await t.key('\u001b[A', (f) => plain(f).includes('Name'));
  for (let i = 0; i < 6; i++) t.stdin.write('\u007f');
  await waitForFrame(t.lastFrame, (f) => /> Name +_/.test(plain(f)));
  await t.key('box1', (f) => /> Name +box1_/.test(plain(f)));
  await t.key('\r', (f) => plain(f).includes('done run'));
  assert.equal(t.sent[0]?.type, 'run');
  t.source.push(snapshot(2, {}));
  let f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #2 '));
  assert.match(selectedRow(f), /^ box /, 'not there yet: the selection stays');
  t.source.push(snapshot(3, { box1: 50 }));
  f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #3 ') && selectedRow(x).startsWith(' box1 '));
  assert.notEqual(order(f)[0], 'box1', 'selected though not the first row');
  t.unmount();
});
