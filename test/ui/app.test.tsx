// The dashboard in ink-testing-library: views, keys, sizes, colour and ASCII modes.
// helpers/ink.js first: it turns colour on before chalk loads.
import { lineWith, plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { formatClock } from '../../src/ui/format.js';
import { KEYMAP, keyLabel } from '../../src/ui/keymap.js';
import { fakeSource, sampleSnapshot, T0, type FakeSource } from '../helpers/sample-snapshot.js';
import type { Snapshot } from '../../src/model/types.js';

type Opts = { width?: number; height?: number; color?: boolean; unicode?: boolean; readOnly?: boolean; snapshot?: Snapshot | null };

function setup(o: Opts = {}) {
  const source: FakeSource = fakeSource(o.snapshot === null ? undefined : (o.snapshot ?? sampleSnapshot()));
  let quits = 0;
  const props = { source, color: o.color ?? true, unicode: o.unicode ?? true, readOnly: o.readOnly ?? false, intervalMs: 1000, onQuit: () => void quits++ };
  const size = { width: o.width ?? 160, height: o.height ?? 45 };
  const r = render(<App {...props} {...size} />);
  const resize = (width: number, height: number) => r.rerender(<App {...props} width={width} height={height} />);
  /** the first frame is on screen and effects (key listener, subscription) have run */
  const ready = async (text = 'box') => {
    await waitForFrame(r.lastFrame, (f) => plain(f).includes(text));
    await tick();
    await tick();
  };
  return { ...r, source, quits: () => quits, resize, ready };
}

const F1 = '\u001bOP';
const F10 = '\u001b[21~';
const ESC = '\u001b';
const INVERSE = '\u001b[7m';
/** the row shown selected (inverse; only rows use inverse when colour is on) */
const selectedRow = (f: string) => plain(f.split('\n').find((l) => l.includes(INVERSE)) ?? '');
/** names in the order their rows appear */
const rowOrder = (f: string, names: string[]) => {
  const lines = plain(f).split('\n');
  const at = (n: string) => lines.findIndex((l) => l.startsWith(` ${n} `) || l.startsWith(`*${n} `));
  return names.filter((n) => at(n) >= 0).sort((a, b) => at(a) - at(b));
};
const fits = (f: string, w: number, h: number) => {
  const lines = plain(f).split('\n');
  assert.ok(lines.length <= h, `${lines.length} lines > ${h}`);
  for (const l of lines) assert.ok(Array.from(l).length <= w, `wider than ${w}: "${l}"`);
};

test('"sampling…" until the first snapshot, then the dashboard', async () => {
  const { lastFrame, source, unmount } = setup({ snapshot: null });
  await waitForFrame(lastFrame, (f) => plain(f).includes('sampling…'));
  source.push(sampleSnapshot());
  await waitForFrame(lastFrame, (f) => plain(f).includes('1 Containers') && plain(f).includes('box'));
  unmount();
});

test('containers at 160x45: closest to its memory limit first, limits, n/a, events, header', async () => {
  const { lastFrame, unmount } = setup();
  const f = await waitForFrame(lastFrame, (x) => plain(x).includes('munch'));
  const lines = plain(f).split('\n');
  const at = (name: string) => lines.findIndex((l) => l.startsWith(` ${name} `));
  assert.deepEqual(rowOrder(f, ['web', 'sh', 'munch', 'box']), ['box', 'munch', 'web', 'sh'], 'box 94% > munch 30% > web (no limit), sh (n/a)');
  const box = lines[at('box')]!;
  assert.match(box, /36\.0\/50/, 'cpu against its 0.5-cpu limit');
  assert.match(box, /█+▋▕ +60\.0MiB\/64\.0MiB +93\.8 +█░+▕ +5\/20/, 'bars end at the limit line');
  assert.match(box, /c0\.1 m2\.3 i0\.0/);
  assert.match(box, /[▁▂▃▄▅▆▇█]{4}/, 'sparklines');
  assert.match(lines[at('web')]!, /no limit +120\.0MiB +n\/a +9\/max/);
  assert.match(plain(f), /munch .*░+▕ +1\/64/, 'the pids bar');
  assert.match(lines[at('sh')]!, /ad-hoc +running +6001 +n\/a n\/a +n\/a +n\/a n\/a +n\/a/, 'no cgroup of its own: n/a, never 0');
  assert.match(plain(f), /MEM%▼/);
  assert.match(plain(f), new RegExp(`${formatClock(T0 - 1000)} munch oom_kill 3 \\(\\+1\\)`));
  assert.match(lines[0]!, /testhost +Linux 6\.8\.0-45-generic +cgroup v2 +4 CPUs +up 3d 04:12/);
  assert.match(lines[1]!, /Mem\[.*6\.0GiB\/16\.0GiB\] Swp\[n\/a +\] +Load 0\.52 0\.41 0\.30 +PSI some10 cpu 0\.8 mem 1\.5 io 0\.2/);
  assert.match(lines[2]!, new RegExp(`Refresh 1s +Sample #1 at ${formatClock(T0 + 1000)}`));
  assert.doesNotMatch(plain(f), /READ-ONLY/);
  assert.match(lines.at(-1)!, /^F1Help  F2Setup F3SearchF4FilterF5Tree  F6SortByF7LaunchF8RemoveF9Kill  F10Quit/);
  fits(f, 160, 45);
  unmount();
});

test('Tab, Shift-Tab and 1-3 switch views; the sampler reads process stats only for Processes', async () => {
  const { lastFrame, stdin, source, unmount, ready } = setup();
  await ready();
  assert.deepEqual(source.demands.at(-1)?.processStats, 'none');
  assert.deepEqual(source.demands.at(-1)?.fresh, { processes: false, namespaces: false }, 'tables off screen may be a few ticks old');
  assert.deepEqual(source.demands.at(-1)?.watch, ['nstop:box', 'nstop:munch', 'docker:3f2a9c0b7d1eabababababababababababababababababababababababababab', 'ad-hoc:pidns:4026532701'], 'the rows on screen are watched');
  stdin.write('\t');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS') && source.demands.at(-1)?.fresh?.namespaces === true);
  assert.match(lineWith(f, '4026532604')!, /net +3 +5200 root +nginx: master.* web/);
  assert.match(lineWith(f, /4026531840 net/)!, /\[host\] box,sh,munch/);
  stdin.write('\t');
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('NSPID') && source.demands.at(-1)?.processStats === 'all');
  assert.match(lineWith(f, '[kthreadd]')!, /^ +2 +- root/);
  assert.match(lineWith(f, 'stress')!, /4101 +2 root +R +31\.0 +2\.0MiB +1 m-pui--- box/);
  assert.match(lineWith(f, / 6001 /)!, /6001 +1 alice +S +n\/a +n\/a +n\/a/);
  stdin.write('\u001b[Z');
  await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS') && source.demands.at(-1)?.processStats === 'none');
  stdin.write('3');
  await waitForFrame(lastFrame, (x) => plain(x).includes('NSPID') && source.demands.at(-1)?.processStats === 'all');
  stdin.write('1');
  await waitForFrame(lastFrame, (x) => plain(x).includes('MEM%') && source.demands.at(-1)?.processStats === 'none');
  stdin.write('2');
  await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS'));
  const kinds = source.demands.map((d) => d.processStats).filter((k, i, all) => i === 0 || all[i - 1] !== k);
  assert.deepEqual(kinds, ['none', 'all', 'none', 'all', 'none']);
  unmount();
});

