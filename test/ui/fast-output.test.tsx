// The dashboard's drop-in for Ink's Output.get (src/ui/ink/): every frame of a session
// through the real App must come out byte-identical to Ink's own method, and frames that
// did not change must not be joined again.
import { plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { FrameMemo, fastGet, type Cell, type OutputLike } from '../../src/ui/ink/fast-output.js';
import { installFastInkOutput, loadInkParts, probeFrame, sameAsInk, uninstallFastInkOutput, type InkParts } from '../../src/ui/ink/install-fast-output.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

test('the probe frame comes out the same from both, first and second time', async () => {
  assert.equal(sameAsInk(await loadInkParts()), true);
});

/** A FrameMemo that counts the rows it joins. */
function countingMemo(parts: InkParts): { memo: FrameMemo; joins: () => number } {
  let n = 0;
  const memo = new FrameMemo((cells: Cell[]) => {
    n++;
    return parts.join(cells);
  });
  return { memo, joins: () => n };
}

test('a frame that clips horizontally is left to Ink', async () => {
  const parts = await loadInkParts();
  const o = new parts.Output({ width: 10, height: 2 });
  o.clip({ x1: 0, x2: 5, y1: 0, y2: 2 });
  o.write(0, 0, 'abcdefghij', { transformers: [] });
  o.unclip();
  assert.equal(fastGet(o, new FrameMemo(parts.join)), undefined);
});

test('an unchanged row is not joined again; a changed one is', async () => {
  const parts = await loadInkParts();
  const { memo, joins } = countingMemo(parts);
  const frame = (third: string): string => {
    const o = new parts.Output({ width: 24, height: 8 });
    probeFrame(o);
    o.write(0, 7, third, { transformers: [] });
    return fastGet(o as OutputLike, memo)!.output;
  };
  const first = frame('\x1b[31mred\x1b[39m');
  assert.equal(joins(), 8);
  assert.equal(frame('\x1b[31mred\x1b[39m'), first);
  assert.equal(joins(), 8, 'nothing changed: no row joined');
  const changed = frame('\x1b[31mrod\x1b[39m');
  assert.equal(joins(), 9, 'one row changed: one row joined');
  assert.equal(changed.split('\n')[7], '\x1b[31mrod\x1b[39m');
});

test('a line that moved to another row (a table sorted anew) is not joined again', async () => {
  const parts = await loadInkParts();
  const { memo, joins } = countingMemo(parts);
  const lines = ['\x1b[1mone\x1b[22m', 'two', '\x1b[32mthree\x1b[39m', 'four'];
  const frame = (order: string[]): string => {
    const o = new parts.Output({ width: 12, height: order.length });
    order.forEach((l, y) => o.write(0, y, l, { transformers: [] }));
    const mine = fastGet(o as OutputLike, memo)!.output;
    assert.equal(mine, o.get().output, 'same as Ink');
    return mine;
  };
  frame(lines);
  assert.equal(joins(), 4);
  const reversed = frame([...lines].reverse());
  assert.equal(joins(), 4, 'the same four lines, other rows: none joined');
  assert.equal(reversed.split('\n')[0], 'four');
  frame(['two', 'two', 'two', 'five']);
  assert.equal(joins(), 5, 'only the new line is joined');
});

test('every frame of a dashboard session is byte-identical to Ink\'s own', async () => {
  const parts = await loadInkParts();
  const inkGet = parts.Output.prototype.get;
  const memo = new FrameMemo(parts.join);
  let frames = 0;
  const differ: string[] = [];
  // both methods on the same Output, every frame the session draws
  parts.Output.prototype.get = function both(this: OutputLike & { get(): unknown }) {
    const ink = inkGet.call(this);
    const mine = fastGet(this, memo) ?? ink;
    frames++;
    if (mine.output !== ink.output || mine.height !== ink.height) differ.push(`${JSON.stringify(mine.output)}\n!==\n${JSON.stringify(ink.output)}`);
    return ink;
  };
  try {
    const source = fakeSource(sampleSnapshot());
    const props = { source, color: true, unicode: true, readOnly: false, intervalMs: 1000, onQuit: () => undefined };
    const r = render(<App {...props} width={160} height={45} />);
    const see = (text: string) => waitForFrame(r.lastFrame, (f) => plain(f).includes(text));
    await see('box');
    await tick();
    for (const [key, seen] of [['\u001b[B', 'munch'], ['2', 'NPROCS'], ['3', 'NSPID'], ['t', '(tree)'], ['\u001bOP', 'nstop help'], ['\u001b', 'NSPID'], ['1', 'MEM%']] as const) {
      r.stdin.write(key);
      await see(seen);
      await tick();
    }
    for (let seq = 2; seq < 6; seq++) {
      source.push(sampleSnapshot({ seq }));
      await see(`Sample #${seq} `);
    }
    r.rerender(<App {...props} width={80} height={24} />);
    await see('F10Quit');
    r.rerender(<App {...props} width={60} height={15} />);
    await tick();
    r.rerender(<App {...props} color={false} unicode={false} width={160} height={45} />);
    await see('box');
    r.unmount();
  } finally {
    parts.Output.prototype.get = inkGet;
  }
  assert.ok(frames >= 15, `only ${frames} frames drawn`);
  assert.deepEqual(differ, []);
});

test('install puts the fast get on Ink\'s Output and uninstall takes it off', async () => {
  const parts = await loadInkParts();
  const inkGet = parts.Output.prototype.get;
  assert.equal(await installFastInkOutput(), undefined);
  try {
    assert.notEqual(parts.Output.prototype.get, inkGet);
    const o = new parts.Output({ width: 24, height: 8 });
    probeFrame(o);
    const ref = new parts.Output({ width: 24, height: 8 });
    probeFrame(ref);
    assert.equal(o.get().output, inkGet.call(ref).output);
  } finally {
    uninstallFastInkOutput();
  }
  assert.equal(parts.Output.prototype.get, inkGet);
});
