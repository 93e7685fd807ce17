// The connector's datagrams as host/procfs/proc-events.ts reads them: the fork, exec and
// exit read on this machine (node 6765 forking 6777, which ran /bin/true), laid out as the
// kernel sends them (nlmsghdr 16 bytes, cn_msg 20, proc_event from offset 36).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatchEvent } from '../../src/host/procfs/proc-events.js';

function datagram(what: number, ...words: number[]): Buffer {
  const b = Buffer.alloc(76);
  b.writeUInt32LE(76, 0);
  b.writeUInt16LE(3, 4); // NLMSG_DONE
  b.writeUInt32LE(1, 16); // CN_IDX_PROC
  b.writeUInt32LE(1, 20); // CN_VAL_PROC
  b.writeUInt16LE(40, 32); // sizeof(struct proc_event)
  b.writeUInt32LE(what, 36);
  b.writeUInt32LE(1, 40); // cpu
  b.writeBigUInt64LE(12_345_678_901n, 44); // timestamp_ns
  words.forEach((w, i) => b.writeUInt32LE(w, 52 + 4 * i));
  return b;
}

function seen(buf: Buffer, length = buf.length): string[] {
  const out: string[] = [];
  dispatchEvent(buf, length, {
    fork: (pid, tgid) => void out.push(`fork ${pid}/${tgid}`),
    exec: (tgid) => void out.push(`exec ${tgid}`),
    exit: (pid, tgid) => void out.push(`exit ${pid}/${tgid}`),
  });
  return out;
}

test('fork, exec and exit give the child, its tgid and the exiting task', () => {
  assert.deepEqual(seen(datagram(0x1, 6765, 6765, 6777, 6777)), ['fork 6777/6777']);
  assert.deepEqual(seen(datagram(0x1, 6777, 6777, 6790, 6777)), ['fork 6790/6777'], 'a thread');
  assert.deepEqual(seen(datagram(0x2, 6777, 6777)), ['exec 6777']);
  assert.deepEqual(seen(datagram(0x80000000, 6777, 6777, 0, 17, 6765, 6765)), ['exit 6777/6777']);
});

test('other kinds and datagrams too short for their event are skipped', () => {
  assert.deepEqual(seen(datagram(0x200, 6777, 6777)), [], 'comm');
  assert.deepEqual(seen(datagram(0x0, 0)), [], 'the ack of a listen request');
  assert.deepEqual(seen(datagram(0x1, 6765, 6765, 6777, 6777), 60), [], 'a fork cut short');
  assert.deepEqual(seen(Buffer.alloc(40), 40), []);
});
