import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { tick, waitForFrame } from '../helpers/ink.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

function setup(over: { width?: number; height?: number; color?: boolean; unicode?: boolean } = {}) {
  const source = fakeSource(sampleSnapshot());
  let quit = 0;
  const r = render(<App source={source} width={over.width ?? 100} height={over.height ?? 30} color={over.color ?? true} unicode={over.unicode ?? true} intervalMs={1000} onQuit={() => quit++} />);
  return { ...r, source, quits: () => quit };
}

const F1 = '\u001bOP';

test('containers view: closest to its memory limit first, n/a where unknown', async () => {
  const { lastFrame, unmount } = setup();
  const f = await waitForFrame(lastFrame, (x) => x.includes('munch'));
  const lines = f.split('\n');
  const row = (name: string) => lines.findIndex((l) => l.includes(` ${name} `));
  assert.ok(row('munch') < row('web'), 'munch (94% of limit) above web (4%)');
  assert.match(lines[row('munch')]!, /94/);
  assert.match(lines[row('sh')]!, /n\/a/);
  assert.match(f, /oom_kill 2 \(\+1\)/); // event log
  unmount();
});

test('Tab and 1-3 switch views; Processes asks the sampler for per-process stats', async () => {
  const { lastFrame, stdin, source, unmount } = setup();
  await tick();
  stdin.write('2');
  await waitForFrame(lastFrame, (f) => f.includes('NPROCS'));
  stdin.write('\t');
  const f = await waitForFrame(lastFrame, (x) => x.includes('NSPID') && source.demands.at(-1)?.processStats === 'all');
  assert.match(f, /\[kthreadd\]/);
  stdin.write('1');
  await waitForFrame(lastFrame, (x) => x.includes('MEM%') && source.demands.at(-1)?.processStats === 'none');
  unmount();
});

test('Enter drills into a container, tree mode indents children, Esc goes back', async () => {
  const { lastFrame, stdin, unmount } = setup();
  await tick();
  stdin.write('\r'); // munch is selected (first row)
  let f = await waitForFrame(lastFrame, (x) => x.includes('showing container munch'));
  assert.ok(!f.includes('/sbin/init'));
  stdin.write('t');
  f = await waitForFrame(lastFrame, (x) => x.includes('└─munch-child'));
  stdin.write('\u001b');
  f = await waitForFrame(lastFrame, (x) => x.includes('/sbin/init'));
  unmount();
});

test('filter keeps matching rows; search moves the selection', async () => {
  const { lastFrame, stdin, unmount } = setup();
  await tick();
  stdin.write('\\');
  await waitForFrame(lastFrame, (f) => f.includes('Filter:'));
  stdin.write('docker');
  const munchRow = /^ +munch /m;
  let f = await waitForFrame(lastFrame, (x) => !munchRow.test(x));
  assert.match(f, /abababababab/);
  stdin.write('\r');
  f = await waitForFrame(lastFrame, (x) => x.includes('filter "docker"'));
  stdin.write('\u001b'); // back (no scope): filter stays
  for (let i = 0; i < 5; i++) await tick();
  stdin.write('\\');
  await waitForFrame(lastFrame, (x) => x.includes('Filter: docker'));
  stdin.write('\u001b');
  await waitForFrame(lastFrame, (x) => munchRow.test(x));
  unmount();
});

test('help lists every key of the keymap table; q quits', async () => {
  const { lastFrame, stdin, quits, unmount } = setup({ height: 40, width: 120 });
  await tick();
  stdin.write(F1);
  const f = await waitForFrame(lastFrame, (x) => x.includes('nstop help'));
  for (const b of KEYMAP) assert.ok(f.includes(b.help), `help shows "${b.help}"`);
  stdin.write('x');
  await waitForFrame(lastFrame, (x) => !x.includes('nstop help'));
  stdin.write('q');
  for (let i = 0; i < 100 && quits() === 0; i++) await tick();
  assert.equal(quits(), 1);
  unmount();
});

test('space tags a row; sort keys change the sorted column', async () => {
  const { lastFrame, stdin, unmount } = setup();
  await tick();
  stdin.write(' ');
  await waitForFrame(lastFrame, (f) => f.split('\n').some((l) => l.startsWith('*') && l.includes('munch')));
  stdin.write('<');
  await waitForFrame(lastFrame, (f) => f.includes('MEMORYv'));
  unmount();
});

test('a new snapshot re-renders; NO_COLOR has no colour codes; ASCII mode has no Unicode', async () => {
  const { lastFrame, source, unmount } = setup({ color: false, unicode: false });
  await waitForFrame(lastFrame, (f) => f.includes('#1 '));
  const next = sampleSnapshot(2);
  next.containers[0]!.name = 'renamed';
  source.push(next);
  const f = await waitForFrame(lastFrame, (x) => x.includes('renamed') && x.includes('#2 '));
  assert.doesNotMatch(f, /\u001b\[(3[0-9]|9[0-7]|4[0-7])m/);
  assert.doesNotMatch(f, /[^\x00-\x7f]/);
  unmount();
});

test('80x24 fits: no line wider than 80, F-key bar on the last line', async () => {
  const { lastFrame, unmount } = setup({ width: 80, height: 24 });
  const f = await waitForFrame(lastFrame, (x) => x.includes('munch'));
  const lines = f.split('\n');
  assert.ok(lines.length <= 24, `${lines.length} lines`);
  for (const l of lines) assert.ok(l.replace(/\u001b\[[0-9;]*m/g, '').length <= 80, l);
  assert.match(lines.at(-1)!, /F10/);
  assert.match(f, /MEM%/);
  unmount();
});

test('read-only is said first on the header line, even at 80 columns', async () => {
  const source = fakeSource({ ...sampleSnapshot(), readOnly: true });
  const { lastFrame, unmount } = render(<App source={source} width={80} height={24} color={false} unicode={false} intervalMs={1000} onQuit={() => undefined} />);
  const f = await waitForFrame(lastFrame, (x) => x.includes('munch'));
  assert.match(f.split('\n')[0]!, /^nstop READ-ONLY \(not root\)/);
  unmount();
});
