// The look ahead on the real /proc (root: a pid namespace of the test's own): the helper
// tells a container's init (read in full) from its ordinary member (a glance), and
// what the proc reader makes of its reads is what it reads from /proc itself.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { firstLookPath } from '../../native/firstlook.js';
import { createProcReader } from '../../src/host/proc-reader.js';
import { startFirstLook } from '../../src/sampler/first-look.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { until } from '../helpers/until.js';
import { uniqueSleep, type UniqueCommand } from '../helpers/unique-command.js';

const skip = skipReason(!isRoot && 'needs root (makes a pid namespace)', !which('unshare') && 'needs util-linux unshare', firstLookPath() === undefined && 'native/build/nstop-firstlook is not built');

let unshare: ChildProcess | undefined;
let sleeper: UniqueCommand | undefined;
let init = 0;
let member = 0;

const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

before(async () => {
  if (skip) return;
  sleeper = uniqueSleep('flk');
  // unshare (host pid namespace) -> sh, the namespace's init -> the sleep, its member
  unshare = spawn('unshare', ['--fork', '--pid', '--kill-child', 'sh', '-c', `${sleeper.path} 300 & wait`], { stdio: 'ignore' });
  init = await until('the namespace init', 30_000, () => childrenOf(unshare!.pid!)[0], 50);
  member = await until('its member', 30_000, () => childrenOf(init)[0], 50);
});

after(() => {
  // --kill-child: the namespace goes with unshare
  if (unshare?.exitCode === null) unshare.kill('SIGKILL');
  sleeper?.remove();
});

test('on the real /proc the helper reads the init in full, the member at a glance, and both as the reader does', { skip }, async () => {
  const reads = await startFirstLook('/proc')!.reads(60_000);
  assert.ok(reads, 'the helper read /proc');
  assert.equal(reads.file(member, 'status'), undefined, 'a member: no status read ahead');
  assert.ok(reads.file(member, 'stat')?.startsWith(`${member} (${sleeper!.name}) S ${init} `));
  for (const pid of [unshare!.pid!, init]) {
    assert.match(reads.file(pid, 'status') ?? '', /^Name:/m, `pid ${pid}: status read ahead`);
    assert.notEqual(reads.link(pid, 'net'), undefined, `pid ${pid}: net link read ahead`);
  }
  const fromProc = createProcReader({ procRoot: '/proc' });
  const ahead = createProcReader({ procRoot: '/proc' });
  ahead.useAhead(reads);
  for (const pid of [unshare!.pid!, init, member]) {
    const a = ahead.identity(pid)!;
    const b = fromProc.identity(pid)!;
    // figures may move between the two reads; who the process is may not
    assert.deepEqual([a.stat.ppid, a.stat.starttime, a.stat.comm, a.cmdline, a.cgroups, a.ns, a.nsDenied, a.status?.nspid, a.status?.uids], [b.stat.ppid, b.stat.starttime, b.stat.comm, b.cmdline, b.cgroups, b.ns, b.nsDenied, b.status?.nspid, b.status?.uids], `pid ${pid}`);
  }
  assert.deepEqual(ahead.identity(member)!.status?.nspid, [member, 2]);
});
