// The network in the dashboard: NET and RX/TX columns, the N pane with every interface
// and the sparkline, "shared:" in the Namespaces view for a pod's net namespace.
import { lineWith, plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { NET_COLUMN, NETIO_COLUMN, formatRate, netAddress } from '../../src/ui/columns/net-columns.js';
import { NAMESPACE_COLUMNS } from '../../src/ui/columns.js';
import { contextOf } from '../../src/ui/view-rows.js';
import { UNICODE } from '../../src/ui/glyphs.js';
import { initialState, reduceKey } from '../../src/ui/state/reducer.js';
import type { RowsInfo } from '../../src/ui/state/types.js';
import type { ContainerNet, ContainerRow, NamespaceRow, Snapshot } from '../../src/model/types.js';
import { fakeSource, sampleSnapshot, WEB_ID } from '../helpers/sample-snapshot.js';

const WEB_NET: ContainerNet = {
  ns: 4026532604, own: true, sharedWith: ['sidecar'],
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'], rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxRate: 0, txRate: 0 },
    { name: 'eth0', addresses: ['10.77.0.2/24'], rxBytes: 3 * 1024 * 1024, txBytes: 2048, rxPackets: 900, txPackets: 40, rxRate: 1536, txRate: 300 },
  ],
  rxBytes: 3 * 1024 * 1024, txBytes: 2048, rxRate: 1536, txRate: 300, history: [0, 100, 1836],
};

/** The sample snapshot with web on a bridge (its namespace shared with a sidecar) and
 *  box on the host's network. */
function withNet(): Snapshot {
  const s = sampleSnapshot();
  const containers = s.containers.map((c): ContainerRow =>
    c.id === WEB_ID ? { ...c, net: WEB_NET } : c.name === 'box' ? { ...c, net: { ns: 4026531840, own: false, sharedWith: [], interfaces: [], history: [] } } : c,
  );
  const namespaces = s.namespaces.map((r): NamespaceRow => (r.type === 'net' && r.containers.includes(WEB_ID) ? { ...r, containers: [WEB_ID, 'nstop:sidecar'] } : r));
  return { ...s, containers: [...containers, { ...containers.find((c) => c.id === WEB_ID)!, id: 'nstop:sidecar', name: 'sidecar', net: { ...WEB_NET, sharedWith: ['web'] } }], namespaces };
}

test('columns: first address outside lo, host, rates in K; n/a when unknown', () => {
  const s = withNet();
  const row = (name: string) => s.containers.find((c) => c.name === name)!;
  const ctx = contextOf(s, UNICODE);
  assert.equal(netAddress(row('web')), '10.77.0.2');
  assert.equal(NET_COLUMN.tone!(row('web'), ctx), 'accent', 'shared namespace');
  assert.equal(netAddress(row('box')), 'host');
  assert.equal(netAddress(row('munch')), 'n/a');
  assert.equal(NETIO_COLUMN.render(row('web'), ctx), '1.5K/300');
  assert.equal(NETIO_COLUMN.render(row('box'), ctx), '-');
  assert.deepEqual([0, 1023, 1024, 15_000, 5 * 1024 ** 2].map(formatRate), ['0', '1023', '1.0K', '15K', '5.0M']);
  const lo = { ...row('web'), net: { ...WEB_NET, interfaces: [WEB_NET.interfaces[0]!] } };
  assert.equal(netAddress(lo), 'lo only');
});

test('the Namespaces view says "shared:" for a namespace of several containers', () => {
  const s = withNet();
  const col = NAMESPACE_COLUMNS.find((c) => c.id === 'containers')!;
  const ctx = contextOf(s, UNICODE);
  const shared = s.namespaces.find((r) => r.containers.length > 1 && !r.host)!;
  assert.equal(col.render(shared, ctx), 'shared: web,sidecar');
  assert.equal(col.tone!(shared, ctx), 'accent');
  const alone = s.namespaces.find((r) => r.containers.length === 1 && !r.host)!;
  assert.doesNotMatch(col.render(alone, ctx), /shared/);
});

const info = (ids: string[]): RowsInfo => ({
  keys: ids.map((i) => `c:${i}`), textAt: (i) => ids[i] ?? "", sortIds: [], sortDesc: () => false, pageRows: 5, readOnly: true,
  scopeAt: (i) => (ids[i] ? { kind: 'container', id: ids[i]!, label: ids[i]! } : undefined),
  targetAt: (i) => (ids[i] ? { kind: 'container', name: ids[i]!, managed: true } : undefined), liveLaunched: 0,
});

test('N toggles the network pane of the selected row (read-only too); the log pane replaces it', () => {
  const rows = info(['a', 'b']);
  const on = reduceKey(reduceKey(initialState(), 'down', rows), 'N', rows);
  assert.equal(on.netFor, 'b');
  assert.equal(reduceKey(on, 'N', rows).netFor, undefined);
  const log = reduceKey(on, 'l', rows);
  assert.equal(log.logFor, 'b');
  assert.equal(log.netFor, undefined);
  assert.equal(reduceKey(log, 'N', rows).logFor, undefined);
  assert.match(reduceKey({ ...initialState(), view: 'processes' }, 'N', rows).message ?? '', /Containers view only/);
});

test('at 160x45: NET and RX/TX columns; N shows every interface with bytes, rates and the sparkline', async () => {
  const source = fakeSource(withNet());
  const r = render(<App source={source} width={160} height={45} color={false} unicode readOnly={false} intervalMs={1000} onQuit={() => undefined} />);
  let f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('web'));
  assert.match(plain(f), /NET +RX\/TX \/s/);
  assert.match(lineWith(f, / web /)!, /10\.77\.0\.2 +1\.5K\/300/);
  assert.match(lineWith(f, / box /)!, / host +-$/);
  await tick();
  await tick();
  // select web: search for it (each key after the frame answered the previous one)
  for (const key of ['/', 'w', 'e', 'b', '\r']) {
    const before = r.lastFrame();
    r.stdin.write(key);
    await waitForFrame(r.lastFrame, (x) => x !== before);
  }
  r.stdin.write('N');
  f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('Network of web'));
  assert.match(lineWith(f, 'Network of web')!, /netns 4026532604 +shared with sidecar/);
  assert.match(lineWith(f, /^ +eth0 /)!, /eth0 +10\.77\.0\.2\/24 +3\.0MiB +1\.5K\/s +2\.0KiB +300\/s/);
  assert.match(lineWith(f, /^ +lo /)!, /127\.0\.0\.1\/8/);
  assert.match(lineWith(f, 'rx+tx/s')!, /rx\+tx\/s +\S*█ +peak 1\.8K\/s/);
  assert.equal(plain(f).includes('Events'), false, 'in place of the event log');
  r.stdin.write('N');
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('Events'));
  r.unmount();
});
