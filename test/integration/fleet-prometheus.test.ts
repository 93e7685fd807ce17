// Many hosts through Prometheus (issue 22, item 3): a real Prometheus (Debian's 2.42) on
// 127.0.0.1 scrapes two `nstop serve`s, each a "host" of its own: a pid namespace with
// its own /proc (so each sees only its own processes), the second also in a network
// namespace this test made, reached through a veth pair this test made. Each host runs
// one container (unshare --pid, a sleep under a name no other process has, in a memory
// cgroup of the test's). Then `nstop ls --prometheus URL --json` must list both with
// the right HOST and memory within 10 % of `nstop ls --json` on this machine, and the
// dashboard (ink-testing-library, on the same source) shows a HOST column, filters by
// it and refuses actions in one line. Everything made here goes afterwards, on failure too.
import { lineWith, plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { freePort, startLogged } from '../helpers/children.js';
import { untilAsync } from '../helpers/until.js';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { prometheusSource, type PrometheusSource } from '../../src/fleet/prometheus-source.js';
import { cli } from '../helpers/act.js';
import { createSandbox, type Sandbox } from '../helpers/cgroup-sandbox.js';
import { CLI_OUTPUT_MAX } from '../helpers/paths.js';
import { isRoot, requireTool, skipReason } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';
import { uniqueSleep, type UniqueCommand } from '../helpers/unique-command.js';

const skip = skipReason(
  !isRoot && 'needs root (pid and network namespaces, cgroups, a veth pair)',
  isRoot && requireTool('prometheus'),
  isRoot && requireTool('unshare', 'util-linux'),
  isRoot && requireTool('nsenter', 'util-linux'),
  isRoot && requireTool('ip', 'iproute2'),
);
const run = promisify(execFile);
const tmp = mkdtempSync(join(os.tmpdir(), 'nstop-fleet-'));
const started: ChildProcess[] = [];
const hostsStarted = new Set<ChildProcess>();
const boxes: Sandbox[] = [];
const sleeps: UniqueCommand[] = [];
const tag = `${process.pid % 100000}${Math.random().toString(36).slice(2, 4)}`;
const netns = `nstop-fleet-${tag}`;
const vethHost = `nfl${tag}a`.slice(0, 15);
const vethPeer = `nfl${tag}b`.slice(0, 15);
// a /30 no interface of this machine has (checked in before())
const net = `10.231.${Math.floor(Math.random() * 256)}`;
let netnsMade = false;
let vethMade = false;
let promUrl = '';
let source: PrometheusSource | undefined;

const launch = (args: string[]): ChildProcess => startLogged(args, started, { cwd: tmp });

const ip = (...args: string[]) => {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
};

// pid 1 of a "host": its container (the sleep as init of a pid namespace of its own,
// alone in the test's cgroups: the init joins them before it becomes the sleep, and its
// unshare stays out, else this machine's own nstop would see a cgroup shared with the
// serve's pid namespace), then `nstop serve` in its place.
// $1: the sleep; then cgroup.procs files; then -- and serve.
const HOST_SH = `#!/bin/sh
sleeper=$1; shift
files=""
while [ "$1" != "--" ]; do files="$files $1"; shift; done
shift
unshare --fork --pid --mount-proc --kill-child sh -c 'for f in "$@"; do echo $$ > "$f"; done; exec "$0" 600' "$sleeper" $files &
exec "$@"
`;

type Ls = { containers: { name: string; host?: string; memory: { current: number | null } }[] };
const lsJson = async (...extra: string[]): Promise<Ls> => JSON.parse((await run(process.execPath, [cli, 'ls', '--json', ...extra], { timeout: scaled(120_000), maxBuffer: CLI_OUTPUT_MAX })).stdout) as Ls;

after(async () => {
  source?.stop();
  // by pid: Prometheus, and the outer unshare of each host. unshare --fork ignores
  // SIGTERM while it waits for its child: SIGKILL, and --kill-child ends its pid 1 (the
  // serve), and with it every process of that pid namespace (the container)
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill(hostsStarted.has(p) ? 'SIGKILL' : 'SIGTERM');
  await Promise.all(started.map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : undefined)));
  for (const b of boxes) await b.cleanup();
  for (const s of sleeps) s.remove();
  if (vethMade) spawnSync('ip', ['link', 'del', vethHost]);
  if (netnsMade) spawnSync('ip', ['netns', 'del', netns]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('nstop --prometheus: two hosts through a real Prometheus', { skip }, () => {
  const hosts = [
    { host: '127.0.0.1', listen: '', sleep: undefined as UniqueCommand | undefined },
    { host: `${net}.2`, listen: '', sleep: undefined as UniqueCommand | undefined },
  ];

  before(async () => {
    const addrs = spawnSync('ip', ['-4', '-o', 'addr'], { encoding: 'utf8' }).stdout;
    assert.ok(!addrs.includes(` ${net}.`), `${net}.0/30 is in use here: run again`);
    ip('netns', 'add', netns);
    netnsMade = true;
    ip('link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethPeer, 'netns', netns);
    vethMade = true;
    ip('addr', 'add', `${net}.1/30`, 'dev', vethHost);
    ip('link', 'set', vethHost, 'up');
    ip('-n', netns, 'addr', 'add', `${net}.2/30`, 'dev', vethPeer);
    ip('-n', netns, 'link', 'set', vethPeer, 'up');
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    const script = join(tmp, 'host.sh');
    writeFileSync(script, HOST_SH, { mode: 0o755 });
    for (const [i, h] of hosts.entries()) {
      const box = createSandbox(`nstop-fleet-${i}`);
      boxes.push(box);
      box.limitMemory(64 * 2 ** 20);
      h.sleep = uniqueSleep(i === 0 ? 'fla' : 'flb');
      sleeps.push(h.sleep);
      h.listen = `${h.host}:${await freePort()}`;
      const serve = [process.execPath, cli, 'serve', '--listen', h.listen, '--interval', '500ms', ...(i === 1 ? ['--allow-remote'] : [])];
      const host = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', 'sh', script, h.sleep.path, ...box.procsFiles, '--', ...serve];
      // nsenter joins the network namespace only: /sys (and its cgroups) stay as they are
      hostsStarted.add(launch(i === 1 ? ['nsenter', `--net=/run/netns/${netns}`, '--', ...host] : host));
    }
    const port = await freePort();
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: nstop\n    static_configs:\n      - targets: ['${hosts[0]!.listen}', '${hosts[1]!.listen}']\n`);
    launch(['prometheus', `--config.file=${config}`, `--storage.tsdb.path=${join(tmp, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
    promUrl = `http://127.0.0.1:${port}`;
    await untilAsync('prometheus ready', 60_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
  });

  test('ls --prometheus --json: each host\'s container once, with its HOST, memory within 10 % of nstop ls --json', async () => {
    const want = hosts.map((h) => ({ name: h.sleep!.name, host: h.host }));
    const fleet = await untilAsync('both containers through Prometheus', 180_000, async () => {
      const doc = await lsJson('--prometheus', promUrl);
      return want.every((w) => doc.containers.some((c) => c.name === w.name && c.memory.current !== null)) ? doc : undefined;
    });
    for (const w of want) {
      const rows = fleet.containers.filter((c) => c.name === w.name);
      // one host each: the other serve's pid namespace cannot see it
      assert.deepEqual(rows.map((c) => c.host), [w.host], `${w.name}: ${JSON.stringify(rows)}`);
    }
    // the table too: HOST after NAME (asked again if a scrape just failed: a one-shot ls
    // has no earlier answer to keep a target's rows from)
    const rowOf = (w: { name: string; host: string }) => new RegExp(`^${w.name} +${w.host.replace(/\./g, '\\.')} `);
    const table = await untilAsync('both rows in the ls --prometheus table', 120_000, async () => {
      const lines = (await run(process.execPath, [cli, 'ls', '--prometheus', promUrl], { timeout: scaled(120_000), maxBuffer: CLI_OUTPUT_MAX })).stdout.split('\n');
      return want.every((w) => lines.some((l) => rowOf(w).test(l))) ? lines : undefined;
    });
    assert.match(table[0]!, /^NAME +HOST +RUNTIME /);
    await untilAsync('memory within 10 % of nstop ls --json', 180_000, async () => {
      const [mine, prom] = await Promise.all([lsJson(), lsJson('--prometheus', promUrl)]);
      for (const w of want) {
        const local = mine.containers.find((c) => c.name === w.name)?.memory.current;
        const remote = prom.containers.find((c) => c.name === w.name)?.memory.current;
        if (local === undefined || local === null || local <= 0 || remote === undefined || remote === null) return undefined;
        if (Math.abs(remote - local) > 0.1 * local) return undefined;
      }
      return true;
    });
  });

  test('the dashboard on Prometheus: a HOST column, filtered by host, actions refused in one line', async () => {
    source = prometheusSource(new URL(`${promUrl}/`), 1000);
    source.start();
    const r = render(createElement(App, { source, width: 160, height: 45, color: false, unicode: true, readOnly: false, intervalMs: 1000, onQuit: () => undefined }));
    try {
      const [a, b] = hosts.map((h) => h.sleep!.name) as [string, string];
      const f = await waitForFrame(r.lastFrame, (x) => plain(x).includes(a) && plain(x).includes(b), 120_000);
      assert.match(lineWith(f, ' NAME ')!, / NAME +HOST +STATUS /);
      assert.match(lineWith(f, a)!, new RegExp(`^ ${a} +127\\.0\\.0\\.1 `));
      assert.match(lineWith(f, b)!, new RegExp(`^ ${b} +${hosts[1]!.host.replace(/\./g, '\\.')} `));
      assert.match(lineWith(f, 'READ-ONLY')!, /READ-ONLY \(Prometheus\)/);
      await tick();
      // F4, the other host's address: only its row stays
      r.stdin.write('\u001bOS');
      for (const ch of hosts[1]!.host) r.stdin.write(ch);
      r.stdin.write('\r');
      const only = await waitForFrame(r.lastFrame, (x) => plain(x).includes(b) && !plain(x).includes(a));
      assert.ok(lineWith(only, b));
      for (const key of ['k', 'e', 'L', 'z', 'a']) {
        r.stdin.write(key);
        await waitForFrame(r.lastFrame, (x) => plain(x).includes('read from Prometheus: actions are off'));
        r.stdin.write('\u001b');
        await waitForFrame(r.lastFrame, (x) => !plain(x).includes('read from Prometheus: actions are off'));
      }
      r.stdin.write('3');
      await waitForFrame(r.lastFrame, (x) => plain(x).includes('processes are not available from Prometheus'));
    } finally {
      r.unmount();
      source.stop();
    }
  });

  test('a Prometheus that does not answer is a line in the header, not an end', async () => {
    const port = await freePort();
    const dead = prometheusSource(new URL(`http://127.0.0.1:${port}/`), 200);
    dead.start();
    const r = render(createElement(App, { source: dead, width: 160, height: 45, color: false, unicode: true, readOnly: false, intervalMs: 200, onQuit: () => undefined }));
    try {
      const f = await waitForFrame(r.lastFrame, (x) => /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/.test(plain(x)));
      // the empty view says why it is empty, not "no containers yet"
      assert.match(plain(f), /no answer from Prometheus at 127\.0\.0\.1:\d+ yet/);
      assert.doesNotMatch(plain(f), /no containers yet/);
      // and it keeps asking: the sample number goes on
      const seq = Number(/Sample #(\d+)/.exec(plain(f))![1]);
      await waitForFrame(r.lastFrame, (x) => Number(/Sample #(\d+)/.exec(plain(x))?.[1] ?? 0) > seq + 2);
    } finally {
      r.unmount();
      dead.stop();
    }
  });
});

describe('--prometheus refusals', () => {
  const nstop = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: scaled(30_000) });
  test('a bad URL, or a command it does not apply to, is one line and exit 2', () => {
    for (const args of [['ls', '--prometheus', 'nonsense'], ['ls', '--prometheus', 'ftp://h:9090'], ['ls', '--prometheus', ''], ['ps', 'x', '--prometheus', 'http://127.0.0.1:9090'], ['run', '--prometheus', 'http://127.0.0.1:9090']]) {
      const r = nstop(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });
});
