// htop habits: K hides kernel threads in the Processes view (and says so until pressed
// again); htop keys nstop has no counterpart for say "not in nstop" instead of nothing.
// helpers/ink.js first: it turns colour on before chalk loads.
import { plain, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';


function setup() {
  const r = render(<App source={fakeSource(sampleSnapshot())} width={160} height={45} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} />);
  return r;
}

test('K in the Processes view hides kernel threads and shows them again', async () => {
  const r = setup();
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  r.stdin.write('3');
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('NSPID') && plain(x).includes('kthreadd'));
  assert.match(plain(f), /kworker\/0:1-events/);
  r.stdin.write('K');
  f = await waitForFrame(r.lastFrame, (x) => !plain(x).includes('kthreadd'));
  assert.doesNotMatch(plain(f), /kworker/);
  assert.match(plain(f), /sshd/, 'user processes stay');
  assert.match(plain(f), /kernel threads hidden/);
  r.stdin.write('K');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('kthreadd'));
  assert.match(plain(f), /kernel threads shown/);
  r.unmount();
});

test('H: the status line says it is not in nstop; nothing else changes', async () => {
  const r = setup();
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  r.stdin.write('H');
  const f = await waitForFrame(r.lastFrame, (x) => /H \(hide threads\): not in nstop/.test(plain(x)));
  assert.match(plain(f), / box /, 'still the Containers view');
  r.unmount();
});

test('+ and -: the refresh interval steps live; the sampler is told and the header says it', async () => {
  const base = fakeSource(sampleSnapshot());
  const told: number[] = [];
  const source = { ...base, setInterval: (ms: number) => void told.push(ms) };
  const r = render(<App source={source} width={160} height={45} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} />);
  await waitForFrame(r.lastFrame, (f) => plain(f).includes('box'));
  assert.match(plain(r.lastFrame()!), /Refresh 1s /);
  r.stdin.write('+');
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('refresh every 2s'));
  assert.match(plain(f), /Refresh 2s /);
  r.stdin.write('-');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('refresh every 1s'));
  r.stdin.write('-');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('refresh every 500ms'));
  assert.deepEqual(told, [2000, 1000, 500]);
  r.unmount();
});
