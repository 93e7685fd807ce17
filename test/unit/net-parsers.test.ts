// Network readers and input checks on text captured from this kernel (6.18): a
// container's /proc/PID/net/{dev,fib_trie,route,if_inet6}, and --net / --subnet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActError } from '../../src/act/errors.js';
import { ParseError } from '../../src/host/errors.js';
import { addressesByIface, formatIpv6, parseFibTrieLocal, parseIfInet6, parseRoutes } from '../../src/host/net/net-addrs.js';
import { parseNetDev } from '../../src/host/net/net-dev.js';
import { applyNetMode, netModeOf, parseNetMode } from '../../src/act/net/mode.js';
import { contains, formatSubnet, gatewayOf, hostRange, overlaps, parseSubnet } from '../../src/act/net/subnet.js';
import { formatIpv4, parseIpv4 } from '../../src/host/net/ipv4.js';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1456       8    0    0    0     0          0         0     1456       8    0    0    0     0       0          0
  eth0:     734       9    0    0    0     0          0         0      266       3    0    0    0     0       0          0
`;

const FIB_TRIE = `Main:
  +-- 0.0.0.0/1 2 0 2
     +-- 0.0.0.0/4 2 0 2
        |-- 0.0.0.0
           /0 universe UNICAST
        +-- 10.77.0.0/24 2 0 2
           +-- 10.77.0.0/30 2 0 2
              |-- 10.77.0.0
                 /24 link UNICAST
              |-- 10.77.0.2
                 /32 host LOCAL
           |-- 10.77.0.255
              /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/1 2 0 2
     +-- 0.0.0.0/4 2 0 2
        +-- 10.77.0.0/24 2 0 2
           +-- 10.77.0.0/30 2 0 2
              |-- 10.77.0.2
                 /32 host LOCAL
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.1
              /32 host LOCAL
`;

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       
eth0\t00000000\t01004D0A\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               
eth0\t00004D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                               
`;

const IF_INET6 = `00000000000000000000000000000001 01 80 10 80       lo
fe80000000000000d437e1fffe00eb5c 03 40 20 80       va
fd000000000000000000000000000002 03 40 00 80       va
`;

test('net/dev: bytes and packets per interface, both directions', () => {
  assert.deepEqual(parseNetDev(NET_DEV), [
    { name: 'lo', rxBytes: 1456, rxPackets: 8, txBytes: 1456, txPackets: 8 },
    { name: 'eth0', rxBytes: 734, rxPackets: 9, txBytes: 266, txPackets: 3 },
  ]);
  assert.throws(() => parseNetDev(NET_DEV + '  eth1: 1 2 3\n', '/proc/7/net/dev'), (e: unknown) => e instanceof ParseError && e.path === '/proc/7/net/dev' && e.line === 5);
});

test('addresses: fib_trie LOCAL /32 leaves on the interface of the connected route; lo by range; IPv6 but link-local', () => {
  const locals = parseFibTrieLocal(FIB_TRIE);
  assert.deepEqual(locals.map(formatIpv4).sort(), ['10.77.0.2', '127.0.0.1'], 'the /8 loopback range and broadcasts are not addresses');
  const routes = parseRoutes(ROUTE);
  assert.deepEqual(routes, [
    { iface: 'eth0', dest: 0, prefix: 0, gateway: true },
    { iface: 'eth0', dest: parseIpv4('10.77.0.0'), prefix: 24, gateway: false },
  ]);
  const v6 = parseIfInet6(IF_INET6);
  assert.deepEqual(v6, [{ iface: 'lo', address: '::1/128' }, { iface: 'va', address: 'fd00::2/64' }]);
  const by = addressesByIface(locals, routes, v6);
  assert.deepEqual(by.get('eth0'), ['10.77.0.2/24']);
  assert.deepEqual(by.get('lo'), ['127.0.0.1/8', '::1/128']);
  assert.deepEqual(by.get('va'), ['fd00::2/64']);
  // an address no connected route holds (the default route never counts)
  assert.deepEqual(addressesByIface([parseIpv4('192.168.5.5')!], routes, []).get('?'), ['192.168.5.5/32']);
});

test('IPv6 text: the longest zero run becomes ::', () => {
  assert.equal(formatIpv6('fe80000000000000d437e1fffe00eb5c'), 'fe80::d437:e1ff:fe00:eb5c');
  assert.equal(formatIpv6('20010db8000000010000000000000001'), '2001:db8:0:1::1');
  assert.equal(formatIpv6('20010db8000100020003000400050006'), '2001:db8:1:2:3:4:5:6');
});

