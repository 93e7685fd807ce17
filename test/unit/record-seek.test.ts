// Replay's seek index (src/record/seek-index.ts, replay.ts): a recording made by the real
// recorder at made-up times (an hour downsampled, two at 5 s), opened at any of its
// samples, walked a sample at a time across segments, event to event, ±1 h; a damaged
// frame costs only its keyframe run; a segment still being written is indexed further
// as it grows; bad input is one line.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeSynthetic } from '../helpers/synthetic-recording.js';
import { openReplay } from '../../src/record/replay-source.js';
import { extendIndex, newIndex } from '../../src/record/seek-index.js';
import { listSegments } from '../../src/record/segments.js';
import { downsampleOld } from '../../src/record/downsample.js';
import { parseLocks } from '../../src/record/find-recorder.js';
import { UserError } from '../../src/host/errors.js';
import { localTime } from '../../src/record/entry-text.js';

const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-seek-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const dir = join(tmp, 'rec');
mkdirSync(dir);
// 10:00-11:00 one sample a minute, 11:00-13:00 every 5 s; an oom_kill every 37 min
const syn = writeSynthetic(dir, { from: T0, hours: 3, fullHours: 2, containers: 4, eventEveryMs: 37 * 60_000 });
const memOf = (n: number, i: number) => (64 + ((i * 7 + n) % 97)) * 2 ** 20;

test('the synthetic recording is what the recorder makes of 3 h: three segments, the first downsampled', () => {
  const segs = listSegments(dir);
  assert.equal(segs.length, 3);
  assert.equal(syn.samples.length, 60 + 2 * 720);
  assert.equal(syn.events.length, 5);
  const first = newIndex(segs[0]!);
  extendIndex(first);
  assert.equal((first.head as { resolutionMs?: number }).resolutionMs, 60_000);
});

test('opened at any sample, it shows that sample with its figures', () => {
  for (let n = 0; n < syn.samples.length; n += 37) {
    const src = openReplay(dir, syn.samples[n]!);
    try {
      assert.equal(src.place()!.time, syn.samples[n]);
      const s = src.current()!;
      assert.equal(s.time, syn.samples[n]);
      assert.deepEqual(s.containers.map((c) => c.name), ['c0', 'c1', 'c2', 'c3']);
      assert.equal(s.containers[2]!.stats!.memory.current, memOf(n, 2));
      assert.equal(s.namespaces.length, 4);
      // the events up to that moment, and none after
      assert.deepEqual(s.events.map((e) => e.time), syn.events.map((e) => e.t).filter((t) => t <= syn.samples[n]!));
    } finally {
      src.close();
    }
  }
  // between two samples: the one before
  const src = openReplay(dir, syn.samples[100]! + 2500);
  assert.equal(src.place()!.time, syn.samples[100]);
  src.close();
});

test('a sample at a time across segments, forward and back, every one in order', () => {
  const src = openReplay(dir, T0);
  const seen = [src.place()!.time];
  while (src.move({ kind: 'step', dir: 1 }) === '') seen.push(src.place()!.time);
  assert.deepEqual(seen, syn.samples);
  assert.equal(src.move({ kind: 'step', dir: 1 }), 'the end of the recording');
  for (let k = 0; k < 30; k++) src.move({ kind: 'step', dir: -1 });
  assert.equal(src.place()!.time, syn.samples[syn.samples.length - 31]);
  src.close();
});

test('event to event, ±1 h, the ends', () => {
  const src = openReplay(dir, T0);
  const times = syn.events.map((e) => e.t);
  for (const t of times) {
    assert.equal(src.move({ kind: 'event', dir: 1 }), `event at ${localTime(t)}`);
    const p = src.place()!;
    assert.equal(p.at, t);
    // the last sample before the event is shown, the event in the log
    assert.ok(p.time <= t && syn.samples.includes(p.time));
    assert.equal(syn.samples.find((x) => x > p.time)! > t, true);
    assert.equal(src.current()!.events.at(-1)!.time, t);
    assert.match(src.current()!.events.at(-1)!.detail!, /^memory \S+ of 256\.0MiB/);
  }
  assert.equal(src.move({ kind: 'event', dir: 1 }), 'no later event in the recording');
  src.move({ kind: 'event', dir: -1 });
  assert.equal(src.place()!.at, times[times.length - 2]);
  src.move({ kind: 'edge', dir: -1 });
  assert.equal(src.place()!.time, T0);
  src.move({ kind: 'jump', ms: 3_600_000 });
  assert.equal(src.place()!.time, T0 + 3_600_000);
  src.move({ kind: 'jump', ms: 60_000 });
  assert.equal(src.place()!.time, T0 + 3_660_000);
  src.move({ kind: 'edge', dir: 1 });
  assert.equal(src.place()!.time, syn.samples.at(-1));
  assert.equal(src.move({ kind: 'jump', ms: 60_000 }), 'the end of the recording');
  src.close();
});

