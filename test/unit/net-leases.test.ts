// Address leases (src/act/net/addresses.ts) and the net lock (src/act/net/lock.ts) on a temp
// dir: lowest free address, stale leases reclaimed, a full subnet refused, and several
// processes taking addresses at once never get the same one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ActError } from '../../src/act/errors.js';
import { dropLeases, leasesOf, takeAddress } from '../../src/act/net/addresses.js';
import { parseSubnet } from '../../src/act/net/subnet.js';
import { repoRoot } from '../helpers/paths.js';
import { scaled } from '../helpers/time-scale.js';
import { formatIpv4 } from '../../src/host/net/ipv4.js';

const dir = mkdtempSync(join(os.tmpdir(), 'nstop-leases-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const never = () => false;

test('the lowest free address after the gateway; released ones are taken again', () => {
  const net = join(dir, 'a');
  const s = parseSubnet('10.5.0.0/24');
  const take = (c: string) => formatIpv4(takeAddress(net, 'nstop0', s, { container: c, veth: `nsv${c}` }, never).address);
  assert.deepEqual([take('x'), take('y'), take('z')], ['10.5.0.2', '10.5.0.3', '10.5.0.4']);
  assert.deepEqual(dropLeases(net, 'nstop0', 'y').map((l) => formatIpv4(l.address)), ['10.5.0.3']);
  assert.equal(take('w'), '10.5.0.3');
  assert.deepEqual(leasesOf(net, 'nstop0').map((l) => `${formatIpv4(l.address)}=${l.container}:${l.veth}`).sort(), ['10.5.0.2=x:nsvx', '10.5.0.3=w:nsvw', '10.5.0.4=z:nsvz']);
});

test('a full subnet is refused in one line; a stale lease is reclaimed and reported', () => {
  const net = join(dir, 'b');
  const s = parseSubnet('10.6.0.0/30'); // gateway .1, one container: .2
  takeAddress(net, 'nstop1', s, { container: 'first', veth: 'nsvfirst' }, never);
  assert.throws(() => takeAddress(net, 'nstop1', s, { container: 'second', veth: 'nsvsecond' }, never), (e: unknown) => e instanceof ActError && /no free address in 10\.6\.0\.0\/30 \(1 in use\)/.test(e.message));
  const got = takeAddress(net, 'nstop1', s, { container: 'second', veth: 'nsvsecond' }, (l) => l.container === 'first');
  assert.equal(formatIpv4(got.address), '10.6.0.2');
  assert.deepEqual(got.reclaimed.map((l) => l.veth), ['nsvfirst'], 'the caller deletes its link');
});

test('four processes taking ten addresses each at once: forty different addresses, never two inside the lock', async () => {
  const net = join(dir, 'c');
  const mod = (p: string) => pathToFileURL(join(repoRoot, 'dist', p)).href;
  const worker = `
    const { withNetLock } = await import(${JSON.stringify(mod('src/act/net/lock.js'))});
    const { takeAddress } = await import(${JSON.stringify(mod('src/act/net/addresses.js'))});
    const { parseSubnet } = await import(${JSON.stringify(mod('src/act/net/subnet.js'))});
    const { appendFileSync } = await import('node:fs');
    const [net, tag] = process.argv.slice(1);
    for (let i = 0; i < 10; i++) {
      await withNetLock(net, async () => {
        appendFileSync(net + '/trace', tag + ' in\\n');
        takeAddress(net, 'nstop0', parseSubnet('10.7.0.0/24'), { container: tag + '-' + i, veth: 'v' }, () => false);
        await new Promise((r) => setTimeout(r, 2)); // hold it a moment: the others must wait
        appendFileSync(net + '/trace', tag + ' out\\n');
      });
    }`;
  const run = (tag: string) =>
    new Promise<number | null>((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', worker, net, tag], { stdio: 'inherit', timeout: scaled(60_000) });
      p.on('exit', resolve);
    });
  const codes = await Promise.all(['p1', 'p2', 'p3', 'p4'].map(run));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const leases = leasesOf(net, 'nstop0');
  assert.equal(leases.length, 40);
  assert.equal(new Set(leases.map((l) => l.address)).size, 40, 'no address twice');
  assert.deepEqual(leases.map((l) => l.address).sort((a, b) => a - b).map(formatIpv4).slice(0, 2), ['10.7.0.2', '10.7.0.3']);
  // mutual exclusion: every "in" is followed by the same process's "out"
  const trace = readFileSync(join(net, 'trace'), 'utf8').trim().split('\n');
  assert.equal(trace.length, 80);
  for (let i = 0; i < trace.length; i += 2) assert.deepEqual([trace[i], trace[i + 1]], [trace[i], trace[i]!.replace(' in', ' out')], `line ${i + 1}`);
});
