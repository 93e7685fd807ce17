// Networks, as root, inside a network namespace this file makes (a `unshare --net
// sleep` holds it): every nstop runs there through `nsenter --net` as "the host", its
// bridges and veths are made there, and all traffic stays there (subnets 10.199.7-9.0/24).
// At the end the containers are removed from inside, anything left is reaped, and the
// holder is killed by pid, which takes the namespace and whatever is still in it away.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actHarness, cli, type ActHarness } from '../helpers/act.js';
import { requireTool, isRoot, skipReason, which } from '../helpers/root.js';
import { scaled } from '../helpers/time-scale.js';

const skip = skipReason(
  !isRoot && 'needs root (network namespaces, bridges, cgroups)',
  requireTool('ip', 'iproute2'),
  requireTool('busybox', 'busybox-static'),
  (!which('unshare') || !which('nsenter')) && 'needs util-linux unshare and nsenter',
);
const h: ActHarness | undefined = skip ? undefined : actHarness('nstop-net');
let holder: ChildProcess | undefined;

const SUBNET = '10.199.7.0/24';
const CYCLES_SUBNET = '10.199.8.0/24';
const BURST_SUBNET = '10.199.9.0/24';

type Out = { status: number | null; stdout: string; stderr: string };
const env = () => ({ ...process.env, NSTOP_STATE_DIR: h!.stateDir, NSTOP_IMAGE_STORE: h!.imageStore });
const inNsArgv = (argv: string[]): string[] => [`--net=/proc/${holder!.pid}/ns/net`, ...argv];

