// L and the ]/[ }/{ nudges on another runtime's container: the dashboard writes its
// cgroup files through act/foreign-limits.ts (as `nstop set` does) and says on the status
// line that the runtime's own record is not changed; a stopped container and one without
// a cgroup of its own are refused, with nothing written. The cgroup tree is a v2 tree in
// a temporary directory (detect.ts decides v1/v2 from the tree alone), so these are the
// real driver's writes, not a mock's.
import { plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import type { ActContext } from '../../src/act/context.js';
import { StateStore } from '../../src/act/state.js';
import { createCgroupDriver } from '../../src/host/cgroup/index.js';
import { createDashboardActions } from '../../src/cli/dashboard-actions.js';
import type { ContainerRow } from '../../src/model/types.js';
import { App } from '../../src/ui/app.js';
import { fakeSource, MiB, sampleSnapshot, WEB_ID } from '../helpers/sample-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'nstop-foreign-ui-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'cgroup');
const GROUP = '/system.slice/docker-3f2a.scope';
const files = join(root, GROUP);
mkdirSync(files, { recursive: true });
writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory pids\n');
const limits = { 'memory.max': String(256 * MiB), 'pids.max': '100', 'cpu.max': 'max 100000', 'memory.current': String(120 * MiB), 'cgroup.procs': '5200\n' };
for (const [f, v] of Object.entries(limits)) writeFileSync(join(files, f), `${v}\n`);
const read = (f: string) => readFileSync(join(files, f), 'utf8').trim();

const ctx = { store: new StateStore(join(dir, 'state')), driver: createCgroupDriver(root), cgroupRoot: root, cgroupBase: '/nstop', procRoot: '/proc' } as unknown as ActContext;

/** the sample's docker `web` alone (so it is the selected row), changed by `over` */
function setup(over: Partial<ContainerRow>, ownGroup = true) {
  const s = sampleSnapshot();
  const web = { ...s.containers.find((c) => c.id === WEB_ID)!, ...(ownGroup ? { cgroupRef: { v1: {}, unified: GROUP } } : { ownCgroup: false }), ...over };
  const source = fakeSource({ ...s, containers: [web] });
  const actions = createDashboardActions(ctx, source, async () => 0);
  const r = render(<App source={source} actions={actions} color={false} unicode readOnly={false} intervalMs={1000} onQuit={() => {}} width={160} height={45} />);
  const ready = async () => {
    await waitForFrame(r.lastFrame, (f) => plain(f).includes('web'));
    await tick();
    await tick();
  };
  const says = (text: RegExp) => waitForFrame(r.lastFrame, (f) => text.test(plain(f)));
  return { ...r, ready, says };
}

test('L on a docker container writes its cgroup and says docker inspect still shows the old limit', async () => {
  const { stdin, ready, says, unmount } = setup({});
  await ready();
  stdin.write('L');
  await tick();
  for (const ch of 'memory=128M pids=50') {
    stdin.write(ch);
    await tick();
  }
  stdin.write('\r');
  const f = await says(/web: memory 128M, pids 50; docker's own record of web is not changed: docker inspect still shows the old limits, and a restart of web undoes this/);
  assert.doesNotMatch(f, /only containers nstop started/);
  assert.equal(read('memory.max'), String(128 * MiB));
  assert.equal(read('pids.max'), '50');
  assert.equal(read('cpu.max'), 'max 100000', 'what was not asked for is not written');
  unmount();
});

test('] and } nudge the limits the group has now, with the same note', async () => {
  writeFileSync(join(files, 'memory.max'), `${256 * MiB}\n`);
  writeFileSync(join(files, 'pids.max'), '100\n');
  const { stdin, ready, says, unmount } = setup({});
  await ready();
  stdin.write(']');
  await says(/web: memory 320M; docker's own record of web is not changed/);
  assert.equal(read('memory.max'), String(320 * MiB));
  stdin.write('{');
  await says(/web: pids 84; docker's own record/);
  assert.equal(read('pids.max'), '84');
  unmount();
});

test('a nudge on a container without that limit says so and writes nothing', async () => {
  writeFileSync(join(files, 'pids.max'), 'max\n');
  const { stdin, ready, says, unmount } = setup({});
  await ready();
  stdin.write('}');
  await says(/web has no pids limit to nudge: set one with L/);
  assert.equal(read('pids.max'), 'max');
  unmount();
});

test('a stopped container and one sharing its cgroup are refused, nothing written', async () => {
  writeFileSync(join(files, 'memory.max'), `${256 * MiB}\n`);
  const stopped = setup({ status: 'stopped', recorded: { exitCode: 3 }, pids: [], nprocs: 0 });
  await stopped.ready();
  stopped.stdin.write('L');
  await stopped.says(/limits: web is not running \(stopped\)/);
  stopped.stdin.write(']');
  await stopped.says(/limits: web is not running \(stopped\)/);
  stopped.unmount();
  const r = setup({}, false);
  await r.ready();
  r.stdin.write(']');
  await r.says(/web has no cgroup of its own \(it shares one with other processes\)/);
  assert.equal(read('memory.max'), String(256 * MiB));
  r.unmount();
});
