// Samples as keyframes and column deltas: what is decoded is what was encoded, across
// containers coming, going and being renamed; after a damaged frame nothing is made up
// until the next keyframe. Retention deletes whole old segments. The OpenMetrics dump is
// what promtool backfills.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSampleDecoder, createSampleEncoder, FIELDS, KEY_EVERY } from '../../src/record/sample-codec.js';
import { applyRetention, createSegmentWriter, listSegments } from '../../src/record/segments.js';
import { dumpRecording } from '../../src/record/dump.js';
import { readRecording } from '../../src/record/read.js';
import type { ContainerRow } from '../../src/model/types.js';

const MiB = 1024 * 1024;
function row(name: string, i: number, over: Partial<ContainerRow> = {}): ContainerRow {
  const zero = { value: 0 };
  return {
    id: `docker:${name}`, name, runtime: 'docker', image: 'nginx:1.27', cgroupPath: `/docker/${name}`, ownCgroup: true, pids: [], nprocs: 2, ns: {}, isolated: [], command: 'nginx', status: 'running',
    stats: { memory: { current: 10 * MiB + i * 4096, max: name === 'c' ? 64 * MiB : Infinity, workingSet: 9 * MiB }, pids: { current: 2, max: Infinity }, cpu: { usageUsec: 1000 * i * i, limitCpus: 0.5 }, psi: { memory: { some: { avg10: 0.12 * (i % 3), avg60: 0, avg300: 0, total: 77 * i } } }, memoryFormula: 'v2' },
    cpuPct: 1.5, counters: { oom: zero, oomKill: { value: Math.floor(i / 7) }, memoryMaxHits: zero, memoryHighHits: zero, pidsMax: zero, throttled: zero },
    history: { cpuPct: [], memoryBytes: [] },
    ...over,
  };
}

const frameAt = (i: number): ContainerRow[] => [row('a', i), ...(i >= 3 && i < 20 ? [row('b', i)] : []), row('c', i, i >= 10 ? { name: 'c-renamed' } : {})];

test('decoded samples are the encoded ones, across comings, goings and renames', () => {
  const enc = createSampleEncoder();
  const dec = createSampleDecoder(FIELDS);
  for (let i = 0; i < 30; i++) {
    const rows = frameAt(i);
    const frame = JSON.parse(JSON.stringify(enc.encode(1000 * i, rows)));
    const s = dec.decode(frame)!;
    assert.equal(s.time, 1000 * i);
    assert.deepEqual(s.containers.map((c) => c.name).sort(), rows.map((r) => r.name).sort(), `sample ${i}`);
    for (const r of rows) {
      const c = s.containers.find((x) => x.id === r.id)!;
      assert.equal(c.values['memory'], r.stats!.memory.current);
      assert.equal(c.values['memoryMax'], r.stats!.memory.max);
      assert.equal(c.values['cpuUsageUsec'], r.stats!.cpu.usageUsec);
      assert.equal(c.values['cpuLimit'], 0.5);
      assert.equal(c.values['psiMemorySome10'], Math.round(12 * (i % 3)) / 100);
      assert.equal(c.values['oomKill'], Math.floor(i / 7));
      assert.equal(c.values['swap'], null);
      assert.equal(c.image, 'nginx:1.27');
    }
  }
});

test('after a damaged frame, no sample is made up until the next keyframe', () => {
  const enc = createSampleEncoder();
  const frames = Array.from({ length: KEY_EVERY * 2 }, (_, i) => JSON.parse(JSON.stringify(enc.encode(i, frameAt(i)))));
  const dec = createSampleDecoder(FIELDS);
  for (let i = 0; i < 5; i++) assert.ok(dec.decode(frames[i]));
  dec.damaged(); // frame 5 lost
  for (let i = 6; i < KEY_EVERY; i++) assert.equal(dec.decode(frames[i]), undefined, `frame ${i}`);
  const s = dec.decode(frames[KEY_EVERY])!;
  assert.equal(s.containers.find((c) => c.name === 'a')!.values['cpuUsageUsec'], 1000 * KEY_EVERY * KEY_EVERY);
});

test('a column a later nstop adds is ignored by name; one an older segment lacks reads as not known', () => {
  const enc = createSampleEncoder();
  const frame = JSON.parse(JSON.stringify(enc.encode(0, frameAt(0))));
  frame.cols.futureColumn = frame.rows.map(() => 99);
  const dec = createSampleDecoder([...FIELDS.filter(([n]) => n !== 'swap'), ['notWritten', 1]]);
  const c = dec.decode(frame)!.containers[0]!;
  assert.equal(c.values['notWritten'], null);
  assert.equal(c.values['futureColumn'], undefined);
  assert.equal(c.values['memory'], 10 * MiB);
});

