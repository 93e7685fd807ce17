// `nstop record` as root against a real container OOM-killed under its limits (memory
// 48M, swap 0, cpus 0.5): the recording holds the oom_kill with its forensics (memory.stat
// parts, the processes by RSS at the last sample before it, the victim from the kernel
// log); a second recorder on the same dir is refused in one line; a SIGKILLed recorder
// loses nothing it wrote before, and the next one starts on the same dir.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSegmentWriter, listSegments } from '../../src/record/segments.js';
import { scanFrames } from '../../src/record/frame.js';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { until } from '../helpers/until.js';
import { scaled } from '../helpers/time-scale.js';
import { actHarness, cli, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (cgroups with limits, /dev/kmsg)');
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-rec');
const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-rec-'));
const dir = join(tmp, 'record');
const recorders: ChildProcess[] = [];

/** a recorder, resolved once it says it is recording (its first sample is written) */
function recorder(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [cli, 'record', '--dir', dir, '--interval', '500ms'], { env: { ...process.env, NSTOP_STATE_DIR: h!.stateDir }, stdio: ['ignore', 'ignore', 'pipe'] });
  recorders.push(proc);
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const late = setTimeout(() => reject(new Error(`the recorder did not say it is recording within ${scaled(60_000)} ms: ${lines.join(' | ')}`)), scaled(60_000));
    createInterface({ input: proc.stderr! }).on('line', (l) => {
      lines.push(l);
      if (l.startsWith('nstop record: recording ')) {
        clearTimeout(late);
        resolve(proc);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(late);
      reject(new Error(`recorder ended (${code}): ${lines.join(' | ')}`));
    });
  });
}

/** its exit code (or signal), or an error naming what it was told if it does not end */
function ended(proc: ChildProcess, told: string): Promise<number | string> {
  return new Promise((resolve, reject) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode ?? proc.signalCode!);
    const late = setTimeout(() => reject(new Error(`the recorder did not end within ${scaled(60_000)} ms of ${told}`)), scaled(60_000));
    proc.once('exit', (code, signal) => {
      clearTimeout(late);
      resolve(code ?? signal!);
    });
  });
}


