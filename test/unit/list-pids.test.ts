// Listing /proc's pids (host/procfs/list-pids.ts): getdents64 on a kept directory fd,
// numbers read off the records, against readdirSync by name.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listPids, PidLister, pidsOf } from '../../src/host/procfs/list-pids.js';

/** linux_dirent64 records as the kernel lays them out, for names given */
function records(names: string[]): Buffer {
  const parts = names.map((name, i) => {
    const reclen = Math.ceil((19 + name.length + 1) / 8) * 8;
    const b = Buffer.alloc(reclen);
    b.writeBigUInt64LE(BigInt(1000 + i), 0);
    b.writeBigInt64LE(BigInt(i + 1), 8);
    b.writeUInt16LE(reclen, 16);
    b.writeUInt8(4, 18);
    b.write(name, 19, 'latin1');
    return b;
  });
  return Buffer.concat(parts);
}

test('only names made of digits are pids, read whole', () => {
  const buf = records(['.', '..', 'fb', 'bus', '1', 'self', '12a', '4194304', '7x', '20', '9']);
  const out: number[] = [];
  pidsOf(buf, buf.length, out);
  assert.deepEqual(out, [1, 4194304, 20, 9]);
  const part: number[] = [];
  // a batch's length ends where the kernel stopped writing: records after it are not read
  const firstFive = records(['.', '..', 'fb', 'bus', '1']).length;
  pidsOf(buf, firstFive, part);
  assert.deepEqual(part, [1]);
});

test('the kept fd lists what readdir lists, in ascending order, again and again', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const lister = new PidLister('/proc');
  try {
    for (let round = 0; round < 3; round++) {
      const before = listPids('/proc');
      const now = lister.list();
      const after = listPids('/proc');
      // a pid in both listings by name lived through the one in between (pids are not
      // reused that fast); one that came or went meanwhile may or may not be in it
      const listed = new Set(now);
      const afterSet = new Set(after);
      for (const pid of before) if (afterSet.has(pid)) assert.ok(listed.has(pid), `pid ${pid} missing`);
      for (let i = 1; i < now.length; i++) assert.ok(now[i - 1]! < now[i]!, 'ascending');
      assert.ok(listed.has(process.pid) && listed.has(child.pid!));
    }
    child.kill('SIGKILL');
    await once(child, 'exit');
    // an ended child is reaped by the exit event: its pid is gone from the listing
    assert.ok(!lister.list().includes(child.pid!));
  } finally {
    child.kill('SIGKILL');
    lister.close();
  }
});

test('a directory that is not procfs is listed by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-list-pids-'));
  try {
    for (const name of ['30', '4', 'self', '12x', '100']) mkdirSync(join(dir, name));
    const lister = new PidLister(dir);
    assert.deepEqual(lister.list(), [4, 30, 100]);
    lister.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