test('subnets: network address and prefix checked; gateway first, containers after it', () => {
  const s = parseSubnet('10.77.0.0/24');
  assert.equal(formatSubnet(s), '10.77.0.0/24');
  assert.equal(formatIpv4(gatewayOf(s)), '10.77.0.1');
  const r = hostRange(s);
  assert.deepEqual([formatIpv4(r.first), formatIpv4(r.last)], ['10.77.0.2', '10.77.0.254']);
  const p30 = hostRange(parseSubnet('10.1.2.4/30'));
  assert.equal(p30.first, p30.last, 'a /30: one container');
  assert.ok(contains(s, parseIpv4('10.77.0.200')!) && !contains(s, parseIpv4('10.77.1.0')!));
  assert.ok(overlaps(s, parseSubnet('10.77.0.128/25')) && overlaps(parseSubnet('10.0.0.0/8'), s) && !overlaps(s, parseSubnet('10.77.1.0/24')));
  for (const bad of ['10.77.0.5/24', '10.77.0.0', '10.77.0.0/31', '10.77.0.0/7', '300.1.1.0/24', 'fd00::/64', 'bridge']) {
    assert.throws(() => parseSubnet(bad), (e: unknown) => e instanceof ActError && /^bad --subnet/.test(e.message) && !e.message.includes('\n'), bad);
  }
  assert.match((() => { try { parseSubnet('10.77.0.5/24'); } catch (e) { return (e as Error).message; } return ''; })(), /not the network address of a \/24 \(10\.77\.0\.0\/24\)/);
});

test('--net modes, --subnet only with bridge, NSTOP_SUBNET as the default', () => {
  assert.deepEqual(parseNetMode(undefined, undefined), undefined);
  assert.deepEqual(parseNetMode('none', undefined), { kind: 'none' });
  assert.deepEqual(parseNetMode('host', undefined), { kind: 'host' });
  assert.deepEqual(parseNetMode('container:web-1', undefined), { kind: 'container', name: 'web-1' });
  assert.deepEqual(parseNetMode('bridge', undefined, ''), { kind: 'bridge', subnet: parseSubnet('10.77.0.0/24') });
  assert.deepEqual(parseNetMode('bridge', undefined, '10.9.0.0/16'), { kind: 'bridge', subnet: parseSubnet('10.9.0.0/16') });
  assert.deepEqual(parseNetMode('bridge', '10.8.0.0/24', '10.9.0.0/16'), { kind: 'bridge', subnet: parseSubnet('10.8.0.0/24') });
  for (const [net, subnet, why] of [['bogus', undefined, /none, bridge, host or container:NAME/], ['container:', undefined, /give the name/], ['container:../x', undefined, /bad name/], ['host', '10.8.0.0/24', /--subnet is for --net bridge/], [undefined, '10.8.0.0/24', /--subnet is for --net bridge/]] as const) {
    assert.throws(() => parseNetMode(net, subnet), (e: unknown) => e instanceof ActError && why.test(e.message), `${net} ${subnet}`);
  }
});

test('--net decides the net namespace; a contradicting --ns gets a note', () => {
  const def = ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup'] as const;
  assert.deepEqual(applyNetMode(undefined, [...def], false).net, { kind: 'none' });
  assert.deepEqual(applyNetMode(undefined, ['uts'], true).net, { kind: 'host' });
  const host = applyNetMode({ kind: 'host' }, [...def], false);
  assert.equal(host.ns.includes('net'), false);
  assert.deepEqual(host.notes, [], 'the default list changed silently');
  const pod = applyNetMode({ kind: 'container', name: 'web' }, ['net', 'pid'], true);
  assert.deepEqual(pod.ns, ['pid']);
  assert.match(pod.notes[0]!, /web's network: net dropped/);
  const bridge = applyNetMode({ kind: 'bridge', subnet: parseSubnet('10.77.0.0/24') }, [], true);
  assert.deepEqual(bridge.ns, ['net']);
  assert.match(bridge.notes[0]!, /needs a net namespace: added/);
  assert.deepEqual(netModeOf({ ns: ['pid'] }), { kind: 'host' });
  assert.deepEqual(netModeOf({ ns: ['net'] }), { kind: 'none' });
});
