import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVE_NODE_FLAGS, serveArgv } from '../../src/cli/serve-node-flags.js';

const DASHBOARD = ['--max-semi-space-size=2', '--heap-growing-percent=30', '--single-threaded-gc', '--interrupt-budget=1081344'];

test("serve starts node again with its flags in place of the dashboard's memory flags, the rest kept", () => {
  const argv = serveArgv('/usr/bin/node', [...DASHBOARD, '--cpu-prof'], ['/usr/bin/node', '/opt/nstop/dist/src/cli.js', 'serve', '--listen', '127.0.0.1:9758']);
  assert.deepEqual(argv, ['/usr/bin/node', '--cpu-prof', ...SERVE_NODE_FLAGS, '/opt/nstop/dist/src/cli.js', 'serve', '--listen', '127.0.0.1:9758']);
});

test('once running with them it does not start again (no exec loop)', () => {
  assert.equal(serveArgv('/usr/bin/node', ['--cpu-prof', ...SERVE_NODE_FLAGS], ['/usr/bin/node', 'cli.js', 'serve']), undefined);
  // node run by hand without the #! line's flags: serve's are added
  assert.deepEqual(serveArgv('/usr/bin/node', [], ['/usr/bin/node', 'cli.js', 'serve']), ['/usr/bin/node', ...SERVE_NODE_FLAGS, 'cli.js', 'serve']);
});
