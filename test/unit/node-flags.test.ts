// The dashboard's node flags live in two places users start it from: the CLI's #! line
// (`nstop`, the bin) and package.json's start script (`npm start`). They must not drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nodeFlags } from '../bench/node-flags.js';
import { repoRoot as projectRoot } from '../helpers/paths.js';

test('the #! line of the CLI and `npm start` run node with the same flags', () => {
  const cli = `${projectRoot}/dist/src/cli.js`;
  const flags = nodeFlags(cli);
  assert.ok(flags.includes('--max-semi-space-size=2'), flags.join(' '));
  const pkg = JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as { scripts: { start: string } };
  assert.equal(pkg.scripts.start, `node ${flags.join(' ')} dist/src/cli.js`);
});
