// The Processes view's "did this cgroup run since the last tick" check: one usage read
// per distinct membership array per tick, quiet only when the same value was read the
// tick before; unknown (no CPU accounting, refused, vanished) is never quiet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupMembership } from '../../src/host/types.js';
import type { CgroupRef } from '../../src/host/cgroup/types.js';
import { createQuietCgroups } from '../../src/sampler/quiet-cgroups.js';

const m = (path: string): CgroupMembership[] => [{ hierarchyId: 0, controllers: [], path }];

test('one read per membership per tick; quiet when the CPU time equals the last tick\'s', () => {
  const usage = new Map<string, number | undefined>([['/a', 10], ['/b', 20], ['/none', undefined]]);
  const reads: string[] = [];
  const q = createQuietCgroups({
    refFromMembership: (lines) => ({ v1: {}, unified: lines[0]!.path }),
    readUsage: (ref: CgroupRef) => {
      reads.push(ref.unified!);
      if (ref.unified === '/gone') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      return usage.get(ref.unified!);
    },
  });
  const a = m('/a');
  const b = m('/b');
  let quiet = q.next();
  assert.deepEqual([quiet(a), quiet(a), quiet(b)], [false, false, false], 'first tick: nothing to compare with');
  assert.deepEqual(reads, ['/a', '/b'], 'read once per tick per array');
  usage.set('/b', 21);
  quiet = q.next();
  assert.deepEqual([quiet(a), quiet(b)], [true, false]);
  quiet = q.next();
  assert.deepEqual([quiet(a), quiet(b), quiet(m('/none')), quiet(m('/gone')), quiet([])], [true, true, false, false, false]);
});
