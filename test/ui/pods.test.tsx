// Pods in the Containers view (issue 20: "the dashboard can group a pod's containers"):
// t there puts each pod's row (its containers' sums) above its containers, drawn with the
// process tree's branches; the pod row is not a target for actions. The Kubernetes
// fields come from CRI config.json annotations as containerd writes them, through the
// parser nstop reads them with.
import { lineWith, plain, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { buildRows, contextOf } from '../../src/ui/view-rows.js';
import { UNICODE } from '../../src/ui/glyphs.js';
import { initialState, reduceKey } from '../../src/ui/state/reducer.js';
import { formatConfig, defaultSettings, parseConfig } from '../../src/ui/settings.js';
import { parseContainerdConfig } from '../../src/host/runtimes/containerd.js';
import type { ContainerRow, Snapshot } from '../../src/model/types.js';
import { fakeSource, MiB, sampleSnapshot, WEB_ID } from '../helpers/sample-snapshot.js';

/** containerd's config.json of a CRI container: the annotations the CRI plugin writes */
const criConfig = (container: string, pod: string, ns: string): string =>
  JSON.stringify({
    ociVersion: '1.1.0',
    process: { args: ['sleep', '3000'] },
    annotations: {
      'io.kubernetes.cri.container-type': 'container', 'io.kubernetes.cri.container-name': container,
      'io.kubernetes.cri.sandbox-name': pod, 'io.kubernetes.cri.sandbox-namespace': ns, 'io.kubernetes.cri.image-name': 'docker.io/library/nginx:1.25',
    },
  });

function withPods(): Snapshot {
  const s = sampleSnapshot();
  const web = s.containers.find((c) => c.id === WEB_ID)!;
  const k8s = (id: string, container: string, pod: string, ns: string, memMiB: number, cpuPct: number): ContainerRow => {
    const r = parseContainerdConfig(id, criConfig(container, pod, ns), 5000);
    return {
      ...web, id: `kubernetes:${id}`, name: r.name!, runtime: 'kubernetes', image: r.image!, pod: r.pod!, podNamespace: r.podNamespace!,
      stats: { ...web.stats!, memory: { ...web.stats!.memory, current: memMiB * MiB, max: 256 * MiB } }, cpuPct,
      limitFrom: { memory: `/kubepods.slice/kubepods-pod${pod}.slice` },
    };
  };
  return {
    ...s,
    containers: [
      ...s.containers,
      k8s('a1'.repeat(32), 'nginx', 'web-7d9f', 'default', 30, 10),
      k8s('b2'.repeat(32), 'log-shipper', 'web-7d9f', 'default', 10, 2),
      k8s('c3'.repeat(32), 'postgres', 'db-0', 'prod', 100, 5),
    ],
  };
}

test('t in the Containers view: each pod row above its containers, sums of theirs; the pod row is no target', () => {
  const s = withPods();
  const ui = reduceKey(initialState(), 't', { keys: [], textAt: () => '', sortIds: [], sortDesc: () => false, pageRows: 10, readOnly: true, scopeAt: () => undefined, targetAt: () => undefined, liveLaunched: 0 });
  assert.equal(ui.pods, true);
  assert.equal(ui.tree, false, 'the process tree is its own setting');
  const v = buildRows(s, { ...ui, views: { ...ui.views, containers: { ...ui.views.containers, sort: 'name', desc: false } } }, contextOf(s, UNICODE));
  const names = v.rows.map((_, i) => v.columns[0]!.render(v.rows[i] as never, contextOf(s, UNICODE)));
  const at = (n: string) => names.indexOf(n);
  assert.deepEqual(names.slice(at('default/web-7d9f'), at('default/web-7d9f') + 3), ['default/web-7d9f', '├─log-shipper', '└─nginx']);
  assert.deepEqual(names.slice(at('prod/db-0'), at('prod/db-0') + 2), ['prod/db-0', '└─postgres']);
  assert.ok(at('box') >= 0 && at('web') >= 0, 'containers without a pod stay rows of their own');
  assert.equal(names.filter((n) => n.endsWith('nginx')).length, 1, 'each container once');
  const pod = v.rows[at('default/web-7d9f')] as ContainerRow;
  assert.deepEqual([pod.stats?.memory.current, pod.stats?.memory.max, pod.cpuPct, pod.nprocs], [40 * MiB, 256 * MiB, 12, 6]);
  assert.equal(v.targetAt(at('default/web-7d9f')), undefined);
  // k on the pod row says what to do instead
  const info = { keys: v.keys, textAt: v.textAt, sortIds: [], sortDesc: () => false, pageRows: 20, readOnly: false, scopeAt: v.scopeAt, targetAt: v.targetAt, liveLaunched: 0 };
  let onPod = ui;
  for (let i = 0; i < at('default/web-7d9f'); i++) onPod = reduceKey(onPod, 'down', info);
  assert.match(reduceKey({ ...onPod, views: { ...onPod.views, containers: { ...onPod.views.containers, sort: 'name', desc: false } } }, 'k', info).message ?? '', /a pod's row: select one of its containers/);
  assert.equal(v.scopeAt(at('default/web-7d9f')), undefined);
  assert.equal((v.targetAt(at('└─nginx')) as { id?: string })?.id, `kubernetes:${'a1'.repeat(32)}`);
  // off again: flat rows, no pod rows
  const flat = buildRows(s, reduceKey(ui, 't', { keys: [], textAt: () => '', sortIds: [], sortDesc: () => false, pageRows: 10, readOnly: true, scopeAt: () => undefined, targetAt: () => undefined, liveLaunched: 0 }), contextOf(s, UNICODE));
  assert.equal(flat.rows.length, s.containers.length);
});

test('the pods setting is saved and read back (F2 writes "pods = on")', () => {
  const text = formatConfig({ ...defaultSettings(), pods: true });
  assert.match(text, /^pods = on$/m);
  const back = parseConfig(text);
  assert.equal('settings' in back ? back.settings.pods : undefined, true);
});

test('at 160x45: t groups the pods on screen, the tab and the status line say so', async () => {
  const source = fakeSource(withPods());
  const r = render(<App source={source} width={160} height={45} color={false} unicode readOnly={false} intervalMs={1000} onQuit={() => undefined} />);
  await waitForFrame(r.lastFrame, (x) => plain(x).includes('nginx'));
  r.stdin.write('t');
  const f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('prod/db-0'));
  assert.match(lineWith(f, 'prod/db-0')!, /kuberne\S* +running .* 100\.0MiB\/256\.0MiB/);
  assert.match(plain(f), / 1 Containers 7 /, 'pod rows are not counted as containers');
  // MEM% first (the default sort), within the pod too
  assert.match(plain(f), /default\/web\S* +kuberne.*\n +├─nginx +kuberne.*\n +└─log-shipper +kuberne/);
  assert.match(plain(f), /pod's containers under its row/);
  r.unmount();
});
