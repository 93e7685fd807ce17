// The dashboard's kill on process rows: a pid whose start time is not the row's (reused
// since it was shown) is never signalled, and tagged rows are signalled together, one
// that already exited not sparing the others.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActContext } from '../../src/act/context.js';
import { startTimeOf } from '../../src/act/liveness.js';
import { StateStore } from '../../src/act/state.js';
import { createDashboardActions } from '../../src/cli/dashboard-actions.js';
import type { UiTarget } from '../../src/ui/actions.js';
import { fakeSource } from '../helpers/sample-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-dash-kill-'));
const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
after(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const ctx = { store: new StateStore(dir), procRoot: '/proc', cgroupBase: '/nstop' } as unknown as ActContext;
const actions = createDashboardActions(ctx, fakeSource(), async () => 0);

test('a reused pid is not signalled; the row that is still itself is', async () => {
  await once(child, 'spawn');
  const pid = child.pid!;
  const start = startTimeOf(pid)!;
  const row = (starttime: number): UiTarget => ({ kind: 'process', name: `sleep (pid ${pid})`, pid, starttime, managed: false });
  await assert.rejects(actions.perform({ type: 'kill', targets: [row(start + 1)], signal: 'TERM' }), /already exited/);
  assert.equal(startTimeOf(pid), start, 'the process lives on');
  const exited = once(child, 'exit');
  assert.equal(await actions.perform({ type: 'kill', targets: [row(start + 1), row(start)], signal: 'TERM' }), 'TERM sent to 1 of 2 processes');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGTERM');
});
