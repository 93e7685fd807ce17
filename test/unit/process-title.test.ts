import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processTitle } from '../../src/cli/process-title.js';

test('record and serve keep their options in the process title, so ps tells two apart', () => {
  assert.equal(processTitle('record', ['record', '--dir', '/var/lib/nstop/a', '--interval', '5s']), 'nstop record --dir /var/lib/nstop/a --interval 5s');
  assert.equal(processTitle('serve', ['--interval', '2s', 'serve', '--listen', '127.0.0.1:9758']), 'nstop --interval 2s serve --listen 127.0.0.1:9758');
});

test('every other command is plain nstop: run and exec options can carry -e values', () => {
  assert.equal(processTitle('run', ['run', '-e', 'TOKEN=s3cret', '--', 'sh']), 'nstop');
  assert.equal(processTitle('exec', ['exec', 'web', '-e', 'TOKEN=s3cret', 'sh']), 'nstop');
  assert.equal(processTitle(undefined, []), 'nstop');
});
