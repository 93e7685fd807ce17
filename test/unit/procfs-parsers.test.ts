// Pure parsers against real lines from the VM and against hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../../src/host/errors.js';
import { parsePasswd, userName } from '../../src/host/proc-reader.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { parseCmdline } from '../../src/host/procfs/cmdline.js';
import { parseLoadavg } from '../../src/host/procfs/loadavg.js';
import { parseMeminfo } from '../../src/host/procfs/meminfo.js';
import { parseNsLink } from '../../src/host/procfs/ns.js';
import { parsePressure } from '../../src/host/procfs/pressure.js';
import { parseStat, parseStatFast } from '../../src/host/procfs/stat.js';
import { parseStatm } from '../../src/host/procfs/statm.js';
import { parseStatus } from '../../src/host/procfs/status.js';
import { parseUptime } from '../../src/host/procfs/uptime.js';

// Everything after "(cat)" in a real /proc/PID/stat (fields 3..52).
const TAIL =
  'R 8252 8252 2285 0 -1 4194304 101 0 0 0 7 3 0 0 20 0 1 0 714680 3133440 416 18446744073709551615 94451469221888 ' +
  '94451469241769 140732116692672 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 94451469257776 94451469259392 94452374122496 ' +
  '140732116695583 140732116695603 140732116695603 140732116697067 0';

const throwsParse = (fn: () => unknown, label: string) => assert.throws(fn, ParseError, label);

test('stat: a real line', () => {
  assert.deepEqual(parseStat(`8256 (cat) ${TAIL}\n`), {
    pid: 8256, comm: 'cat', state: 'R', ppid: 8252, pgrp: 8252, session: 2285, ttyNr: 0,
    utime: 7, stime: 3, numThreads: 1, starttime: 714680, vsizeBytes: 3133440, rssPages: 416,
  });
});

test('stat: comm with spaces, parens, a fake field list and a newline', () => {
  for (const comm of ['a b', ')', '(', '((', ') R 1 2 3 (', 'x) S 1 2 (y', 'new\nline', 'my (odd) comm', '']) {
    const s = parseStat(`42 (${comm}) ${TAIL}`);
    assert.equal(s.comm, comm, JSON.stringify(comm));
    assert.equal(s.state, 'R');
    assert.equal(s.ppid, 8252);
    assert.equal(s.starttime, 714680);
  }
});

test('stat: the minimum 24 fields are enough (old kernels print 44 and up)', () => {
  const short = TAIL.split(' ').slice(0, 22).join(' ');
  assert.equal(parseStat(`7 (x) ${short}`).rssPages, 416);
  assert.equal(parseStat(`7 (x) ${short}\n`).rssPages, 416, 'the newline right after rss');
});

test('stat: other whitespace than the kernel\'s single spaces still parses (the slow way)', () => {
  const loose = TAIL.replace('8252 8252', '8252  8252').replace('714680 ', '714680\t');
  const s = parseStat(`42 (x)  ${loose}\n`);
  assert.deepEqual([s.ppid, s.pgrp, s.starttime, s.rssPages], [8252, 8252, 714680, 416]);
});

test('stat, the one-pass parser: the same as parseStat on the kernel\'s lines; anything else is left to parseStat', () => {
  const short = TAIL.split(' ').slice(0, 22).join(' ');
  for (const comm of ['cat', 'a b', ')', '(', ') R 1 2 3 (', 'x) S 1 2 (y', 'new\nline', 'my (odd) comm', '', 'ünï']) {
    for (const line of [`42 (${comm}) ${TAIL}\n`, `42 (${comm}) ${TAIL}`, `7 (${comm}) ${short}`, `7 (${comm}) ${short}\n`]) {
      assert.deepEqual(parseStatFast(line), parseStat(line), JSON.stringify(line));
    }
  }
  const negative = `9 (x) ${TAIL.replace('R 8252 8252 2285 0 -1', 'S 1 -3 -4 -5 -1')}`;
  assert.deepEqual(parseStatFast(negative), parseStat(negative));
  const loose = TAIL.replace('8252 8252', '8252  8252').replace('714680 ', '714680\t');
  const odd = [
    `42 (x)  ${loose}\n`, ` 42 (x) ${TAIL}`, '', '\n', '42', '42 (x)', '42 (x) R 1 2', '(x) ' + TAIL, `x (y) ${TAIL}`, `-1 (y) ${TAIL}`,
    `42 (x) ${TAIL.split(' ').slice(0, 21).join(' ')}`, `42 (x) ${TAIL.replace('8252 8252', 'abc 8252')}`,
    `42 (x) ${TAIL.replace('714680', '7.5')}`, `42 (x) 7 ${TAIL.slice(2)}`, `42 x ${TAIL}`, `42 (x) R 8252 - 1 ${TAIL.slice(7)}`,
  ];
  for (const text of odd) assert.equal(parseStatFast(text), undefined, JSON.stringify(text));
});

