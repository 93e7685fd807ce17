import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { pidfdOpen, signalNumber, signalPid } from '../../native/pidfd.js';
import { OsError } from '../../src/host/errors.js';

test('signalPid ends a child we started, by pidfd', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const exited = once(child, 'exit');
  signalPid(child.pid!, signalNumber('TERM')!);
  const [code, sig] = await exited;
  assert.equal(code, null);
  assert.equal(sig, 'SIGTERM');
});

test('a gone pid is ESRCH, as an OsError', async () => {
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit');
  assert.throws(() => pidfdOpen(child.pid!), (e: unknown) => e instanceof OsError && e.code === 'ESRCH' && e.syscall === 'pidfd_open');
});

test('signal names and numbers', () => {
  assert.equal(signalNumber('KILL'), 9);
  assert.equal(signalNumber('sigterm'), 15);
  assert.equal(signalNumber(0), 0);
  assert.equal(signalNumber('NOPE'), undefined);
  assert.equal(signalNumber(65), undefined);
  assert.equal(signalNumber(1.5), undefined);
});
