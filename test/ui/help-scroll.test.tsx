// Help at 80x24: taller than the screen, so it scrolls; paging through it shows every
// key with its whole help text and every column's whole legend, each frame 24 lines.
// helpers/ink.js first: it turns colour on before chalk loads.
import { plain, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { COLUMNS } from '../../src/ui/columns.js';
import { HOST_COLUMN } from '../../src/ui/columns/host-column.js';
import { KEYMAP, keyLabel } from '../../src/ui/keymap.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

const PGDN = '\u001b[6~';
const PGUP = '\u001b[5~';
const DOWN = '\u001b[B';
const KEY_WIDTH = 11;

/** "lines 1-17 of 80" from the help's title line. */
const range = (f: string) => {
  const m = /lines (\d+)-(\d+) of (\d+)/.exec(plain(f));
  return m ? { from: Number(m[1]), to: Number(m[2]), of: Number(m[3]) } : undefined;
};

/** The help's body lines (below the title, above the status and F-key lines). */
function bodyLines(f: string): string[] {
  const lines = plain(f).split('\n');
  const title = lines.findIndex((l) => l.startsWith('nstop help'));
  return lines.slice(title + 1, lines.length - 2);
}

/** Entries as read: a line whose key cell is blank continues the one above. */
function entries(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l.slice(0, KEY_WIDTH).trim() === '' && out.length > 0 && l.trim() !== '') out[out.length - 1] += ' ' + l.slice(KEY_WIDTH).trim();
    else out.push(l.trim().replace(/\s+/g, ' '));
  }
  return out;
}

test('80x24: ? opens help that pages to its end; every key and every column legend is there in full', async () => {
  const source = fakeSource(sampleSnapshot());
  const r = render(<App source={source} width={80} height={24} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} />);
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  r.stdin.write('?');
  let f = await waitForFrame(r.lastFrame, (x) => range(x) !== undefined);
  const first = range(f)!;
  assert.equal(first.from, 1);
  assert.ok(first.of > first.to, `taller than the screen: ${JSON.stringify(first)}`);
  const seen = new Map<number, string>();
  for (;;) {
    const at = range(f)!;
    const lines = plain(f).split('\n');
    assert.equal(lines.length, 24, '24 lines');
    for (const l of lines) assert.ok(l.length <= 80, `fits 80: ${l}`);
    bodyLines(f).forEach((l, i) => seen.set(at.from + i, l));
    if (at.to === at.of) break;
    r.stdin.write(PGDN);
    f = await waitForFrame(r.lastFrame, (x) => (range(x)?.from ?? 0) > at.from);
  }
  const all = [...seen.keys()].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: first.of }, (_, i) => i + 1), 'every line was on screen once');
  const text = entries(all.map((n) => seen.get(n)!));
  for (const b of KEYMAP) {
    const want = `${b.keys.map(keyLabel).join(' ')} ${b.help}`.replace(/\s+/g, ' ');
    assert.ok(text.includes(want), `help shows "${want}"`);
  }
  for (const c of [...COLUMNS.containers, HOST_COLUMN]) {
    const want = `${c.title} ${c.help}`.replace(/\s+/g, ' ');
    assert.ok(text.includes(want), `legend shows "${want}"`);
  }

  // back up, one line down: the movement keys scroll; any other key closes it
  r.stdin.write(PGUP);
  r.stdin.write(PGUP);
  r.stdin.write(PGUP);
  r.stdin.write(PGUP);
  r.stdin.write(PGUP);
  f = await waitForFrame(r.lastFrame, (x) => range(x)?.from === 1);
  r.stdin.write(DOWN);
  f = await waitForFrame(r.lastFrame, (x) => range(x)?.from === 2);
  r.stdin.write('q');
  f = await waitForFrame(r.lastFrame, (x) => !plain(x).includes('nstop help') && plain(x).includes('MEM%'));
  r.stdin.write('?');
  f = await waitForFrame(r.lastFrame, (x) => range(x)?.from === 1);
  r.unmount();
});
