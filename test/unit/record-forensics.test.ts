// The OOM forensics parsers, on real lines of this host's kernel (6.18, hybrid): the
// victim from /dev/kmsg records, matched by the container's memcg; memory.stat.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findVictim, parseMemoryStat } from '../../src/record/forensics.js';

// /dev/kmsg as read here (two OOM kills of two containers, then an unrelated line)
const KMSG = [
  '6,27373,25712936005,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/nstop/munch-c8yf,task_memcg=/nstop/munch-c8yf,task=munch,pid=21605,uid=0',
  '3,27374,25712936022,-;Memory cgroup out of memory: Killed process 21605 (munch) total-vm:66564kB, anon-rss:65280kB, file-rss:528kB, shmem-rss:0kB, UID:0 pgtables:168kB oom_score_adj:0',
  '6,27460,25811788522,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/nstop/nstop-demo-22105-munch-0,task_memcg=/nstop/nstop-demo-22105-munch-0,task=munch,pid=22152,uid=0',
  '3,27461,25811788540,-;Memory cgroup out of memory: Killed process 22152 (munch) total-vm:66564kB, anon-rss:65300kB, file-rss:512kB, shmem-rss:4kB, UID:0 pgtables:168kB oom_score_adj:0',
  '6,27462,25811799999,-;eth0: link up',
].join('\n');

test('the victim is the last OOM kill the kernel logged for that memcg, with its RSS', () => {
  const v = findVictim(KMSG, '/nstop/munch-c8yf')!;
  assert.deepEqual({ pid: v.pid, comm: v.comm, anon: v.anonRssKb, file: v.fileRssKb, shmem: v.shmemRssKb, vm: v.totalVmKb, memcg: v.memcg }, { pid: 21605, comm: 'munch', anon: 65280, file: 528, shmem: 0, vm: 66564, memcg: '/nstop/munch-c8yf' });
  assert.match(v.line, /^Memory cgroup out of memory: Killed process 21605/);
  assert.equal(findVictim(KMSG, '/nstop/nstop-demo-22105-munch-0')!.shmemRssKb, 4);
  assert.equal(findVictim(KMSG, '/nstop/other'), undefined);
});

test('memory.stat: v1 and v2 lines', () => {
  // /sys/fs/cgroup/memory/memory.stat here (v1), its first lines
  const v1 = parseMemoryStat('cache 10199040\nrss 6311936\nrss_huge 0\nshmem 9736192\ntotal_rss 427151360\n');
  assert.equal(v1.get('total_rss'), 427151360);
  assert.equal(v1.get('shmem'), 9736192);
  const v2 = parseMemoryStat('anon 6311936\nfile 10199040\nkernel 1486848\nkernel_stack 65536\nsock 0\nshmem 0\n');
  assert.equal(v2.get('kernel'), 1486848);
  assert.equal(v2.get('sock'), 0);
});
