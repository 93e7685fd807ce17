// Through the sampler, on the fixture host whose `unshare` container has memory and pids
// groups of its own but no CPU counter: its CPU % is summed from its processes, every
// tick while its row is on screen, at most OFF_SCREEN_CPU_EVERY ticks apart (the figure
// kept and aged meanwhile) while it is off screen.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OFF_SCREEN_CPU_EVERY } from '../../src/sampler/member-cpu.js';
import { createSampler } from '../../src/sampler/sampler.js';
import { fixture } from '../helpers/paths.js';

// The fixture host with the container's cpu, cpuacct and unified groups moved to the
// root: memory and pids stay its own, so it has no CPU counter of its own.
const procRoot = mkdtempSync(join(tmpdir(), 'nstop-member-cpu-'));
after(() => rmSync(procRoot, { recursive: true, force: true }));
cpSync(fixture('proc-hybrid'), procRoot, { recursive: true, verbatimSymlinks: true });
for (const pid of readdirSync(procRoot).filter((d) => /^\d+$/.test(d))) {
  const file = join(procRoot, pid, 'cgroup');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/^(\d+:(?:cpu|cpuacct|):)\/nstop-fixture\/box$/gm, '$1/'));
}

async function ages(watch: readonly string[] | ((id: string) => readonly string[]), ticks: number) {
  let clock = 1_000_000;
  const sampler = createSampler({ procRoot, cgroupRoot: fixture('cgroup-hybrid'), intervalMs: 1000, readOnly: true, watchEvents: false, now: () => clock });
  const out: (number | undefined | 'none')[] = [];
  try {
    let id = '';
    for (let i = 0; i < ticks; i++) {
      sampler.setDemand({ processStats: 'none', watch: typeof watch === 'function' ? watch(id) : watch, fresh: { processes: false, namespaces: false } });
      const s = await sampler.sample();
      const c = s.containers.find((x) => x.name === 'sleep')!;
      id = c.id;
      assert.equal(c.stats?.cpu.usageUsec, undefined, 'the fixture container has no CPU counter of its own');
      out.push(c.cpuPct === undefined ? 'none' : c.cpuAgeMs);
      clock += 1000;
    }
  } finally {
    sampler.stop();
  }
  return out;
}

test('a row on screen without a CPU counter: a current CPU % on every tick once there are two readings', async () => {
  const got = await ages((id) => (id ? [id] : []), 12);
  assert.deepEqual(got.slice(3), Array(9).fill(undefined), JSON.stringify(got));
});

test(`a row off screen: its CPU % kept between readings, at most ${OFF_SCREEN_CPU_EVERY - 1} ticks old, read again at least every ${OFF_SCREEN_CPU_EVERY}`, async () => {
  const got = await ages([], 25);
  const settled = got.slice(3);
  assert.ok(settled.every((a) => a !== 'none'), JSON.stringify(got));
  assert.ok(settled.some((a) => a !== undefined), `older figures kept: ${JSON.stringify(got)}`);
  for (const a of settled) if (typeof a === 'number') assert.ok(a <= (OFF_SCREEN_CPU_EVERY - 1) * 1000, `age ${a}`);
  const reads = settled.filter((a) => a === undefined).length;
  assert.ok(reads >= Math.floor(settled.length / OFF_SCREEN_CPU_EVERY) && reads <= Math.ceil(settled.length / OFF_SCREEN_CPU_EVERY) + 1, JSON.stringify(got));
});

/** Full cgroup reads of the container's group over `ticks` ticks, its row on screen. */
async function fullReads(memberCpu: boolean | 'background' | undefined, ticks: number): Promise<number> {
  const sampler = createSampler({ procRoot, cgroupRoot: fixture('cgroup-hybrid'), intervalMs: 1000, readOnly: true, watchEvents: false });
  const readStats = sampler.driver.readStats.bind(sampler.driver);
  let n = 0;
  sampler.driver.readStats = (ref) => (ref.v1['memory'] === '/nstop-fixture/box' && n++, readStats(ref));
  try {
    let id = '';
    for (let i = 0; i < ticks; i++) {
      sampler.setDemand({ processStats: 'none', watch: id ? [id] : [], ...(memberCpu !== undefined ? { memberCpu } : {}), fresh: { processes: false, namespaces: false } });
      id = (await sampler.sample()).containers.find((x) => x.name === 'sleep')!.id;
    }
  } finally {
    sampler.stop();
  }
  return n;
}

test('on screen, the dashboard: its processes\' readings stand in for the CPU counter (in full once per 3 ticks while they stand still); serve and the recorder: in full every tick', async () => {
  // the fixture's processes never run: their readings stand still
  const dashboard = await fullReads(undefined, 13);
  assert.ok(dashboard >= 4 && dashboard <= 6, `dashboard: ${dashboard} full reads in 13 ticks`);
  assert.equal(await fullReads(false, 13), 13, 'serve (memberCpu false): every tick');
  assert.equal(await fullReads('background', 13), 13, 'the recorder (background): every tick');
});