test('sort: > moves to the next column, I inverts, the header marks it', async () => {
  const { lastFrame, stdin, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => plain(f).includes('MEM%▼'));
  stdin.write('I');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('MEM%▲'));
  assert.deepEqual(rowOrder(f, ['box', 'munch', 'web', 'sh']).slice(0, 2), ['munch', 'box'], 'ascending; unknown still last');
  stdin.write('>');
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('PIDS▼'));
  stdin.write('\u001b[17~'); // F6
  await waitForFrame(lastFrame, (x) => plain(x).includes('PSI some10▼'));
  stdin.write('<');
  await waitForFrame(lastFrame, (x) => plain(x).includes('PIDS▼'));
  unmount();
});

test('filter (\\ or F4) keeps matching rows; Esc clears it', async () => {
  const { lastFrame, stdin, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
  stdin.write('\\');
  await waitForFrame(lastFrame, (f) => plain(f).includes('Filter: _'));
  stdin.write('docker');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('Filter: docker_'));
  assert.deepEqual(rowOrder(f, ['box', 'munch', 'web', 'sh']), ['web']);
  assert.match(plain(f), /1 Containers 1\/4/);
  stdin.write('\r');
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('filter "docker"'));
  stdin.write(ESC);
  f = await waitForFrame(lastFrame, (x) => !plain(x).includes('filter "docker"'));
  assert.ok(lineWith(f, ' box '));
  stdin.write('\u001bOS'); // F4
  await waitForFrame(lastFrame, (x) => plain(x).includes('Filter: _'));
  stdin.write('zzz');
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('no rows match "zzz"'));
  unmount();
});

