// The gate in front of Ink's internals (src/ui/ink/): the fast Output.get goes in only on
// the Ink version package.json pins, and when it does not, the reason reaches the header.
import { plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { installFastInkOutput, loadInkParts, uninstallFastInkOutput } from '../../src/ui/ink/install-fast-output.js';
import { setUpInk } from '../../src/ui/ink/setup.js';
import { installedInkVersion, inkVersionMismatch, pinnedInkVersion } from '../../src/ui/ink/version.js';
import { fakeSource, sampleSnapshot } from '../helpers/sample-snapshot.js';

test('the pin is package.json\'s "ink", and the installed Ink is that exact version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pinnedInkVersion(), pkg.dependencies['ink']);
  assert.equal(installedInkVersion(), pinnedInkVersion());
  assert.equal(inkVersionMismatch('6.8.0', '6.8.0'), undefined);
  assert.equal(inkVersionMismatch('6.9.0', '6.8.0'), 'version 6.9.0 ≠ 6.8.0');
  assert.equal(inkVersionMismatch('6.8.0', '^6.8.0'), 'version 6.8.0 ≠ ^6.8.0', 'a range is not a pin');
});

test('another Ink version: the fast get is not installed, and setUpInk says why', async () => {
  const parts = await loadInkParts();
  const inkGet = parts.Output.prototype.get;
  const other = async () => ({ ...parts, version: '6.9.0' });
  assert.equal(await installFastInkOutput({ load: other }), 'version 6.9.0 ≠ 6.8.0');
  assert.equal(parts.Output.prototype.get, inkGet, 'Ink left as it is');
  assert.deepEqual(await setUpInk({}, { load: other }), { note: 'ink: plain output (version 6.9.0 ≠ 6.8.0)' });
  assert.deepEqual(await setUpInk({ NSTOP_INK_OUTPUT: 'ink' }), { note: 'ink: plain output (NSTOP_INK_OUTPUT=ink)' });
  assert.equal(parts.Output.prototype.get, inkGet);
  const broken = async () => Promise.reject(new Error('no build/output.js'));
  assert.deepEqual(await setUpInk({}, { load: broken }), { note: 'ink: plain output (Output not found: no build/output.js)' });
});

test('the header shows the note, and nothing when there is none', async () => {
  const props = { source: fakeSource(sampleSnapshot()), color: false, unicode: true, readOnly: false, intervalMs: 1000, onQuit: () => undefined, width: 100, height: 30 };
  const r = render(<App {...props} inkNote="ink: plain output (version 6.9.0 ≠ 6.8.0)" />);
  await tick();
  const f = plain(await waitForFrame(r.lastFrame, (x) => x.includes('Sample #')));
  const line = f.split('\n').find((l) => l.includes('Sample #'))!;
  assert.match(line, /Sample #\d+ at \S+ {2}ink: plain output \(version 6\.9\.0 ≠ 6\.8\.0\)/);
  r.rerender(<App {...props} />);
  await tick();
  const g = plain(await waitForFrame(r.lastFrame, (x) => x.includes('Sample #') && !x.includes('ink:')));
  assert.ok(!g.includes('plain output'));
  r.unmount();
});

test('checkLater: installed on the version alone; the probe frame afterwards keeps it, or puts Ink back and says why', async () => {
  const parts = await loadInkParts();
  const inkGet = parts.Output.prototype.get;
  const good = await setUpInk({}, { checkLater: true });
  try {
    assert.notEqual(parts.Output.prototype.get, inkGet, 'installed before any probe');
    assert.equal(good.check?.(), undefined);
    assert.notEqual(parts.Output.prototype.get, inkGet, 'the probe matched: still installed');
  } finally {
    uninstallFastInkOutput();
  }
  // a copy whose rows join differently from Ink's own: the probe must catch it
  const odd = async () => ({ ...parts, join: (cells: Parameters<typeof parts.join>[0]) => parts.join(cells).toUpperCase() });
  const bad = await setUpInk({}, { load: odd, checkLater: true });
  assert.equal(bad.note, undefined);
  assert.notEqual(parts.Output.prototype.get, inkGet);
  assert.equal(bad.check?.(), 'ink: plain output (probe frame differs)');
  assert.equal(parts.Output.prototype.get, inkGet, 'Ink\'s own get is back');
  assert.equal(bad.check?.(), undefined, 'checked once');
});
