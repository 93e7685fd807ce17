// `nstop replay` bad input (issue 23 items 3 and 6), through the real CLI: --at outside
// the recording or not a time, a directory it cannot read, a foreign file where a
// segment should be, no recording, a stray argument, an option of another command:
// one line each with its exit code, before any screen, and nothing in the directory
// changed. The unreadable directory is read as nobody (root reads anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from '../helpers/act.js';
import { isRoot } from '../helpers/root.js';
import { writeSynthetic } from '../helpers/synthetic-recording.js';

const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-replay-bad-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'rec');
mkdirSync(dir);
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
writeSynthetic(dir, { from: T0, hours: 0.25, fullHours: 0.25, containers: 3 });

const nstop = (args: string[], as?: number) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, ...(as !== undefined ? { uid: as, gid: as } : {}) });

const listing = (d: string) => readdirSync(d).map((n) => `${n}:${statSync(join(d, n)).size}:${statSync(join(d, n)).mtimeMs}`).sort();

test('bad input to nstop replay: one line each, its exit code, nothing changed', () => {
  const foreign = join(tmp, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'seg-1796205600000.nsr'), '\u0089PNG\r\n\u001a\n not a recording');
  const before = listing(dir);
  const cases: [string[], number, RegExp][] = [
    [['replay', '--dir', dir, '--at', '2026-12-01T10:00Z'], 2, /^nstop: --at \S+ \S+ is outside the recording in \S+ \(2026-12-02 \S+ … 2026-12-02 \S+\)\n$/],
    [['replay', '--dir', dir, '--at', '2026-12-02T11:00Z'], 2, /is outside the recording/],
    [['replay', '--dir', dir, '--at', 'yesterday'], 2, /^nstop: bad --at "yesterday": use e\.g\. 1h, "10m ago", 2026-12-03T03:12, now\n$/],
    [['replay', '--dir', foreign], 125, /^nstop: \S+seg-1796205600000\.nsr: not an nstop recording\n$/],
    [['replay', '--dir', join(tmp, 'nothing')], 125, /^nstop: no recording in \S+nothing \(start one with nstop record --dir \S+\)\n$/],
    [['replay', '--dir', join(dir, 'seg-x')], 125, /^nstop: no recording in/],
    [['replay', '--dir', dir, 'extra'], 2, /^nstop: usage: nstop replay \[--dir D\] \[--at "10m ago"\|ISO time\]\n$/],
    [['replay', '--dir', dir, '--format', 'csv'], 2, /^nstop: --format does not apply to nstop replay\n$/],
    [['ls', '--at', '1h'], 2, /^nstop: --at does not apply to nstop ls\n$/],
    // a good recording, but no terminal (a test's stdio): said, not a broken screen
    [['replay', '--dir', dir], 2, /^nstop: nstop replay needs a terminal; for scripts use nstop dump or events --since\n$/],
  ];
  for (const [args, code, msg] of cases) {
    const r = nstop(args);
    assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(listing(dir), before);
});

test('a directory nstop replay cannot read: one line', { skip: !isRoot && 'needs root (to run nstop as nobody)' }, () => {
  const closed = join(tmp, 'closed');
  mkdirSync(closed);
  writeSynthetic(closed, { from: T0, hours: 0.1, fullHours: 0.1, containers: 1 });
  chmodSync(tmp, 0o755);
  chmodSync(closed, 0o700);
  const r = nstop(['replay', '--dir', closed], 65534);
  assert.equal(r.status, 125, r.stderr);
  assert.match(r.stderr, /^nstop: cannot read \S+closed: EACCES\n$/);
});
