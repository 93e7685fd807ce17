// The replay in the dashboard (issue 23 item 3) on a small real recording (made by the
// recorder from made-up snapshots: test/helpers/synthetic-recording.ts): the time bar,
// stepping a sample back and on, ±1 min, event to event, the filter kept while moving,
// actions refused with the reason, the Processes view saying it is not recorded; and the
// live dashboard's R into the recording of a running recorder (this test holds the
// recorder's flock itself) and back, or one line when none runs.
import { lineWith, plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { openReplay } from '../../src/record/replay-source.js';
import { lockRecordDir } from '../../src/record/lock.js';
import { replayProps } from '../../src/cli/replay-props.js';
import { liveReplay } from '../../src/cli/live-replay.js';
import { formatClock } from '../../src/ui/format.js';
import { writeSynthetic } from '../helpers/synthetic-recording.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

const tmp = mkdtempSync(join(tmpdir(), 'nstop-replay-ui-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'rec');
mkdirSync(dir);
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
// 30 min at 5 s, 6 containers, an oom_kill of c1 every 7 min
const syn = writeSynthetic(dir, { from: T0, hours: 0.5, fullHours: 0.5, containers: 6, eventEveryMs: 7 * 60_000 });
const base = { color: false, unicode: true, intervalMs: 5000, onQuit: () => {}, width: 160, height: 40 };
const LEFT = '\u001b[D';
const RIGHT = '\u001b[C';

async function press(stdin: { write(s: string): void }, keys: string): Promise<void> {
  stdin.write(keys);
  await tick();
  await tick();
}

test('the time bar, a sample back and on, ±1 min, event to event, filters kept, actions off', async () => {
  const src = openReplay(dir, syn.samples[100]);
  const r = render(<App {...base} {...replayProps(src, false, true)} />);
  try {
    const at = (t: number) => waitForFrame(r.lastFrame, (f) => (lineWith(f, ' REPLAY ') ?? '').includes(formatClock(t)));
    let f = await at(syn.samples[100]!);
    const bar = lineWith(f, ' REPLAY ')!;
    assert.match(bar, /REPLAY {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[─!●]+\] \d\d:\d\d:\d\d…\d\d:\d\d:\d\d/);
    // events marked on the bar: the four oom_kills of the half hour
    assert.equal(bar.match(/!/g)?.length, 4);
    assert.match(plain(f), /READ-ONLY {2}replay: host figures and processes are not recorded; synthetic \/tmp\//);
    // nothing refreshes in a replay: the header names the recorded sample, no interval
    assert.match(plain(f), /Recorded sample #\d+ at \d\d:\d\d:\d\d/);
    assert.doesNotMatch(plain(f), /Refresh /);
    await press(r.stdin, LEFT);
    await at(syn.samples[99]!);
    await press(r.stdin, ',');
    await at(syn.samples[98]!);
    await press(r.stdin, RIGHT);
    await at(syn.samples[99]!);
    await press(r.stdin, 'w');
    await at(syn.samples[99 + 12]!);
    await press(r.stdin, 'b');
    await at(syn.samples[99]!);
    // the filter (\) narrows the rows and stays while the replay moves
    await press(r.stdin, '\\');
    for (const ch of 'c4') await press(r.stdin, ch);
    await press(r.stdin, '\r');
    f = await waitForFrame(r.lastFrame, (x) => !/^ c[0-35] /m.test(plain(x)) && /^ c4 /m.test(plain(x)));
    await press(r.stdin, '.');
    f = await at(syn.samples[100]!);
    assert.match(plain(f), /^ c4 /m);
    assert.doesNotMatch(plain(f), /^ c[0-35] /m);
    await press(r.stdin, '\u001b');
    // ) : the next event; the bar says its time, the log has it
    await press(r.stdin, ')');
    const ev = syn.events.find((e) => e.t > syn.samples[100]!)!;
    f = await waitForFrame(r.lastFrame, (x) => (lineWith(x, ' REPLAY ') ?? '').includes(`(event ${formatClock(ev.t)}.`));
    assert.match(plain(f), new RegExp(`${formatClock(ev.t)} c1 oom_kill 1 \\(\\+1\\) memory`));
    // actions are off, said in one line
    await press(r.stdin, 'k');
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('replay: actions are off'));
    await press(r.stdin, ']');
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('replay: actions are off'));
    // + and -: a replay has no refresh to change, said (not "refresh every 2s")
    await press(r.stdin, '+');
    f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('a replay does not refresh'));
    assert.doesNotMatch(plain(f), /refresh every/);
    // the Processes view: not recorded, said
    await press(r.stdin, '3');
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('processes are not recorded'));
    // R in `nstop replay`: nothing live to go back to
    await press(r.stdin, 'R');
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('replay: no live dashboard to go back to'));
  } finally {
    r.unmount();
    src.close();
  }
});

test('the live dashboard: R with no recorder says so; with one it replays its end, R again is live', async () => {
  const live = fakeSource(sampleSnapshot());
  const none = join(tmp, 'none');
  // no recorder: a /proc of its own with no lock in it (this host's may list other
  // people's recorders)
  const proc = join(tmp, 'proc');
  mkdirSync(proc);
  writeFileSync(join(proc, 'locks'), '1: POSIX  ADVISORY  WRITE 18642 fe:00:1451824 0 EOF\n');
  let rerender: () => void = () => {};
  const quiet = liveReplay(false, true, () => rerender(), none, proc);
  const r = render(<App {...base} source={live} readOnly={false} {...quiet.props()} />);
  try {
    await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
    await press(r.stdin, 'R');
    await waitForFrame(r.lastFrame, (f) => plain(f).includes('R: no recorder is running'));
    r.unmount();
    // a running recorder: its flock on <dir>/lock (held here, as nstop record holds it)
    const lock = lockRecordDir(dir);
    const lr = liveReplay(false, true, () => rerender(), dir);
    const r2 = render(<App {...base} source={live} readOnly={false} {...lr.props()} />);
    rerender = () => r2.rerender(<App {...base} source={live} readOnly={false} {...lr.props()} />);
    try {
      await waitForFrame(r2.lastFrame, (f) => plain(f).includes('box'));
      await press(r2.stdin, 'R');
      let f = await waitForFrame(r2.lastFrame, (x) => (lineWith(x, ' REPLAY ') ?? '').includes(formatClock(syn.samples.at(-1)!)));
      assert.match(plain(f), new RegExp(`replay of ${dir} \\(R: back to live\\)`));
      assert.match(plain(f), /host figures and processes are not recorded/);
      assert.match(lineWith(f, ' REPLAY ')!, /R live/);
      assert.doesNotMatch(plain(f), /Refresh /);
      await press(r2.stdin, 'R');
      f = await waitForFrame(r2.lastFrame, (x) => !plain(x).includes(' REPLAY ') && plain(x).includes('live again'));
      assert.match(plain(f), /box/);
      assert.match(plain(f), /Refresh \d/);
    } finally {
      r2.unmount();
      lr.close();
      lock.release();
    }
  } finally {
    quiet.close();
  }
});
