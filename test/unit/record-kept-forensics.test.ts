// Which sample's figures an OOM kill is recorded with. memory.stat is read when the
// recorder takes a sample, after the sampler's own reads; the watcher reports a kill
// whenever it comes. A kill between the two used to hand the event the memory left once
// the victim was gone (v2 CI: anon 19 MB where the victim alone held 30). The figures now
// carry the counters read just after them, and an event takes the newest figures read
// wholly before its first count.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecording } from '../../src/record/read.js';
import { createRecorder } from '../../src/record/recorder.js';
import type { Forensics } from '../../src/record/records.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';

const MiB = 1024 * 1024;

function row(oomKill: number): ContainerRow {
  const zero = { value: 0 };
  return {
    id: 'nstop:eater', name: 'eater', runtime: 'nstop', cgroupPath: '/c', cgroupRef: { unified: '/c', v1: {} }, ownCgroup: true, pids: [], nprocs: 2, ns: {}, isolated: [], command: 'sh', status: 'running',
    stats: { memory: { current: 40 * MiB, max: 48 * MiB, workingSet: 40 * MiB, oomKill }, pids: { current: 3, max: 20 }, cpu: {}, psi: {}, memoryFormula: 'v2' },
    cpuPct: 0, counters: { oom: zero, oomKill: { value: oomKill }, memoryMaxHits: zero, memoryHighHits: zero, pidsMax: zero, throttled: zero },
    history: { cpuPct: [], memoryBytes: [] },
  } as ContainerRow;
}

test('a kill between a sample and its memory.stat read: the event takes the sample before', () => {
  const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-kept-'));
  const group = join(tmp, 'c');
  mkdirSync(group);
  // as the kernel writes them (v2): "anon 31457280", "oom_kill 0", "max 0"
  const cgroup = (anonMiB: number, kills: number) => {
    writeFileSync(join(group, 'memory.stat'), `anon ${anonMiB * MiB}\nfile 36864\nkernel 442368\nshmem 0\nsock 0\n`);
    writeFileSync(join(group, 'memory.events'), `low 0\nhigh 0\nmax 12\noom 1\noom_kill ${kills}\noom_group_kill 0\n`);
    writeFileSync(join(group, 'pids.events'), 'max 0\n');
  };
  const dir = join(tmp, 'rec');
  mkdirSync(dir);
  try {
    const rec = createRecorder({ dir, intervalMs: 500, retainMs: 86_400_000, maxBytes: 2 ** 30, host: 'h', layout: { mode: 'v2', root: tmp, unified: tmp, v1: {}, v2Controllers: ['memory', 'pids'] }, kmsgPath: '/nonexistent/kmsg', warn: (t) => assert.fail(t) });
    const snap = (seq: number, kills: number) => rec.snapshot({ seq, time: 1_000_000 + seq * 500, host: {} as never, containers: [row(kills)], namespaces: [], processes: [], events: [], warnings: [], readOnly: false } as Snapshot);
    cgroup(31, 0);
    snap(0, 0);
    // sample 1 read its files, then the kernel killed the 30 MB process before the
    // recorder read memory.stat
    cgroup(19, 1);
    snap(1, 0);
    rec.event({ time: 1_000_600, containerId: 'nstop:eater', container: 'eater', kind: 'oom_kill', value: 1, delta: 1 });
    // the next kill, with samples read after the first one: the newest of them
    snap(2, 1);
    cgroup(25, 1);
    snap(3, 1);
    rec.event({ time: 1_001_600, containerId: 'nstop:eater', container: 'eater', kind: 'oom_kill', value: 2, delta: 1 });
    // an event whose kills none of the kept figures came before (all read after it)
    cgroup(10, 5);
    for (const seq of [4, 5, 6]) snap(seq, 5);
    rec.event({ time: 1_003_100, containerId: 'nstop:eater', container: 'eater', kind: 'oom_kill', value: 5, delta: 3 });
    rec.close();
    const got: Forensics[] = [];
    readRecording(dir, -Infinity, Infinity, { event: (e) => got.push(e.f!) });
    assert.deepEqual(
      got.map((f) => [f.source, f.at, f.memoryStat?.anon]),
      [
        ['last-sample', 1_000_000, 31 * MiB],
        ['last-sample', 1_001_500, 25 * MiB],
        ['at-event', 1_003_100, 10 * MiB],
      ],
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
