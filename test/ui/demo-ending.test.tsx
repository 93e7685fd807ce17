// The munch demo as the dashboard tells it: while it runs the status line says what it
// does; once its row is stopped by the OOM killer, STATUS says oom-killed, MEMORY its
// peak against its limit, and the status line how it ended (not "eating memory" still).
// helpers/ink.js first: it turns colour on before chalk loads.
import { lineWith, plain, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import type { ActionRequest, DashboardActions } from '../../src/ui/actions.js';
import type { ContainerRow, ManagedInfo, Snapshot } from '../../src/model/types.js';
import { fakeSource, MiB, sampleSnapshot } from '../helpers/sample-snapshot.js';

/** The sample snapshot plus the demo `name`: running at 40M of 64M, or stopped as `ended` says. */
function withDemo(seq: number, name: string, ended?: Partial<ManagedInfo>): Snapshot {
  const s = sampleSnapshot({ seq });
  const box = s.containers.find((c) => c.name === 'box')!;
  const managed: ManagedInfo = { name, status: 'running', createdAt: 0, command: ['munch', '8', '200'], detached: true };
  const row: ContainerRow = ended
    ? { ...box, id: `nstop:${name}`, name, pids: [], nprocs: 0, initPid: undefined, stats: undefined, cpuPct: undefined, status: 'stopped', managed: { ...managed, status: 'stopped', ...ended } }
    : { ...box, id: `nstop:${name}`, name, managed, stats: { ...box.stats!, memory: { ...box.stats!.memory, current: 40 * MiB } } };
  return { ...s, containers: [...s.containers, row] };
}

function setup(first: Snapshot) {
  const source = fakeSource(first);
  const sent: ActionRequest[] = [];
  const actions: DashboardActions = {
    perform: async (r) => (sent.push(r), r.type === 'demo' ? `${r.name}: eating memory under 64M, swap 0, half a CPU (k signals it)` : ''),
    launchedLive: () => [],
    logTail: () => undefined,
  };
  const r = render(<App source={source} width={160} height={45} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} actions={actions} />);
  return { ...r, source, sent };
}

test('M: the message follows the demo; its stopped row says oom-killed with its peak against its limit', async () => {
  const t = setup(sampleSnapshot({ seq: 1 }));
  await waitForFrame(t.lastFrame, (f) => plain(f).includes('F10Quit'));
  t.stdin.write('M');
  await waitForFrame(t.lastFrame, (f) => plain(f).includes('eating memory under 64M'));
  const req = t.sent.find((r) => r.type === 'demo');
  assert.ok(req?.type === 'demo');
  const name = req.name;
  t.source.push(withDemo(2, name));
  let f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #2 '));
  assert.match(plain(f), /eating memory under 64M/, 'still running: the message stands');

  t.source.push(withDemo(3, name, { signal: 9, exitCode: null, final: { oomKill: 1, memoryPeak: 64 * MiB - 4096, memoryMax: 64 * MiB } }));
  f = await waitForFrame(t.lastFrame, (x) => plain(x).includes('Sample #3 '));
  const row = lineWith(f, ` ${name} `)!;
  assert.match(row, / oom-killed /, row);
  assert.match(row, /peak 64\.0MiB\/64\.0MiB/, row);
  assert.doesNotMatch(plain(f), /eating memory/, 'the message followed the state');
  assert.match(plain(f), new RegExp(`${name}: oom-killed, peak 64\\.0MiB/64\\.0MiB \\(D forgets it\\)`));
  t.unmount();
});

test('a SIGKILL the OOM killer did not send (k KILL) is sig 9, not oom-killed', async () => {
  const t = setup(withDemo(1, 'bomb', { signal: 9, exitCode: null, final: { oomKill: 0, pidsMaxHits: 5000, memoryPeak: 3 * MiB, memoryMax: 1024 * MiB } }));
  const f = await waitForFrame(t.lastFrame, (x) => plain(x).includes(' bomb '));
  const row = lineWith(f, ' bomb ')!;
  assert.match(row, / sig 9 /, row);
  assert.doesNotMatch(row, /oom-killed/);
  assert.match(row, /peak 3\.0MiB\/1\.0GiB/, row);
  t.unmount();
});
