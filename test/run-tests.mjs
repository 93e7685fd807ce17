#!/usr/bin/env node
// Runs every compiled test file under dist/test with node's test runner.
// Node 20's `node --test` neither finds .ts files nor expands globs, so list them here.
// Usage: node test/run-tests.mjs [lane ...]   lanes: unit ui integration e2e runtimes (default: all)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const base = 'dist/test';
const lanes = process.argv.slice(2);
const dirs = lanes.length > 0 ? lanes : ['unit', 'ui', 'integration', 'e2e', 'runtimes'];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.test.js') ? [p] : [];
  });
}

const files = dirs.flatMap((d) => walk(join(base, d))).sort();
if (files.length === 0) {
  console.error(`run-tests: no compiled tests under ${base} for ${dirs.join(', ')} (did tsc run?)`);
  process.exit(1);
}
// One file at a time: root tests create cgroups/namespaces and the machine has 2 cores.
const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