test('search (/ or F3) jumps to a match; F3 again and n find the next', async () => {
  const { lastFrame, stdin, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => selectedRow(f).includes(' box '));
  stdin.write('3');
  await waitForFrame(lastFrame, (f) => plain(f).includes('NSPID'));
  stdin.write('/');
  await waitForFrame(lastFrame, (f) => plain(f).includes('Search: _'));
  stdin.write('nginx');
  let f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes('nginx'));
  const first = selectedRow(f);
  stdin.write('\u001bOR'); // F3: next
  f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes('nginx') && selectedRow(x) !== first);
  const second = selectedRow(f);
  stdin.write('\r');
  await waitForFrame(lastFrame, (x) => plain(x).includes('search "nginx"'));
  stdin.write('n');
  f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes('nginx') && selectedRow(x) !== second);
  stdin.write('/');
  stdin.write('nothing-like-it');
  await waitForFrame(lastFrame, (x) => plain(x).includes('no match'));
  unmount();
});

test('tree mode (t or F5) in Processes indents children under parents', async () => {
  const { lastFrame, stdin, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
  stdin.write('3');
  await waitForFrame(lastFrame, (f) => plain(f).includes('NSPID'));
  stdin.write('t');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('(tree)'));
  assert.match(lineWith(f, / 901 /)!, /│ └─-bash *$/);
  assert.match(lineWith(f, / 5201 /)!, /  ├─nginx: worker process *$/);
  assert.match(lineWith(f, /kworker/)!, /└─\[kworker\/0:1-events\] *$/);
  stdin.write('\u001b[15~'); // F5 off
  f = await waitForFrame(lastFrame, (x) => !plain(x).includes('(tree)'));
  assert.doesNotMatch(plain(f), /├─|└─/);
  stdin.write('2');
  await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS'));
  stdin.write('t');
  await waitForFrame(lastFrame, (x) => plain(x).includes('t: Processes or Containers view only'));
  unmount();
});

