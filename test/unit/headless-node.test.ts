import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEADLESS_NODE, headlessArgv, headlessEnv } from '../../src/cli/headless-node.js';

const DASHBOARD = ['--max-semi-space-size=2', '--heap-growing-percent=30', '--single-threaded-gc', '--interrupt-budget=1081344'];
const SERVE = HEADLESS_NODE.serve.flags;
const RECORD = HEADLESS_NODE.record.flags;

test("serve starts node again with its flags in place of the dashboard's memory flags, the rest kept", () => {
  const argv = headlessArgv(HEADLESS_NODE.serve, '/usr/bin/node', [...DASHBOARD, '--cpu-prof'], ['/usr/bin/node', '/opt/nstop/dist/src/cli.js', 'serve', '--listen', '127.0.0.1:9758']);
  assert.deepEqual(argv, ['/usr/bin/node', '--cpu-prof', ...SERVE, '/opt/nstop/dist/src/cli.js', 'serve', '--listen', '127.0.0.1:9758']);
});

test('once running with them it does not start again (no exec loop)', () => {
  assert.equal(headlessArgv(HEADLESS_NODE.serve, '/usr/bin/node', ['--cpu-prof', ...SERVE], ['/usr/bin/node', 'cli.js', 'serve']), undefined);
  assert.equal(headlessArgv(HEADLESS_NODE.record, '/usr/bin/node', [...RECORD], ['/usr/bin/node', 'cli.js', 'record']), undefined);
  // node run by hand without the #! line's flags: serve's are added
  assert.deepEqual(headlessArgv(HEADLESS_NODE.serve, '/usr/bin/node', [], ['/usr/bin/node', 'cli.js', 'serve']), ['/usr/bin/node', ...SERVE, 'cli.js', 'serve']);
});

test("record's set replaces the #! flags, once each (those it keeps it names again)", () => {
  const argv = headlessArgv(HEADLESS_NODE.record, '/usr/bin/node', [...DASHBOARD, '--no-opt'], ['/usr/bin/node', 'cli.js', 'record', '--dir', '/d']);
  assert.deepEqual(argv, ['/usr/bin/node', ...RECORD, 'cli.js', 'record', '--dir', '/d']);
  for (const f of RECORD) assert.equal(argv!.filter((a) => a === f).length, 1, f);
  assert.ok(!argv!.includes('--single-threaded-gc'), '--single-threaded covers it');
});

test("the new image's environment: the recorder's malloc arenas, unless the user set them", () => {
  assert.deepEqual(headlessEnv(HEADLESS_NODE.record, {}), { MALLOC_ARENA_MAX: '1' });
  assert.deepEqual(headlessEnv(HEADLESS_NODE.record, { MALLOC_ARENA_MAX: '4' }), {});
  assert.deepEqual(headlessEnv(HEADLESS_NODE.serve, {}), {});
});
