// The Watch issue's scenario on fixture trees: an `unshare --fork --pid --mount-proc
// --uts` process in a 64M / pids-20 cgroup reads the same on a hybrid and a pure v2 host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSampler } from '../../src/sampler/sampler.js';
import { fixture } from '../helpers/paths.js';

async function scenario(kind: 'hybrid' | 'v2') {
  const sampler = createSampler({ procRoot: fixture(`proc-${kind}`), cgroupRoot: fixture(`cgroup-${kind}`), intervalMs: 1000, readOnly: false });
  sampler.setDemand({ processStats: 'all' });
  return sampler.sample();
}

for (const kind of ['hybrid', 'v2'] as const) {
  test(`fixture ${kind}: the unshare container with memory max 64 MiB and pids max 20`, async () => {
    const s = await scenario(kind);
    assert.equal(s.host.cgroupMode, kind);
    assert.equal(s.containers.length, 1);
    const c = s.containers[0]!;
    assert.equal(c.name, 'sleep');
    assert.equal(c.runtime, 'ad-hoc');
    assert.equal(c.initPid, 4242);
    assert.deepEqual(c.pids, [4241, 4242, 4243]);
    assert.equal(c.stats?.memory.max, 64 * 1024 * 1024);
    assert.equal(c.stats?.memory.current, 20 * 1024 * 1024);
    assert.equal(c.stats?.pids.max, 20);
    assert.equal(c.stats?.pids.current, 3);
    assert.equal(c.counters.oomKill.value, 1);
    assert.equal(c.stats?.psi.memory?.some.avg10, 1.5);
    assert.deepEqual(c.isolated, ['mnt', 'pid', 'uts']);
    const odd = s.processes.find((p) => p.pid === 4243)!;
    assert.equal(odd.comm, 'my (odd) comm');
    assert.deepEqual(odd.nspid, [4243, 2]);
    assert.equal(odd.rssBytes, 300 * 4096);
    assert.equal(s.host.load?.one, 0.52);
    assert.equal(s.host.psi.cpu?.some.avg10, 0.45);
  });
}

test('fixture hybrid and v2 give the same container figures', async () => {
  const [a, b] = [await scenario('hybrid'), await scenario('v2')];
  const pick = (s: typeof a) => {
    const c = s.containers[0]!;
    return { mem: c.stats?.memory.max, cur: c.stats?.memory.current, pids: c.stats?.pids, oom: c.counters.oomKill.value, ns: s.namespaces.length };
  };
  assert.deepEqual(pick(a), pick(b));
});