function recording(dir: string, starts: number[], samples: number): void {
  for (const start of starts) {
    const w = createSegmentWriter(dir, { host: 'h', interval: 5000 });
    w.startSegment(start);
    const enc = createSampleEncoder();
    for (let i = 0; i < samples; i++) w.write(enc.encode(start + i * 5000, frameAt(i)), false);
    w.write({ k: 'e', t: start + 7000, e: { container: 'a', id: 'docker:a', kind: 'oom_kill', value: 1, delta: 1 } }, false);
    w.close();
  }
}

test('retention deletes whole segments: older than --retain, then the oldest while over --max-size', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    const h = 3_600_000;
    recording(dir, [0, h, 2 * h, 3 * h], 3);
    assert.equal(listSegments(dir).length, 4);
    // at 4.5 h with 3 h retention: the first ended at 1 h (where the next began), the second at 2 h
    assert.deepEqual(applyRetention(dir, 3 * h, 2 ** 40, 4.5 * h).map((p) => p.slice(-17)), ['0000000000000.nsr']);
    const size = listSegments(dir).reduce((n, s) => n + s.bytes, 0);
    applyRetention(dir, 100 * h, size - 1, 4.5 * h);
    assert.deepEqual(listSegments(dir).map((s) => s.start), [2 * h, 3 * h]);
    const seen: number[] = [];
    readRecording(dir, -Infinity, Infinity, { sample: (s) => seen.push(s.time) });
    assert.deepEqual(seen, [2 * h, 2 * h + 5000, 2 * h + 10000, 3 * h, 3 * h + 5000, 3 * h + 10000]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the OpenMetrics dump has cAdvisor names and timestamps, and promtool backfills it', (t) => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    recording(dir, [1_764_000_000_000], 5);
    let text = '';
    dumpRecording(dir, -Infinity, Infinity, 'openmetrics', (s) => (text += s));
    assert.match(text, /^# TYPE container_memory_usage_bytes gauge\n# HELP container_memory_usage_bytes .*\ncontainer_memory_usage_bytes\{id="\/docker\/a",name="a",image="nginx:1\.27"\} 10485760 1764000000\.000\n/);
    assert.match(text, /\ncontainer_cpu_usage_seconds_total\{id="\/docker\/a",name="a",image="nginx:1\.27"\} 0\.016 1764000020\.000\n/);
    // unlimited: no sample (0 would read as a limit of 0 bytes)
    assert.doesNotMatch(text, /container_spec_memory_limit_bytes\{id="\/docker\/a"/);
    assert.match(text, /\ncontainer_spec_memory_limit_bytes\{id="\/docker\/c",name="c",image="nginx:1\.27"\} 67108864 1764000000\.000\n/);
    assert.ok(text.endsWith('\n# EOF\n'));
    const promtool = spawnSync('promtool', ['--version']);
    if (promtool.error) return t.skip('promtool not installed (Debian: prometheus)');
    writeFileSync(join(dir, 'dump.om'), text);
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'dump.om'), join(dir, 'tsdb')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(existsSync(join(dir, 'tsdb')) && readdirSync(join(dir, 'tsdb')).length > 0);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the Namespaces list is written when it changes, as changes, and read back whole', async () => {
  const { createRecorder } = await import('../../src/record/recorder.js');
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    const rec = createRecorder({ dir, intervalMs: 5000, retainMs: 86_400_000, maxBytes: 2 ** 30, host: 'h', layout: { mode: 'v2', root: '/nonexistent', v1: {}, v2Controllers: [] }, warn: (t) => assert.fail(t) });
    const ns = (n: number, containers: string[]) => ({ ns: 4026532000 + n, type: 'pid' as const, nprocs: 1, pid: 100 + n, user: 'root', command: 'sh', containers, host: false });
    const lists = [[ns(1, ['docker:a'])], [ns(1, ['docker:a'])], [ns(1, ['docker:a']), ns(2, ['docker:c'])], [ns(2, ['docker:c'])]];
    lists.forEach((namespaces, i) => rec.snapshot({ seq: i, time: 1_000_000 + i * 5000, host: {} as never, containers: [row('a', i), row('c', i)], namespaces, processes: [], events: [], warnings: [], readOnly: false }));
    rec.close();
    const seen: { t: number; inodes: number[]; names: string[][] }[] = [];
    readRecording(dir, -Infinity, Infinity, { namespaces: (n) => seen.push({ t: n.t, inodes: n.rows.map((r) => r.ns), names: n.rows.map((r) => r.containers) }) });
    // the second list is the first again: not written
    assert.deepEqual(seen, [
      { t: 1_000_000, inodes: [4026532001], names: [['a']] },
      { t: 1_010_000, inodes: [4026532001, 4026532002], names: [['a'], ['c']] },
      { t: 1_015_000, inodes: [4026532002], names: [['c']] },
    ]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('after a frame that could not be written, the next one is a keyframe', () => {
  const enc = createSampleEncoder();
  const dec = createSampleDecoder(FIELDS);
  assert.ok(dec.decode(JSON.parse(JSON.stringify(enc.encode(0, frameAt(0))))));
  enc.encode(1, frameAt(1)); // lost to a full disk
  enc.forceKey();
  const next = JSON.parse(JSON.stringify(enc.encode(2, frameAt(2))));
  assert.equal(next.key, 1);
  assert.equal(dec.decode(next)!.containers.find((c) => c.name === 'a')!.values['cpuUsageUsec'], 4000);
});

test('segments older than an hour are rewritten at one sample a minute, events kept, values exact', async () => {
  const { downsampleOld } = await import('../../src/record/downsample.js');
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    const h = 3_600_000;
    recording(dir, [0, h], 720); // an hour at 5 s each (the event at 7 s)
    const before: Record<number, unknown> = {};
    const byId = (cs: { id: string }[]) => [...cs].sort((a, b) => a.id.localeCompare(b.id));
    readRecording(dir, -Infinity, h - 1, { sample: (s) => (before[s.time] = byId(s.containers)) });
    const bytes = listSegments(dir)[0]!.bytes;
    assert.deepEqual(downsampleOld(dir, 3 * h).map((p) => p.slice(-17)), ['0000000000000.nsr']);
    assert.deepEqual(downsampleOld(dir, 3 * h), [], 'once only');
    const times: number[] = [];
    const events: number[] = [];
    readRecording(dir, -Infinity, h - 1, {
      sample: (s) => {
        times.push(s.time);
        assert.deepEqual(byId(s.containers), before[s.time]);
      },
      event: (e) => events.push(e.t),
    });
    assert.deepEqual(times, Array.from({ length: 60 }, (_, i) => i * 60_000));
    assert.deepEqual(events, [7000]);
    assert.ok(listSegments(dir)[0]!.bytes < bytes / 4, `${listSegments(dir)[0]!.bytes} of ${bytes}`);
    // the newest segment is untouched
    let newest = 0;
    readRecording(dir, h, Infinity, { sample: () => newest++ });
    assert.equal(newest, 720);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the same Namespaces list handed back by the model is not compared again; a renamed container still makes a new one', async () => {
  const { createRecorder } = await import('../../src/record/recorder.js');
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  try {
    const rec = createRecorder({ dir, intervalMs: 5000, retainMs: 86_400_000, maxBytes: 2 ** 30, host: 'h', layout: { mode: 'v2', root: '/nonexistent', v1: {}, v2Controllers: [] }, warn: (t) => assert.fail(t) });
    const namespaces = [{ ns: 4026532001, type: 'pid' as const, nprocs: 1, pid: 101, user: 'root', command: 'sh', containers: ['docker:a'], host: false }];
    const snap = (i: number, name: string) => rec.snapshot({ seq: i, time: 1_000_000 + i * 5000, host: {} as never, containers: [row('a', i, { name })], namespaces, processes: [], events: [], warnings: [], readOnly: false });
    snap(0, 'a');
    snap(1, 'a');
    snap(2, 'a-renamed');
    rec.close();
    const seen: { t: number; names: string[][] }[] = [];
    readRecording(dir, -Infinity, Infinity, { namespaces: (n) => seen.push({ t: n.t, names: n.rows.map((r) => r.containers) }) });
    assert.deepEqual(seen, [
      { t: 1_000_000, names: [['a']] },
      { t: 1_010_000, names: [['a-renamed']] },
    ]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('an OOM kill of a container not near a limit at the last sample: its processes read at the event, with RSS', async () => {
  const { createRecorder } = await import('../../src/record/recorder.js');
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
  // a real process of this test's own, and a pid that is gone (an exited child)
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const gone = spawnSync('true').pid;
  try {
    const rec = createRecorder({ dir, intervalMs: 5000, retainMs: 86_400_000, maxBytes: 2 ** 30, host: 'h', layout: { mode: 'v2', root: '/nonexistent', v1: {}, v2Controllers: [] }, kmsgPath: '/nonexistent/kmsg', warn: (t) => assert.fail(t) });
    rec.snapshot({ seq: 0, time: 1_000_000, host: {} as never, containers: [row('a', 0, { pids: [child.pid!, gone] })], namespaces: [], processes: [], events: [], warnings: [], readOnly: false });
    assert.equal(rec.demand().processRows, false, 'the recorder asks for no process rows');
    rec.event({ time: 1_002_000, containerId: 'docker:a', container: 'a', kind: 'oom_kill', value: 1, delta: 1 });
    rec.close();
    const events: { source?: string; processes?: { pid: number; comm: string; cmdline: string; rss: number | null }[] }[] = [];
    readRecording(dir, -Infinity, Infinity, { event: (e) => events.push({ source: e.f?.source, processes: e.f?.processes }) });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.source, 'at-event');
    assert.deepEqual(events[0]!.processes!.map((p) => [p.pid, p.comm, p.cmdline]), [[child.pid, 'sleep', 'sleep 30']]);
    assert.ok((events[0]!.processes![0]!.rss ?? 0) > 0, 'its RSS, read at the event');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true });
  }
});
