import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardProcRoot } from '../../src/cli/early-look.js';

test('the dashboard of this host: bare, top, and options it takes', () => {
  assert.equal(dashboardProcRoot([]), '/proc');
  assert.equal(dashboardProcRoot(['top']), '/proc');
  assert.equal(dashboardProcRoot(['--interval', '2s']), '/proc');
  assert.equal(dashboardProcRoot(['--interval=500ms', '--no-color', 'top']), '/proc');
  assert.equal(dashboardProcRoot(['--interval', '2s', 'top', '-h']), undefined);
  assert.equal(dashboardProcRoot(['--interval', '2s', 'top']), '/proc');
  assert.equal(dashboardProcRoot(['--proc-root', '/host/proc', '--cgroup-root=/host/sys/fs/cgroup']), '/host/proc');
  assert.equal(dashboardProcRoot(['--proc-root=/x/proc']), '/x/proc');
  // a value that looks like a word is the option's, not a command
  assert.equal(dashboardProcRoot(['--state-dir', 'ls']), '/proc');
});

test('anything else: no early look (the dashboard starts its own if it is one)', () => {
  for (const argv of [
    ['ls'], ['ps', 'web'], ['top', 'extra'], ['run', '--name', 'x', '--', 'sh'], ['--help'], ['-h'], ['help'],
    ['--prometheus', 'http://127.0.0.1:9090'], ['--interval'], ['--bogus'], ['-z'], ['--json=1'], ['--no-interval'],
    ['--no-color=false'], ['--'], ['-'], ['--interval', '1s', 'serve'], ['top', 'top'],
  ]) {
    assert.equal(dashboardProcRoot(argv), undefined, argv.join(' '));
  }
});