/** A command in the test's namespace. */
function inNs(argv: string[], timeout = 30_000): Out {
  const r = spawnSync('nsenter', inNsArgv(argv), { encoding: 'utf8', input: '', timeout: scaled(timeout), env: env() });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const nstop = (args: string[]): Out => inNs([process.execPath, cli, ...args]);

function nstopAsync(args: string[]): Promise<Out> {
  return new Promise((resolve) => {
    const p = spawn('nsenter', inNsArgv([process.execPath, cli, ...args]), { stdio: ['ignore', 'pipe', 'pipe'], env: env(), timeout: scaled(60_000) });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function ok(args: string[]): string {
  const r = nstop(args);
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type Iface = { name: string; addresses: string[]; rxBytes: number; txBytes: number };
type Net = { mode: string | null; namespace: number | null; sharedWith: string[]; address: string | null; interfaces: Iface[]; rxBytes: number | null; txBytes: number | null; rxRate: number | null; txRate: number | null };
type Row = { name: string; status: string; pid: number | null; net: Net };

function row(name: string): Row {
  const rows = (JSON.parse(ok(['ls', '--json'])) as { containers: Row[] }).containers;
  const r = rows.find((c) => c.name === name);
  assert.ok(r, `${name} in nstop ls`);
  return r;
}

const eth0 = (r: Row): Iface => {
  const i = r.net.interfaces.find((x) => x.name === 'eth0');
  assert.ok(i, `${r.name} has eth0: ${JSON.stringify(r.net)}`);
  return i;
};
const ipOf = (r: Row): string => eth0(r).addresses[0]!.split('/')[0]!;

/** Links and IPv4 addresses of the test's namespace, one per line. */
const links = (): string[] => inNs(['ip', '-o', 'link', 'show']).stdout.split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim().split('@')[0]!);
const addresses = (): string => inNs(['ip', '-o', '-4', 'addr', 'show']).stdout;
const netDir = (): string => join(h!.stateDir, '.net');
const leaseFiles = (): string[] => {
  const d = join(netDir(), 'leases');
  return existsSync(d) ? readdirSync(d).flatMap((b) => readdirSync(join(d, b)).map((f) => `${b}/${f}`)) : [];
};

/** Retries inside the container/host (the listener may not be up yet); no timing is asserted. */
// busybox nc copies stdin and the socket in one poll loop, and on stdin's EOF shuts its
// sending side: a message piped from a concurrently running `echo` can lose that race
// (nc sees the peer's shutdown before echo's bytes and exits 0 having sent nothing). A
// message from a file is readable at nc's first poll, so it always goes first.
const retry = (cmd: string): string => `for i in $(seq ${scaled(300)}); do ${cmd} && exit 0; sleep 0.1; done; exit 1`;

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + scaled(ms);
  while (!check()) {
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  if (skip) return;
  holder = spawn('unshare', ['--net', '--', 'sleep', '3600'], { stdio: 'ignore' });
  const self = readlinkSync('/proc/self/ns/net');
  await waitFor(() => {
    try {
      return readlinkSync(`/proc/${holder!.pid}/ns/net`) !== self;
    } catch {
      return false;
    }
  }, 'the test network namespace');
  assert.equal(inNs(['ip', 'link', 'set', 'lo', 'up']).status, 0);
});

after(async () => {
  if (skip) return;
  try {
    // from inside: veths, leases and bridges go where they were made
    for (const st of h!.ctx.store.list()) nstop(['rm', '--force', st.name]);
  } finally {
    await h!.cleanup();
    if (holder?.pid) process.kill(holder.pid, 'SIGKILL');
  }
});

describe('bridge networking in a namespace of the test', { skip }, () => {
  test('six launched at once get six different addresses; the bridge goes with the last', async () => {
    const names = [0, 1, 2, 3, 4, 5].map((i) => h!.name(`burst${i}`));
    const runs = await Promise.all(names.map((n) => nstopAsync(['run', '-d', '--name', n, '--net', 'bridge', '--subnet', BURST_SUBNET, '--', 'sleep', '600'])));
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    const ips = names.map((n) => ipOf(row(n)));
    assert.equal(new Set(ips).size, 6, ips.join(' '));
    for (const ip of ips) assert.match(ip, /^10\.199\.9\.([2-9]|[1-9]\d+)$/, 'in the subnet, never the gateway .1');
    assert.match(addresses(), /nstop\d+ +inet 10\.199\.9\.1\/24/);
    const rms = await Promise.all(names.map((n) => nstopAsync(['rm', '--force', n])));
    for (const r of rms) assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(addresses(), /10\.199\.9\./);
    assert.deepEqual(links().filter((l) => l.startsWith('nsv') || l.startsWith('nstop')), []);
  });

  test('two containers exchange a message over the bridge; the host reaches a container', async () => {
    const a = h!.name('a');
    const b = h!.name('b');
    const c = h!.name('c');
    ok(['run', '-d', '--name', a, '--net', 'bridge', '--subnet', SUBNET, '--', 'sh', '-c', 'busybox nc -l -p 7000; sleep 600']);
    const ra = row(a);
    assert.equal(ra.net.mode, 'bridge');
    assert.equal(ra.net.address, eth0(ra).addresses[0], 'the lease is what the kernel has');
    assert.match(ipOf(ra), /^10\.199\.7\./);
    assert.match(addresses(), /nstop\d+ +inet 10\.199\.7\.1\/24/, 'the gateway on the bridge');
    const send = nstop(['run', '--name', b, '--net', 'bridge', '--subnet', SUBNET, '--', 'sh', '-c', `echo hello-from-b > /tmp/m; ${retry(`busybox nc -w 2 ${ipOf(ra)} 7000 < /tmp/m`)}`]);
    assert.equal(send.status, 0, send.stderr);
    // b's nc is done once its bytes are sent; a's nc writes them to its log after that
    await waitFor(() => /hello-from-b/.test(ok(['logs', a])), `hello-from-b in ${a}'s log`);

    ok(['run', '-d', '--name', c, '--net', 'bridge', '--subnet', SUBNET, '--', 'sh', '-c', 'echo pong-from-c > /tmp/m; busybox nc -l -p 7001 < /tmp/m; sleep 600']);
    const got = inNs(['sh', '-c', retry(`busybox nc -w 2 ${ipOf(row(c))} 7001 | grep pong-from-c`)]);
    assert.equal(got.status, 0, got.stderr);
    assert.match(got.stdout, /pong-from-c/);
  });

  test('traffic counters go up in nstop ls --json', () => {
    const d = h!.name('d');
    ok(['run', '-d', '--name', d, '--net', 'bridge', '--subnet', SUBNET, '--', 'sh', '-c', 'sleep 600 | busybox nc -l -p 7002 > /dev/null; sleep 600']);
    const before = row(d);
    const sent = inNs(['sh', '-c', retry(`head -c 200000 /dev/zero | busybox nc -w 2 ${ipOf(before)} 7002`)]);
    assert.equal(sent.status, 0, sent.stderr);
    const now = row(d);
    assert.ok(eth0(now).rxBytes >= eth0(before).rxBytes + 200_000, `rx ${eth0(before).rxBytes} -> ${eth0(now).rxBytes}`);
    assert.ok(eth0(now).txBytes > eth0(before).txBytes, 'acks went back');
    assert.ok(now.net.rxBytes! >= eth0(now).rxBytes, 'the total holds eth0');
    assert.equal(typeof now.net.rxRate, 'number', 'ls samples twice: a rate');
  });

  test('container:NAME joins its namespace: same inode, same address, talk over lo; ns --json lists both', async () => {
    const p = h!.name('p');
    const q = h!.name('q');
    ok(['run', '-d', '--name', p, '--net', 'bridge', '--subnet', SUBNET, '--', 'sh', '-c', 'busybox nc -l -p 7003; sleep 600']);
    ok(['run', '-d', '--name', q, '--net', `container:${p}`, '--', 'sleep', '600']);
    const rp = row(p);
    const rq = row(q);
    assert.equal(readlinkSync(`/proc/${rq.pid}/ns/net`), readlinkSync(`/proc/${rp.pid}/ns/net`));
    assert.equal(rq.net.mode, `container:${p}`);
    assert.deepEqual(rq.net.sharedWith, [p]);
    assert.equal(ipOf(rq), ipOf(rp));
    const nsRows = (JSON.parse(ok(['ns', '--json', '-t', 'net'])) as { namespaces: { ns: number; containers: string[] }[] }).namespaces;
    assert.deepEqual(nsRows.find((r) => r.ns === rp.net.namespace)?.containers.sort(), [p, q].sort());
    const viaLo = nstop(['run', '--name', h!.name('lo'), '--net', `container:${p}`, '--', 'sh', '-c', `echo via-lo > /tmp/m; ${retry('busybox nc -w 2 127.0.0.1 7003 < /tmp/m')}`]);
    assert.equal(viaLo.status, 0, viaLo.stderr);
    await waitFor(() => /via-lo/.test(ok(['logs', p])), `via-lo in ${p}'s log`);
    assert.ok(eth0(row(p)), 'a joiner that ended leaves the namespace its eth0');
    // the owner goes: its veth and address go too, the joiner keeps running without them
    ok(['kill', p]);
    const after = row(q);
    assert.equal(after.status, 'running');
    assert.deepEqual(after.net.interfaces.map((i) => i.name), ['lo']);
    assert.equal(links().some((l) => l === `nsv${h!.ctx.store.read(p)!.id.slice(0, 12)}`), false);
  });

  test('bad input is one line and changes nothing; a launch that fails after wiring leaves nothing', () => {
    const stopped = h!.name('stopped');
    ok(['run', '--name', stopped, '--net', 'bridge', '--subnet', SUBNET, '--', 'true']);
    const state = () => ({ links: links(), addrs: addresses(), leases: leaseFiles(), names: h!.ctx.store.names() });
    const was = state();
    const bad: [string[], RegExp][] = [
      [['--net', 'bogus'], /^nstop: bad --net "bogus": none, bridge, host or container:NAME$/],
      [['--net', 'bridge', '--subnet', '10.199.7.5/24'], /not the network address/],
      [['--net', 'bridge', '--subnet', '10.199.7.0/33'], /^nstop: bad --subnet/],
      [['--net', 'host', '--subnet', SUBNET], /--subnet is for --net bridge/],
      [['--net', 'container:no-such-one'], /no container named "no-such-one"/],
      [['--net', `container:${stopped}`], new RegExp(`${stopped} is not running`)],
      [['--net', 'bridge', '--subnet', '10.199.7.128/25'], /overlaps 10\.199\.7\.0\/24 of nstop's bridge/],
      [['--net', 'bridge', '--subnet', SUBNET, '--', '/no/such/command'], /cannot run \/no\/such\/command/],
    ];
    for (const [flags, why] of bad) {
      const name = h!.name('bad');
      const argv = flags.includes('--') ? ['run', '--name', name, ...flags] : ['run', '--name', name, ...flags, '--', 'true'];
      const r = nstop(argv);
      assert.notEqual(r.status, 0, argv.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), why);
      assert.deepEqual(state(), was, `nothing changed after: ${flags.join(' ')}`);
      assert.equal(readdirSync('/sys/fs/cgroup').some((c) => existsSync(join('/sys/fs/cgroup', c, 'nstop', name))), false, `no cgroup of ${name}`);
    }
  });
  // last: the kernel tears 50 namespaces down in the background, which slows the
  // making of new ones for a while
  test('50 create/destroy cycles (5 at a time) leave no link, address, lease or bridge behind', async () => {
    const linksBefore = links();
    const started = Date.now();
    const worker = async (w: number) => {
      for (let i = 0; i < 10; i++) {
        const r = await nstopAsync(['run', '--name', h!.name(`cyc${w}`), '--net', 'bridge', '--subnet', CYCLES_SUBNET, '--', 'sh', '-c', 'grep -q eth0 /proc/net/dev']);
        assert.equal(r.status, 0, `cycle ${w}.${i}: ${r.stderr}`);
      }
    };
    await Promise.all([0, 1, 2, 3, 4].map(worker));
    console.log(`# 50 bridge create/destroy cycles, 5 at a time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(links(), linksBefore, 'no veth, no bridge');
    assert.doesNotMatch(addresses(), /10\.199\.8\./);
    assert.deepEqual(leaseFiles().filter((f) => f.includes('/10.199.8.')), []);
    const records = existsSync(join(netDir(), 'bridges')) ? readdirSync(join(netDir(), 'bridges')).map((f) => readFileSync(join(netDir(), 'bridges', f), 'utf8')) : [];
    assert.equal(records.some((r) => r.includes(CYCLES_SUBNET)), false, records.join());
    ok(['rm', ...h!.ctx.store.list().filter((st) => st.name.includes('-cyc')).map((st) => st.name)]);
  });
});