test('stat: empty, truncated and garbage input is a ParseError', () => {
  const bad = [
    '', '\n', '42', '42 (x)', '42 (x) R 1 2', '(x) ' + TAIL, `x (y) ${TAIL}`, `-1 (y) ${TAIL}`,
    `42 (x) ${TAIL.split(' ').slice(0, 21).join(' ')}`, // one field short of rss
    `42 (x) ${TAIL.replace('8252 8252', 'abc 8252')}`, // ppid
    `42 (x) ${TAIL.replace('714680', '7.5')}`, // starttime
    `42 (x) 7 ${TAIL.slice(2)}`, // state is a number
    `42 x ${TAIL}`, // no parens
  ];
  for (const text of bad) throwsParse(() => parseStat(text, '/proc/42/stat'), JSON.stringify(text));
  assert.throws(() => parseStat('', '/proc/42/stat'), /^ParseError: \/proc\/42\/stat:1: /);
});

test('statm: real line, zombie zeros, garbage', () => {
  assert.deepEqual(parseStatm('765 423 394 5 0 123 0\n'), { size: 765, resident: 423, shared: 394 });
  assert.deepEqual(parseStatm('0 0 0 0 0 0 0\n'), { size: 0, resident: 0, shared: 0 });
  for (const bad of ['', '\n', '1 2', '1 x 3 4 5 6 7', '-1 2 3 4 5 6 7']) throwsParse(() => parseStatm(bad), JSON.stringify(bad));
});

const REAL_STATUS = [
  'Name:\tsh', 'Umask:\t0022', 'State:\tS (sleeping)', 'Tgid:\t9163', 'Ngid:\t0', 'Pid:\t9163', 'PPid:\t9162',
  'TracerPid:\t0', 'Uid:\t0\t0\t0\t0', 'Gid:\t0\t0\t0\t0', 'FDSize:\t256', 'Groups:\t ', 'NStgid:\t9163\t2',
  'NSpid:\t9163\t2', 'NSpgid:\t9156\t0', 'NSsid:\t2285\t0', 'Kthread:\t0', 'VmPeak:\t    2592 kB', 'VmRSS:\t    1620 kB',
  'Threads:\t1', 'SigQ:\t0/96365', 'Cpus_allowed_list:\t0-1', 'voluntary_ctxt_switches:\t2', '',
].join('\n');

test('status: a real file', () => {
  assert.deepEqual(parseStatus(REAL_STATUS), {
    name: 'sh', uids: [0, 0, 0, 0], gids: [0, 0, 0, 0], nspid: [9163, 2], threads: 1, vmRssBytes: 1620 * 1024,
  });
});

test('status: nested NSpid, no NSpid (kernel < 4.1), kernel thread without VmRSS', () => {
  assert.deepEqual(parseStatus('Name:\tsleep\nPid:\t3\nNSpid:\t3\t2\t1\n').nspid, [3, 2, 1]);
  assert.deepEqual(parseStatus('Name:\tx\nPid:\t9\nUid:\t1000\t1000\t1000\t1000\n').nspid, [9]);
  const k = parseStatus('Name:\tkthreadd\nState:\tS (sleeping)\nPid:\t2\nNSpid:\t2\nKthread:\t1\nThreads:\t1\n');
  assert.equal(k.vmRssBytes, undefined);
  assert.equal(k.threads, 1);
});

