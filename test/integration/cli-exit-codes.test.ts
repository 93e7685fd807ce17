// One exit code per kind of error, as root through the real CLI: a command that is not
// there 127, one that cannot run 126 (nothing of either launch left), a name nobody has
// 125 from ps, kill and events alike (events in one line, not a silent wait); rm says
// what it removed; help per command exits 0.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { actHarness, type ActHarness } from '../helpers/act.js';
import { isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (launches containers)');
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-exit');
after(async () => {
  await h?.cleanup();
});

/** One stderr line "nstop: …" matching `re`, and `code`. */
function refused(r: { status: number | null; stderr: string }, code: number, re: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, re);
  assert.equal(r.status, code, r.stderr);
}

describe('exit codes and what the CLI says', { skip }, () => {
  test('run: not found 127, not executable 126, nothing left of either', () => {
    const a = h!.name('nf');
    refused(h!.nstop(['run', '--name', a, '--', '/nonexistent-kb']), 127, /cannot run \/nonexistent-kb: No such file/);
    const b = h!.name('nx');
    refused(h!.nstop(['run', '--name', b, '--', '/etc/passwd']), 126, /cannot run \/etc\/passwd: Permission denied/);
    assert.equal(h!.ctx.store.read(a), undefined);
    assert.equal(h!.ctx.store.read(b), undefined);
  });

  test('no such container: 125 from ps, kill and events (events at once, one line)', () => {
    const ghost = h!.name('ghost');
    for (const args of [['ps', ghost], ['kill', ghost], ['events', ghost]]) {
      refused(h!.nstop(args, { timeout: 60_000 }), 125, new RegExp(`no container named "${ghost}"`));
    }
  });

  test('an image store that is a file: one line, 125, not a stack trace', () => {
    // the harness passes its own --image-store first; the later flag wins
    refused(h!.nstop(['image', 'ls', '--image-store', '/etc/passwd']), 125, /image store \/etc\/passwd: not a directory/);
  });

  test('rm says what it removed', () => {
    const name = h!.name('rmme');
    assert.equal(h!.nstop(['run', '--name', name, '--', 'true']).status, 0);
    const r = h!.nstop(['rm', name]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `removed ${name}\n`);
  });

  test('help, help CMD and CMD --help exit 0; demo is listed', () => {
    const all = h!.nstop(['help']);
    assert.equal(all.status, 0);
    assert.match(all.stdout, /\$ nstop demo munch\|forkbomb/);
    for (const args of [['help', 'run'], ['run', '--help'], ['kill', '-h']]) {
      const r = h!.nstop(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`\\$ nstop ${args[0] === 'help' ? args[1] : args[0]}`));
    }
  });
});
