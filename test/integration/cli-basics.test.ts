// The CLI on the real host: exits cleanly, one-line errors, read-only as non-root,
// and no Ink/React loaded for subcommands.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { CLI_OUTPUT_MAX, repoRoot } from '../helpers/paths.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';

const cli = join(repoRoot, 'dist', 'src', 'cli.js');
const run = (args: string[], opts: { as?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const argv = opts.as ? ['setpriv', `--reuid=${opts.as}`, `--regid=${opts.as}`, '--clear-groups', process.execPath, cli, ...args] : [process.execPath, cli, ...args];
  return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: scaled(30_000), maxBuffer: CLI_OUTPUT_MAX, env: { ...process.env, ...opts.env } });
};

test('nstop ls and ns print tables and JSON', () => {
  const ls = run(['ls']);
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stdout, /^(NAME\s+RUNTIME|no containers)/);
  const ns = run(['ns', '--json']);
  assert.equal(ns.status, 0, ns.stderr);
  const parsed = JSON.parse(ns.stdout) as { namespaces: Array<Record<string, unknown>> };
  const keys = Object.keys(parsed.namespaces[0]!).slice(0, 6);
  assert.deepEqual(keys, ['ns', 'type', 'nprocs', 'pid', 'user', 'command']);
  const types = new Set(parsed.namespaces.map((n) => n.type));
  for (const t of ['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time']) assert.ok(types.has(t), t);
});

test('bad input gives a one-line error and exit 2', () => {
  for (const args of [[], ['bogus'], ['ns', '-t', 'nope'], ['ns', '-p', 'abc'], ['--interval', 'fast', 'ls'], ['ps'], ['ps', 'no-such-container-xyz'], ['ls', '--no-such-flag']]) {
    const r = run(args);
    assert.notEqual(r.status, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('subcommands do not load Ink or React', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'nstop-imports-')), 'imports.txt');
  writeFileSync(log, '');
  const hook = join(repoRoot, 'test', 'helpers', 'record-imports.mjs');
  const r = spawnSync(process.execPath, ['--import', hook, cli, 'ls'], { encoding: 'utf8', env: { ...process.env, NSTOP_IMPORT_LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  rmSync(dirname(log), { recursive: true });
  // the bin is esbuild's bundle (esbuild.config.mjs): a chunk loaded stands for the
  // modules bundle.json lists in it; without the bundle, each module is its own file
  const bundle = join(repoRoot, 'dist', 'src', 'bundle.json');
  const inChunks = existsSync(bundle) ? (JSON.parse(readFileSync(bundle, 'utf8')) as { outputs: { file: string; modules: string[] }[] }).outputs : [];
  const modules = urls.flatMap((u) => inChunks.find((o) => u.endsWith(`/dist/src/${o.file}`))?.modules ?? [u]);
  assert.ok(modules.some((u) => u.includes('dist/src/sampler/')), 'the hook saw the sampler load');
  assert.deepEqual(modules.filter((u) => /node_modules\/(ink|react|ink-testing-library)\//.test(u)), []);
});

const skipNonRoot = skipReason(!isRoot && 'needs root to drop to an unprivileged user', !which('setpriv') && 'needs setpriv (util-linux)');
test('as an unprivileged user nstop ls/ns work (read-only) and never crash', { skip: skipNonRoot }, () => {
  const ls = run(['ls', '--json'], { as: '65534' });
  assert.equal(ls.status, 0, ls.stderr);
  JSON.parse(ls.stdout);
  const ns = run(['ns'], { as: '65534' });
  assert.equal(ns.status, 0, ns.stderr);
});

const skipLsns = skipReason(!which('lsns') && 'needs util-linux lsns');
test('nstop ns --json lists the same namespaces as lsns -J', { skip: skipLsns }, async () => {
  type Ns = { ns: number; type: string; nprocs: number; pid: number; children?: Ns[] };
  const flat = (list: Ns[]): Ns[] => list.flatMap((n) => [n, ...flat(n.children ?? [])]);
  const key = (n: Ns) => `${n.type}:${n.ns}:${n.pid}`;
  // Two readings of a host are one instant apart: a namespace made or left between them
  // (another suite's containers starting, a runtime's short-lived helpers) differs for
  // that reason alone. Compare until a pair agrees; a real difference never does.
  const compare = () => {
    const lsns = spawnSync('lsns', ['-J'], { encoding: 'utf8', maxBuffer: CLI_OUTPUT_MAX });
    const ours = run(['ns', '--json']);
    assert.equal(ours.status, 0, ours.stderr);
    return { a: flat((JSON.parse(lsns.stdout) as { namespaces: Ns[] }).namespaces), b: (JSON.parse(ours.stdout) as { namespaces: Ns[] }).namespaces };
  };
  let { a, b } = compare();
  for (const end = Date.now() + scaled(60_000); b.map(key).sort().join() !== a.map(key).sort().join() && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 500));
    ({ a, b } = compare());
  }
  assert.deepEqual(b.map(key).sort(), a.map(key).sort());
  // host namespaces gain/lose the test's own short-lived processes; others are stable
  for (const n of b) {
    const m = a.find((x) => key(x) === key(n))!;
    assert.ok(Math.abs(m.nprocs - n.nprocs) <= 3, `${key(n)}: lsns ${m.nprocs} vs nstop ${n.nprocs}`);
  }
});
