// The recording's frame codec: a crash mid-write (a torn last frame, cut at any byte)
// loses that frame only; a damaged frame in the middle is skipped and the ones after it
// read; a file from a newer format or not a recording at all is refused in one line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from '../../src/record/crc32.js';
import { DAMAGED, encodeFrame, FORMAT_VERSION, HEADER_BYTES, scanFrames } from '../../src/record/frame.js';
import { readSegment } from '../../src/record/segments.js';
import { UserError } from '../../src/host/errors.js';

const frames = (n: number) => Array.from({ length: n }, (_, i) => ({ k: 's', t: 1000 + i, data: `sample ${i} ${'x'.repeat(i * 7)}` }));

test('crc32 is the IEEE CRC (the check value of "123456789")', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('every frame reads back, in order', () => {
  const all = frames(5);
  const buf = Buffer.concat(all.map((f) => encodeFrame(f)));
  const r = scanFrames(buf, 'seg');
  assert.deepEqual(r.payloads, all);
  assert.equal(r.damaged, 0);
  assert.equal(r.tornTail, 0);
});

test('a last frame cut at any byte loses that frame only', () => {
  const all = frames(4);
  const whole = Buffer.concat(all.slice(0, 3).map((f) => encodeFrame(f)));
  const last = encodeFrame(all[3]);
  for (let cut = 0; cut < last.length; cut++) {
    const r = scanFrames(Buffer.concat([whole, last.subarray(0, cut)]), 'seg');
    assert.deepEqual(r.payloads, all.slice(0, 3), `cut at ${cut}`);
    assert.equal(r.tornTail, cut, `cut at ${cut}`);
    assert.equal(r.damaged, 0, `cut at ${cut}`);
  }
});

test('a bad CRC in the middle skips that frame, the ones after it are read', () => {
  const all = frames(5);
  const parts = all.map((f) => encodeFrame(f));
  parts[2]![HEADER_BYTES + 1]! ^= 0x40; // one bit of the payload
  const r = scanFrames(Buffer.concat(parts), 'seg');
  assert.deepEqual(r.payloads, [all[0], all[1], DAMAGED, all[3], all[4]]);
  assert.equal(r.damaged, 1);
});

test('a damaged length in the middle: the next frame is found by its magic', () => {
  const all = frames(4);
  const parts = all.map((f) => encodeFrame(f));
  parts[1]!.writeUInt32LE(0x7fffffff, 6);
  const r = scanFrames(Buffer.concat(parts), 'seg');
  assert.deepEqual(r.payloads, [all[0], DAMAGED, all[2], all[3]]);
});

test('a frame of a newer format is refused in one line, naming the file', () => {
  const f = encodeFrame({ k: 'head' });
  f[4] = FORMAT_VERSION + 1;
  assert.throws(() => scanFrames(f, '/rec/seg-1.nsr'), (err: unknown) => err instanceof UserError && err.message === `/rec/seg-1.nsr: recorded by a newer nstop (format ${FORMAT_VERSION + 1}; this one reads up to ${FORMAT_VERSION})`);
});

test('a file that is not a recording is refused in one line', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    const path = join(dir, 'seg-0000000001000.nsr');
    writeFileSync(path, 'hello, I am a text file\n');
    assert.throws(() => readSegment({ path, start: 1000, bytes: 24 }), (err: unknown) => err instanceof UserError && err.message === `${path}: not an nstop recording`);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