test('status: Name is kept as the kernel escaped it, tabs and trailing spaces included', () => {
  // real: prctl(PR_SET_NAME, "a\\b\tc\nd) (e ") reads back as below
  assert.equal(parseStatus('Name:\ta\\\\b\tc\\nd) (e \nPid:\t1\n').name, 'a\\\\b\tc\\nd) (e ');
  assert.equal(parseStatus('Name:\t\nPid:\t1\n').name, '');
});

test('status: empty and garbage input is a ParseError', () => {
  const bad = [
    '', '\n', 'Name:\tx\n', 'Pid:\t1\n', 'Name:\tx\nPid:\tabc\n', 'Name:\tx\nPid:\t1\nNSpid:\t1\tx\n',
    'Name:\tx\nPid:\t1\nUid:\t0\t-1\t0\t0\n', 'Name:\tx\nPid:\t1\nVmRSS:\t  12 MB\n', 'Name:\tx\nPid:\t1\nThreads:\t\n',
  ];
  for (const text of bad) throwsParse(() => parseStatus(text, '/proc/1/status'), JSON.stringify(text));
});

test('status: a ParseError names the line it found the bad value on', () => {
  assert.throws(() => parseStatus('Name:\tx\nPid:\t1\nVmRSS:\t  12 MB\n', '/proc/1/status'), (e: unknown) => e instanceof ParseError && e.line === 3);
  assert.throws(() => parseStatus('Name:\tx\nState:\tS\nPid:\t1\nUid:\t0\tx\n', '/proc/1/status'), (e: unknown) => e instanceof ParseError && e.line === 4);
});