test('help (F1 or ?) lists every key and its help from the keymap table; any key returns', async () => {
  const { lastFrame, stdin, quits, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
  stdin.write(F1);
  const f = plain(await waitForFrame(lastFrame, (x) => plain(x).includes('nstop help')));
  for (const b of KEYMAP) {
    const keys = b.keys.map(keyLabel).join(' ');
    assert.match(plain(f), new RegExp(`${keys.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} +${b.help.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`), `help shows "${keys}  ${b.help}"`);
  }
  assert.match(plain(f), /MEM% +memory use as % of its limit/, 'the column legend comes from the column table');
  stdin.write('q');
  await waitForFrame(lastFrame, (x) => !plain(x).includes('nstop help') && plain(x).includes('MEM%'));
  assert.equal(quits(), 0, 'q on the help screen only closes it');
  stdin.write('?');
  await waitForFrame(lastFrame, (x) => plain(x).includes('nstop help'));
  stdin.write(ESC);
  await waitForFrame(lastFrame, (x) => !plain(x).includes('nstop help'));
  unmount();
});

test('Space tags a row (marked *) and moves down', async () => {
  const { lastFrame, stdin, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => selectedRow(f).includes(' box '));
  stdin.write(' ');
  const f = await waitForFrame(lastFrame, (x) => /^\*box /m.test(plain(x)));
  assert.match(selectedRow(f), /^ munch /);
  assert.match(plain(f), /tagged 1/);
  unmount();
});

test('Enter drills into a container or a namespace; Esc and Backspace go back to all', async () => {
  const { lastFrame, stdin, source, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => selectedRow(f).includes(' box '));
  stdin.write('\r');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('Processes [box]') && source.demands.at(-1)?.processStats === 'all');
  assert.deepEqual(plain(f).split('\n').filter((l) => / (4100|4101|4102) /.test(l)).length, 3);
  assert.equal(lineWith(f, '/sbin/init'), undefined);
  assert.match(plain(f), /processes of box \(Esc: all\)/);
  stdin.write(ESC);
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('/sbin/init'));
  assert.doesNotMatch(f, /\[box\]/);
  stdin.write('2');
  await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS'));
  stdin.write('\\');
  stdin.write('4026532604'); // web's net namespace
  await waitForFrame(lastFrame, (x) => plain(x).includes('Filter: 4026532604_'));
  stdin.write('\r');
  await waitForFrame(lastFrame, (x) => plain(x).includes('filter "4026532604"'));
  stdin.write('\r');
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('Processes [net:[4026532604]]'));
  assert.deepEqual(plain(f).split('\n').filter((l) => /nginx/.test(l)).length, 3);
  assert.equal(lineWith(f, '/sbin/init'), undefined);
  stdin.write('\u007f'); // Backspace
  await waitForFrame(lastFrame, (x) => plain(x).includes('/sbin/init') && !plain(x).includes('[net:'));
  unmount();
});

