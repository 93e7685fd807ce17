// A source that cannot act (nstop --prometheus: src/fleet/) in the dashboard: the HOST
// column shows when rows carry a host (sorted and filtered like any column), every action
// key says the source's reason in one line, views it has no rows for say why.
import { lineWith, plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

const WHY = 'read from Prometheus: actions are off';

function setup(withHosts: boolean) {
  const snap = sampleSnapshot();
  const hosts = ['node-b', 'node-a', 'node-c', 'node-a'];
  // as Prometheus gives it: containers, no processes
  const s = withHosts ? { ...snap, processes: [], containers: snap.containers.map((c, i) => ({ ...c, host: hosts[i % hosts.length]! })) } : snap;
  const source = { ...fakeSource(s), readOnly: { label: 'READ-ONLY (Prometheus)', why: WHY }, unavailable: { processes: 'processes are not available from Prometheus' } };
  return render(<App source={source} width={160} height={45} color={false} unicode readOnly={false} intervalMs={1000} onQuit={() => undefined} />);
}

test('HOST after NAME when rows have hosts; F4 filters by it like any column', async () => {
  const r = setup(true);
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  assert.match(lineWith(f, ' NAME ')!, /^ NAME +HOST +/);
  assert.match(lineWith(f, 'READ-ONLY')!, /nstop READ-ONLY \(Prometheus\)/);
  await tick();
  // F4 node-a: only node-a's rows
  r.stdin.write('\u001bOS');
  for (const ch of 'node-a') r.stdin.write(ch);
  r.stdin.write('\r');
  f = await waitForFrame(r.lastFrame, (x) => !/node-b|node-c/.test(plain(x).split('\n').slice(5).join('\n')));
  assert.ok(plain(f).includes('node-a'));
  r.unmount();
});

test('without hosts there is no HOST column', async () => {
  const r = setup(false);
  const f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  assert.ok(!/ HOST /.test(lineWith(f, ' NAME ')!));
  r.unmount();
});

test('every action key says the source\'s reason; Processes say they are not available', async () => {
  const r = setup(true);
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
  await tick();
  for (const key of ['k', 'e', 'L', 'z', 'a', 'M', 'B']) {
    r.stdin.write(key);
    await waitForFrame(r.lastFrame, (x) => plain(x).includes(WHY));
    r.stdin.write('\u001b');
    await waitForFrame(r.lastFrame, (x) => !plain(x).includes(WHY));
  }
  r.stdin.write('3');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('processes are not available from Prometheus'));
  r.unmount();
});
