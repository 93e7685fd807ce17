// The dashboard's look ahead (native/firstlook, sampler/first-look.ts): its records, what
// it reads of the fixture /proc (a container's ordinary member only its stat and pid
// link, every other process its identity's files), and that the proc reader and the
// process table read the same from it as from the files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { firstLookPath } from '../../native/firstlook.js';
import { AheadReads, parseFirstLook } from '../../src/host/procfs/first-look.js';
import { createProcReader } from '../../src/host/proc-reader.js';
import { startFirstLook } from '../../src/sampler/first-look.js';
import { createProcessTable } from '../../src/sampler/process-table.js';
import { fixture } from '../helpers/paths.js';

const PROC = fixture('proc');
const helper = firstLookPath();
const skip = helper === undefined ? 'native/build/nstop-firstlook is not built (no C compiler at npm ci)' : undefined;
const sizes = { pageSize: 4096, clockTicks: 100 };

/** The helper's reads of the fixture, run as the dashboard runs it. */
async function lookAtFixture(): Promise<AheadReads> {
  const look = startFirstLook(PROC);
  assert.ok(look, 'the helper starts');
  const reads = await look.reads(60_000);
  assert.ok(reads, 'the helper read the fixture');
  return reads;
}

test('records: a header line "<tag> <pid> <length>" and that many bytes, NULs and newlines kept', () => {
  const rec = (tag: string, text: string) => `${tag} 4242 ${Buffer.byteLength(text)}\n${text}`;
  const body = [
    'p 4242 16\npid:[4026532451]', // as the helper wrote it
    rec('s', '4242 (sleep) S'),
    rec('m', 'sleep\x00300\x00'),
    rec('S', 'Name:\tsleep\nA:\n'),
    rec('n', 'net:[4026531840]'),
  ].join('');
  const r = parseFirstLook(Buffer.from(body));
  assert.equal(r.size, 1);
  assert.equal(r.link(4242, 'pid'), 'pid:[4026532451]');
  assert.equal(r.link(4242, 'net'), 'net:[4026531840]');
  assert.equal(r.link(4242, 'mnt'), undefined, 'not read: the reader reads it itself');
  assert.equal(r.file(4242, 'stat'), '4242 (sleep) S');
  assert.equal(r.file(4242, 'cmdline'), 'sleep\x00300\x00');
  assert.equal(r.file(4242, 'status'), 'Name:\tsleep\nA:\n');
  assert.equal(r.file(4242, 'cgroup'), undefined);
  assert.equal(r.file(1, 'stat'), undefined);
  assert.equal(parseFirstLook(Buffer.alloc(0)).size, 0, 'nothing read: no records');
});

test('an output longer than the reading piece: records across its edges, one near 64 KiB', () => {
  const parts: string[] = [];
  for (let pid = 1; pid <= 3000; pid++) parts.push(`s ${pid} 15\n${String(pid).padStart(5, '0')} (x) S 1 2`);
  const big = `a\x00${'b'.repeat(65_000)}\x00`;
  parts.splice(1500, 0, `m 77 ${big.length}\n${big}`);
  const r = parseFirstLook(Buffer.from(parts.join('')));
  assert.equal(r.size, 3000);
  for (const pid of [1, 1499, 1500, 1501, 3000]) assert.equal(r.file(pid, 'stat'), `${String(pid).padStart(5, '0')} (x) S 1 2`);
  assert.equal(r.file(77, 'cmdline'), big);
});

test('records the helper cannot have written are refused', () => {
  assert.throws(() => parseFirstLook(Buffer.from('s 1 100\n1 (init) S')), /cut short/);
  assert.throws(() => parseFirstLook(Buffer.from('x 1 1\na')), /not a record header/);
  assert.throws(() => parseFirstLook(Buffer.from('s 1 1')), /without its line end/);
});