test('cgroup: v1 hybrid, co-mounted, named hierarchy, v2, paths containing ":"', () => {
  const text = '4:memory:/process_api/1e9a58ef\n9:name=systemd:/\n2:cpu,cpuacct:/docker/x\n8:pids:/a:b:c\n1:cpu:/ends:\n0::/\n';
  assert.deepEqual(parseCgroupFile(text), [
    { hierarchyId: 4, controllers: ['memory'], path: '/process_api/1e9a58ef' },
    { hierarchyId: 9, controllers: ['name=systemd'], path: '/' },
    { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/docker/x' },
    { hierarchyId: 8, controllers: ['pids'], path: '/a:b:c' },
    { hierarchyId: 1, controllers: ['cpu'], path: '/ends:' },
    { hierarchyId: 0, controllers: [], path: '/' },
  ]);
  assert.deepEqual(parseCgroupFile('0::/user.slice'), [{ hierarchyId: 0, controllers: [], path: '/user.slice' }]);
  assert.deepEqual(parseCgroupFile(''), []);
  assert.deepEqual(parseCgroupFile('\n'), []);
});

test('cgroup: garbage is a ParseError with its line number', () => {
  for (const bad of ['garbage\n', 'x:memory:/\n', '4:memory\n', '-1::/\n', '0::\n', ':memory:/\n']) {
    throwsParse(() => parseCgroupFile(bad), JSON.stringify(bad));
  }
  assert.throws(() => parseCgroupFile('0::/\n4:memory\n', 'cg'), (e) => e instanceof ParseError && e.line === 2);
});

test('ns link targets', () => {
  assert.deepEqual(parseNsLink('pid:[4026531836]'), { type: 'pid', inode: 4026531836 });
  assert.deepEqual(parseNsLink('cgroup:[4026531835]'), { type: 'cgroup', inode: 4026531835 });
  for (const bad of ['', 'pid:4026531836', 'pid:[]', 'pid:[12x]', '[4026531836]', 'pid:[1] ', '/proc/1/ns/pid']) {
    throwsParse(() => parseNsLink(bad), JSON.stringify(bad));
  }
});

test('cmdline: NUL-separated argv, kernel threads, rewritten argv', () => {
  assert.deepEqual(parseCmdline(Buffer.from('od\0-c\0/proc/self/cmdline\0')), ['od', '-c', '/proc/self/cmdline']);
  assert.deepEqual(parseCmdline(Buffer.alloc(0)), []);
  assert.deepEqual(parseCmdline(Buffer.from('nginx: worker process')), ['nginx: worker process']);
  // setproctitle pads the old argv area with NULs
  assert.deepEqual(parseCmdline(Buffer.from('postgres: checkpointer \0\0\0\0\0\0')), ['postgres: checkpointer ']);
  // an empty argument in the middle is real and kept
  assert.deepEqual(parseCmdline(Buffer.from('a\0\0b\0')), ['a', '', 'b']);
  assert.deepEqual(parseCmdline(Buffer.from('sh\0-c\0echo "a b"\0')), ['sh', '-c', 'echo "a b"']);
});

test('loadavg', () => {
  assert.deepEqual(parseLoadavg('0.07 0.03 0.01 1/79 2198\n'), { one: 0.07, five: 0.03, fifteen: 0.01, running: 1, total: 79, lastPid: 2198 });
  assert.deepEqual(parseLoadavg('12.50 100.00 7.00 32/1500 4194303'), { one: 12.5, five: 100, fifteen: 7, running: 32, total: 1500, lastPid: 4194303 });
  for (const bad of ['', '0.07 0.03', '0.07 0.03 x 1/79 2198', '0.07 0.03 0.01 179 2198', 'nan nan nan 1/1 1']) {
    throwsParse(() => parseLoadavg(bad), JSON.stringify(bad));
  }
});

test('pressure: with and without the full line', () => {
  const some = 'some avg10=0.45 avg60=1.38 avg300=0.50 total=4064467\n';
  assert.deepEqual(parsePressure(some), { some: { avg10: 0.45, avg60: 1.38, avg300: 0.5, total: 4064467 } });
  const both = parsePressure(some + 'full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
  assert.deepEqual(both.full, { avg10: 0, avg60: 0, avg300: 0, total: 0 });
  for (const bad of ['', '\n', 'full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n', 'some avg10=x avg60=1.38 avg300=0.50 total=1\n', some + 'half avg10=0.00\n', 'some avg10=0.45 avg60=1.38 avg300=0.50\n']) {
    throwsParse(() => parsePressure(bad), JSON.stringify(bad));
  }
});

test('meminfo: the four keys, lenient about the rest', () => {
  const real = 'MemTotal:       24684092 kB\nMemFree:        24223304 kB\nMemAvailable:   24272972 kB\nActive(anon):      1 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nHugePages_Total:       0\nSomeFutureLine: 12 MB\n';
  assert.deepEqual(parseMeminfo(real), { totalBytes: 24684092 * 1024, availableBytes: 24272972 * 1024, swapTotalBytes: 0, swapFreeBytes: 0 });
  // kernels before 3.14 have no MemAvailable
  assert.equal(parseMeminfo('MemTotal: 1 kB\nSwapTotal: 2 kB\nSwapFree: 3 kB\n').availableBytes, undefined);
  for (const bad of ['', '\n', 'MemAvailable: 1 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n', 'MemTotal: lots\nSwapTotal: 0 kB\nSwapFree: 0 kB\n', 'MemTotal: 5 MB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n']) {
    throwsParse(() => parseMeminfo(bad), JSON.stringify(bad));
  }
});

test('uptime', () => {
  assert.equal(parseUptime('7146.80 14079.57\n'), 7146.8);
  for (const bad of ['', '7146.80', 'x 1.0', '-1.0 2.0']) throwsParse(() => parseUptime(bad), JSON.stringify(bad));
});

test('passwd: first entry wins, junk skipped, numeric fallback', () => {
  const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\n+::::::\n\ntoor:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nbroken:x:abc:1::/:\n');
  assert.deepEqual([...names], [[0, 'root'], [1000, 'alice']]);
  assert.equal(userName(names, 1000), 'alice');
  assert.equal(userName(names, 4242), '4242');
});