type Line = { type: string; time: string; containers?: { name: string; memory: number | null; memoryMax: number | 'max' | null }[] };
const dumpLines = (): Line[] => {
  const r = h!.nstop(['dump', '--dir', dir, '--format', 'json'], { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
};
const sampleTimes = (lines: Line[]) => lines.filter((l) => l.type === 'sample').map((l) => l.time);

type Ev = { kind: string; container: string; forensics?: { source: string; processes: { comm: string; rss: number | null }[]; memoryStat: Record<string, number | null> | null; memoryMax: number | null; victim?: { pid: number; comm: string }; kernelLog: string } };

let oomTestEnded = false;
after(async () => {
  // held or failed midway: the container's figures as the kernel has them, for the next look
  if (h && !oomTestEnded) console.log(`record test: nstop ls --json at the end: ${h.nstop(['ls', '--json']).stdout.replace(/\s+/g, ' ').slice(0, 4000)}`);
  for (const p of recorders) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await h?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

// Each step says when it starts (the spec output shows it as it comes): a run that ends
// by its timeout then names where it was held.
const t0 = Date.now();
const step = (what: string) => console.log(`record test, ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

test('an OOM kill is recorded with its forensics; a second recorder is refused; a SIGKILLed recorder loses nothing written', { skip, timeout: scaled(180_000) }, async () => {
  step('starting a recorder');
  const first = await recorder();
  step('a second recorder on the same dir');
  const twice = h!.nstop(['record', '--dir', dir]);
  assert.equal(twice.status, 125);
  assert.match(twice.stderr, /^nstop: another nstop record \(pid \d+\) is recording into .*\n$/);

  const name = h!.name('oom');
  // one tail holds 30M of 48M (the recorder keeps its processes from then on); once the
  // test says go (SIGUSR1 to its init: the container's /tmp is its own), a second tail
  // eats until the kernel kills one of them
  const script = 'trap "go=1" USR1; cat /dev/zero | tail -c 30000000 >/dev/null & while [ -z "$go" ]; do sleep 0.1; done; head -c 300000000 /dev/zero | tail >/dev/null; sleep 600';
  step('the container');
  const run = h!.nstop(['run', '-d', '--name', name, '--memory', '48M', '--swap', '0', '--cpus', '0.5', '--', 'sh', '-c', script]);
  assert.equal(run.status, 0, run.stderr);
  step('waiting for a sample above half its limit');
  await until('a sample of it above half its limit', 120_000, () => dumpLines().some((l) => l.containers?.some((c) => c.name === name && c.memory !== null && typeof c.memoryMax === 'number' && c.memory >= c.memoryMax / 2)) || undefined);
  const ls = h!.nstop(['ls', '--json']);
  const pid = (JSON.parse(ls.stdout) as { containers: { name: string; pid: number }[] }).containers.find((c) => c.name === name)!.pid;
  process.kill(pid, 'SIGUSR1');
  step('told it to eat; waiting for its oom_kill in the recording');

  const oom = await until('its oom_kill in the recording', 120_000, () => {
    const r = h!.nstop(['events', '--since', '1h', '--dir', dir, '--json', name]);
    assert.equal(r.status, 0, r.stderr);
    const evs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
    return evs.find((e) => e.kind === 'oom_kill' && e.container === name);
  });
  const f = oom.forensics!;
  assert.ok(f, 'forensics recorded');
  assert.equal(f.source, 'last-sample');
  assert.equal(f.memoryMax, 48 * 1024 * 1024);
  assert.ok(f.processes.some((p) => p.comm === 'tail' && p.rss !== null && p.rss >= 20_000_000), JSON.stringify(f.processes));
  assert.ok(f.memoryStat && f.memoryStat['anon'] !== null && f.memoryStat['anon']! > 20_000_000, JSON.stringify(f.memoryStat));
  assert.equal(f.victim?.comm, 'tail', f.kernelLog);

  const text = h!.nstop(['events', '--since', '1h', '--dir', dir, name]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`  ${name}  oom_kill \\d+ \\(\\+\\d+\\)\\n    memory .* of 48\\.0MiB \\(anon `));
  assert.match(text.stdout, /\n    victim \(\/dev\/kmsg\): pid \d+ tail, anon-rss /);
  assert.match(text.stdout, /\n    processes at the last sample before it, [\d :-]+: \d+\n +PID +RSS  COMMAND\n/);

  // SIGKILL mid-run: every sample read before is still there after
  step('SIGKILL to the recorder');
  const before = sampleTimes(dumpLines());
  first.kill('SIGKILL');
  await ended(first, 'SIGKILL');
  const afterKill = sampleTimes(dumpLines());
  const kept = new Set(afterKill);
  assert.deepEqual(before.filter((t) => !kept.has(t)), [], 'samples lost by the SIGKILL');
  assert.ok(afterKill.length >= before.length);

  // the lock died with it: a new recorder starts on the same dir and ends cleanly
  step('a new recorder on the same dir');
  const next = await recorder();
  step('SIGTERM to the new recorder');
  next.kill('SIGTERM');
  assert.equal(await ended(next, 'SIGTERM'), 0);
  const all = new Set(sampleTimes(dumpLines()));
  assert.deepEqual(afterKill.filter((t) => !all.has(t)), []);
  oomTestEnded = true;
});

test('bad input: one line, exit 2, nothing made', { skip }, () => {
  for (const [args, msg] of [
    [['record', '--dir', '/proc/nstop-no'], /^nstop: --dir \/proc\/nstop-no: cannot record there \(\w+\)\n$/],
    [['record', '--dir', dir, '--interval', '5x'], /^nstop: bad --interval "5x"/],
    [['record', '--dir', dir, '--retain', 'forever'], /^nstop: bad --retain "forever": use e\.g\. 7d, 12h, 30m\n$/],
    [['record', '--dir', dir, '--max-size', '10'], /^nstop: bad --max-size "10": use a size like 2G, 500M\n$/],
    [['dump', '--dir', dir, '--format', 'xml'], /^nstop: bad --format "xml": one of json, csv, openmetrics\n$/],
    [['events', '--since', 'yesterday', '--dir', dir], /^nstop: bad --since "yesterday"/],
    // serve's options and the recorder's are each refused by the other (a recorder told
    // --listen would otherwise start recording as if it served)
    [['record', '--dir', dir, '--listen', '127.0.0.1:1'], /^nstop: --listen does not apply to nstop record\n$/],
    [['ls', '--allow-remote'], /^nstop: --allow-remote does not apply to nstop ls\n$/],
    [['serve', '--dir', dir], /^nstop: --dir does not apply to nstop serve\n$/],
  ] as const) {
    const r = h!.nstop([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  }
});

test('a full disk: the write that fails is cut back off, the segment stays whole frames and takes the next one when space is back', { skip }, () => {
  const small = join(tmp, 'small');
  mkdirSync(small);
  // a 64 KiB tmpfs of our own, unmounted however the test ends
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', `nstop-rec-test-${process.pid}`, small]);
  try {
    const w = createSegmentWriter(small, { host: 'h', interval: 5000 });
    w.startSegment(1_000_000);
    let written = 0;
    let error: NodeJS.ErrnoException | undefined;
    for (let i = 0; i < 1000 && !error; i++) {
      try {
        // random text deflates poorly: the disk fills in a few dozen frames
        w.write({ k: 'e', t: 1_000_000 + i, e: { container: 'x', id: 'x', kind: 'start', value: null, delta: null, detail: randomBytes(1500).toString('hex') } }, false);
        written++;
      } catch (err) {
        error = err as NodeJS.ErrnoException;
      }
    }
    assert.equal(error?.code, 'ENOSPC');
    const [seg] = listSegments(small);
    const scan = scanFrames(readFileSync(seg!.path), seg!.path);
    assert.equal(scan.tornTail, 0);
    assert.equal(scan.damaged, 0);
    assert.equal(scan.payloads.length, written + 1); // + the head frame
    // space again: the next frame follows the last whole one
    rmSync(join(small, 'lock'), { force: true });
    execFileSync('mount', ['-o', 'remount,size=1m', small]);
    w.write({ k: 'e', t: 2_000_000, e: { container: 'x', id: 'x', kind: 'exit', value: null, delta: null } }, true);
    w.close();
    const again = scanFrames(readFileSync(seg!.path), seg!.path);
    assert.equal(again.payloads.length, written + 2);
    assert.equal((again.payloads.at(-1) as { t: number }).t, 2_000_000);
  } finally {
    execFileSync('umount', [small]);
  }
});