test('the helper reads a member only at a glance, every other process in full', { skip }, async () => {
  const r = await lookAtFixture();
  // 4243 (python renamed "my (odd) comm") is a member: its parent 4242 shares its pid namespace
  assert.equal(r.link(4243, 'pid'), 'pid:[4026532451]');
  assert.match(r.file(4243, 'stat') ?? '', /^4243 \(my \(odd\) comm\) S 4242 /);
  for (const file of ['status', 'cgroup', 'cmdline'] as const) assert.equal(r.file(4243, file), undefined, `member's ${file}`);
  assert.equal(r.link(4243, 'net'), undefined);
  // hosts' processes and the namespace's init (4242, parent outside it): everything
  for (const pid of [1, 2, 30, 4241, 4242]) {
    for (const file of ['stat', 'status', 'cgroup', 'cmdline'] as const) assert.notEqual(r.file(pid, file), undefined, `${pid}'s ${file}`);
    for (const kind of ['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time'] as const) assert.notEqual(r.link(pid, kind), undefined, `${pid}'s ${kind} link`);
  }
  assert.equal(r.file(2, 'cmdline'), '', 'a kernel thread: an empty command line, read');
  // the zombie keeps only its pid and user links: the others are absent, not made up
  assert.equal(r.link(4250, 'user'), 'user:[4026531837]');
  assert.equal(r.link(4250, 'net'), undefined);
});

test('identities read from the look ahead equal those read from the files', { skip }, async () => {
  const r = await lookAtFixture();
  const fromFiles = createProcReader({ procRoot: PROC, ...sizes });
  const ahead = createProcReader({ procRoot: PROC, ...sizes });
  ahead.useAhead(r);
  for (const pid of [1, 2, 30, 4241, 4242, 4243, 4250]) {
    assert.deepEqual(ahead.identity(pid), fromFiles.identity(pid), `pid ${pid}`);
    assert.deepEqual(ahead.identity(pid, true), fromFiles.identity(pid, true), `pid ${pid}, cheap`);
    assert.deepEqual(ahead.stat(pid), fromFiles.stat(pid));
  }
});

test('the process table takes the look ahead on its first tick only', async () => {
  const real = readFileSync(`${PROC}/30/stat`, 'utf8');
  let asked = 0;
  // pid 30's stat as the helper saw it: another comm than the file's
  const ahead = new AheadReads(new Map([[30, { stat: real.replace('(bash)', '(bash-ahead)') }]]));
  const t = createProcessTable({
    procRoot: PROC,
    reader: createProcReader({ procRoot: PROC, ...sizes, clock: () => 0 }),
    ahead: async () => (asked++, ahead),
    onError: (pid, err) => assert.fail(`pid ${pid}: ${String(err)}`),
  });
  const first = await t.refresh('none');
  assert.equal(first.find((p) => p.pid === 30)?.comm, 'bash-ahead');
  const second = await t.refresh(new Set([30]));
  assert.equal(second.find((p) => p.pid === 30)?.comm, 'bash', 'the second tick reads the file');
  await t.refresh('all');
  assert.equal(asked, 1);
});

/** startFirstLook with NSTOP_FIRSTLOOK set to `helper` for the call. */
function startWith(helper: string) {
  const was = process.env['NSTOP_FIRSTLOOK'];
  process.env['NSTOP_FIRSTLOOK'] = helper;
  try {
    return startFirstLook(PROC);
  } finally {
    if (was === undefined) delete process.env['NSTOP_FIRSTLOOK'];
    else process.env['NSTOP_FIRSTLOOK'] = was;
  }
}

test('without the helper there is no look ahead, and the table reads /proc itself', () => {
  assert.equal(startWith('/nonexistent/nstop-firstlook'), undefined);
});

test('a helper that fails, writes what it cannot have, or does not finish in time gives no reads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-firstlook-test-'));
  try {
    const script = (name: string, body: string): string => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return path;
    };
    assert.equal(await startWith(script('fails', 'exit 3'))!.reads(60_000), undefined);
    assert.equal(await startWith(script('garbage', 'echo "this is not a record"'))!.reads(60_000), undefined);
    // the product's own wait (maxWaitMs), not the test's: the tick goes on without it
    const stuck = startWith(script('stuck', 'exec sleep 300'))!;
    assert.equal(await stuck.reads(50), undefined);
    const good = startWith(helper ?? script('none', 'exit 0'))!;
    assert.ok(await good.reads(60_000), 'a helper that wrote records (or none) and exited 0');
    assert.equal(await good.reads(60_000), undefined, 'the reads go to the first caller only');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