test('NO_COLOR: no colour codes at all; with colour there are some', async () => {
  const colour = setup();
  const c = await waitForFrame(colour.lastFrame, (f) => plain(f).includes('box'));
  assert.match(c, /\u001b\[(3[0-7]|9[0-7]|4[0-7]|10[0-7])m/);
  colour.unmount();
  const { lastFrame, stdin, unmount, ready } = setup({ color: false });
  await ready();
  const frames = [await waitForFrame(lastFrame, (f) => plain(f).includes('box'))];
  for (const [key, seen] of [['2', 'NPROCS'], ['3', 'NSPID'], ['t', '(tree)'], [F1, 'nstop help']] as const) {
    stdin.write(key);
    frames.push(await waitForFrame(lastFrame, (f) => plain(f).includes(seen)));
  }
  for (const f of frames) assert.doesNotMatch(f, /\u001b\[(3[0-9]|9[0-7]|4[0-9]|10[0-7])(;[0-9]+)*m/);
  unmount();
});

test('ASCII mode: nothing but ASCII in bars, sparklines, tree and marks', async () => {
  const { lastFrame, stdin, unmount, ready } = setup({ unicode: false });
  await ready();
  const frames = [await waitForFrame(lastFrame, (f) => plain(f).includes('box'))];
  assert.match(lineWith(frames[0]!, ' box ')!, /#######.? +60\.0MiB\/64\.0MiB/);
  assert.match(frames[0]!, /MEM%v/);
  for (const [key, seen] of [['2', 'NPROCS'], ['3', 'NSPID'], ['t', '(tree)'], [F1, 'nstop help']] as const) {
    stdin.write(key);
    frames.push(await waitForFrame(lastFrame, (f) => plain(f).includes(seen)));
  }
  assert.match(frames[3]!, /`-\[kworker/);
  for (const f of frames) assert.doesNotMatch(plain(f), /[^\x00-\x7f]/);
  unmount();
});

test('a new snapshot re-renders; the selection stays on its container when rows reorder', async () => {
  const { lastFrame, stdin, source, unmount, ready } = setup();
  await ready();
  await waitForFrame(lastFrame, (f) => selectedRow(f).includes(' box '));
  stdin.write('\u001b[B'); // Down: munch
  await waitForFrame(lastFrame, (f) => selectedRow(f).includes(' munch '));
  const next = sampleSnapshot({ seq: 2 });
  next.containers.find((c) => c.name === 'munch')!.stats!.memory.current = 99 * 1024 * 1024; // now closest to its limit
  source.push(next);
  const f = await waitForFrame(lastFrame, (x) => plain(x).includes('Sample #2 ') && plain(x).includes('37.0/50'));
  assert.deepEqual(rowOrder(f, ['box', 'munch']), ['munch', 'box'], 'munch moved to the top');
  assert.match(selectedRow(f), / munch /, 'and the selection moved with it');
  unmount();
});

test('80x24: every view fits, F-keys on the last line; resizing follows the props', async () => {
  const { lastFrame, stdin, resize, unmount, ready } = setup({ width: 80, height: 24 });
  await ready();
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('box'));
  fits(f, 80, 24);
  assert.match(plain(f).split('\n').at(-1)!, /F10Quit/);
  assert.match(plain(f), /MEM%/);
  // STATUS stays at 80 (running, paused and stopped must differ); the pids bar goes first
  assert.match(lineWith(f, ' box ')!, /^ box +running +\S+ .*60\.0MiB\/64\.0MiB +93\.8 /);
  for (const [key, seen] of [['2', 'NPROCS'], ['3', 'NSPID'], ['t', '(tree)'], [F1, 'nstop help']] as const) {
    stdin.write(key);
    fits(await waitForFrame(lastFrame, (x) => plain(x).includes(seen)), 80, 24);
  }
  stdin.write(ESC);
  stdin.write('1');
  await waitForFrame(lastFrame, (x) => plain(x).includes('MEM%'));
  resize(160, 45);
  f = await waitForFrame(lastFrame, (x) => plain(x).includes('RX/TX'));
  fits(f, 160, 45);
  resize(60, 15);
  f = await waitForFrame(lastFrame, (x) => !plain(x).includes('RX/TX') && !plain(x).includes('OOMK'));
  fits(f, 60, 15);
  unmount();
});

test('only visible rows render; PgDn/End scroll to the rest', async () => {
  const { lastFrame, stdin, unmount, ready } = setup({ width: 100, height: 12 });
  await ready();
  await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
  stdin.write('3');
  let f = await waitForFrame(lastFrame, (x) => plain(x).includes('NSPID'));
  const rowsShown = (fr: string) => plain(fr).split('\n').filter((l) => /^. +\d+ /.test(l)).length;
  assert.equal(rowsShown(f), 5, '12 lines - 3 header - tabs - table header - status - F-keys');
  stdin.write('\u001b[F'); // End
  f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes(' 6001 '));
  assert.equal(rowsShown(f), 5);
  stdin.write('\u001b[H'); // Home
  f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes('stress'));
  stdin.write('\u001b[6~'); // PgDn: a page down, the window with it
  f = await waitForFrame(lastFrame, (x) => selectedRow(x).includes('[kthreadd]'));
  assert.equal(lineWith(f, / 4101 /), undefined);
  unmount();
});

test('read-only shows in the header and refuses kill; warnings are counted', async () => {
  const ro = setup({ readOnly: true, width: 80, height: 24, snapshot: sampleSnapshot({ warnings: ['/proc/1/ns/net: permission denied', '/proc/1/ns/pid: permission denied'] }) });
  await ro.ready();
  const f = ro.lastFrame() ?? '';
  assert.match(plain(f).split('\n')[0]!, /^nstop READ-ONLY \(not root\)/);
  assert.match(plain(f), /2 warnings: \/proc\/1\/ns\/pid: permission denied/);
  ro.stdin.write('\u001b[20~'); // F9
  await waitForFrame(ro.lastFrame, (x) => plain(x).includes('read-only: run as root to act'));
  ro.unmount();
});

test('q and F10 quit (once)', async () => {
  for (const key of ['q', F10]) {
    const { lastFrame, stdin, quits, unmount, ready } = setup();
    await ready();
    await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
    await tick();
    stdin.write(key);
    for (let i = 0; i < 200 && quits() === 0; i++) await tick();
    assert.equal(quits(), 1, key);
    unmount();
  }
});

test('unmount unsubscribes from the source', async () => {
  const { lastFrame, source, unmount } = setup();
  await waitForFrame(lastFrame, (f) => plain(f).includes('box'));
  assert.equal(source.listeners(), 1);
  unmount();
  assert.equal(source.listeners(), 0);
});