test('a damaged frame costs only the samples of its keyframe run', () => {
  const seg = listSegments(dir)[2]!;
  const ix = newIndex(seg);
  extendIndex(ix);
  // a delta frame in the middle: flip a byte of its payload (its CRC no longer holds)
  const victim = ix.entries[ix.samples[305]!]!;
  assert.equal(victim.key, false);
  const copy = join(tmp, 'damaged');
  mkdirSync(copy);
  const bytes = readFileSync(seg.path);
  bytes[victim.off + 20] = bytes[victim.off + 20]! ^ 0xff;
  writeFileSync(join(copy, seg.path.split('/').pop()!), bytes);
  const dix = newIndex(listSegments(copy)[0]!);
  extendIndex(dix);
  assert.equal(dix.damaged, 1);
  const lost = ix.samples.length - dix.samples.length;
  assert.ok(lost >= 1 && lost <= 12, `lost ${lost}`);
  // a sample after it in the same keyframe run: the replay shows the last good one
  const src = openReplay(copy, ix.entries[ix.samples[305]!]!.t);
  assert.ok(src.place()!.time < victim.t);
  assert.equal(src.current()!.containers.length, 4);
  src.close();
});

test('a segment still being written is indexed further as it grows; a cut frame waits', () => {
  const seg = listSegments(dir)[2]!;
  const whole = newIndex(seg);
  extendIndex(whole);
  const grow = join(tmp, 'grow');
  mkdirSync(grow);
  const path = join(grow, seg.path.split('/').pop()!);
  const bytes = readFileSync(seg.path);
  const cut = whole.entries[400]!.off + 7; // inside a frame's header
  writeFileSync(path, bytes.subarray(0, cut));
  const ix = newIndex({ ...seg, path });
  extendIndex(ix);
  assert.equal(ix.scanned, whole.entries[400]!.off);
  assert.equal(ix.damaged, 0);
  writeFileSync(path, bytes);
  extendIndex(ix);
  assert.deepEqual(ix.samples, whole.samples);
  assert.deepEqual(ix.events, whole.events);
});

test('a segment rewritten by downsampling or deleted by retention under the replay: it goes on by time', () => {
  const copy = join(tmp, 'rewritten');
  mkdirSync(copy);
  for (const seg of listSegments(dir)) copyFileSync(seg.path, join(copy, seg.path.split('/').pop()!));
  const at = T0 + 90 * 60_000;
  const src = openReplay(copy, at);
  assert.equal(src.move({ kind: 'step', dir: 1 }), '');
  assert.equal(src.place()!.time, at + 5000);
  // the recorder, an hour on, downsamples the middle segment (11:00-12:00) in place
  assert.equal(downsampleOld(copy, T0 + 4 * 3_600_000 + 1).length, 1);
  assert.equal(src.move({ kind: 'step', dir: 1 }), '');
  // one sample a minute now: the next one after 11:30:05
  assert.equal(src.place()!.time, at + 60_000);
  // retention deletes the first two segments: the replay goes on from the oldest left
  for (const seg of listSegments(copy).slice(0, 2)) rmSync(seg.path);
  src.move({ kind: 'step', dir: 1 });
  src.move({ kind: 'step', dir: -1 });
  assert.equal(src.move({ kind: 'step', dir: -1 }), 'the start of the recording');
  assert.equal(src.place()!.time, T0 + 2 * 3_600_000);
  src.close();
});

test('bad input: --at outside, a foreign file, not a directory, no recording: one line each', () => {
  const refused = (fn: () => unknown, re: RegExp, kind: string) => {
    assert.throws(fn, (err: unknown) => err instanceof UserError && re.test(err.message) && !err.message.includes('\n') && err.kind === kind);
  };
  refused(() => openReplay(dir, T0 - 1000), /^--at \S+ \S+ is outside the recording in .* \(2026-12-02 \S+ … 2026-12-02 \S+\)$/, 'usage');
  refused(() => openReplay(dir, syn.samples.at(-1)! + 3 * 5000), /is outside the recording/, 'usage');
  const foreign = join(tmp, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'seg-1796205600000.nsr'), 'PK\u0003\u0004 not a recording');
  refused(() => openReplay(foreign, undefined), /seg-1796205600000\.nsr: not an nstop recording$/, 'failure');
  const file = join(tmp, 'a-file');
  copyFileSync(listSegments(dir)[0]!.path, file);
  refused(() => openReplay(file, undefined), /a-file: not a recording directory/, 'failure');
  refused(() => openReplay(join(tmp, 'none'), undefined), /^no recording in .*none/, 'failure');
  const empty = join(tmp, 'empty');
  mkdirSync(empty);
  refused(() => openReplay(empty, undefined), /^no recording in .*empty/, 'failure');
});

test('/proc/locks: the flocks held for writing, by pid and inode', () => {
  // lines of this host's /proc/locks (a POSIX lock is no recorder's)
  const text = '1: POSIX  ADVISORY  WRITE 18642 fe:00:1451824 0 EOF\n2: FLOCK  ADVISORY  WRITE 2231 00:2b:77 0 EOF\n3: FLOCK  ADVISORY  READ 2232 00:2b:78 0 EOF\n';
  assert.deepEqual(parseLocks(text), [{ pid: 2231, ino: 77 }]);
});
