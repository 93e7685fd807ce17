import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { ParseError } from '../../src/host/errors.js';
import { readProcessIdentity, readProcessStat } from '../../src/host/proc-reader.js';
import { parseCgroupFile } from '../../src/host/procfs/cgroup.js';
import { listPids, parseCmdline } from '../../src/host/procfs/list-pids.js';
import { parseNsLink } from '../../src/host/procfs/ns.js';
import { parseLoadavg, parseMeminfo, parsePressure } from '../../src/host/procfs/small.js';
import { parseStat } from '../../src/host/procfs/stat.js';
import { parseStatus } from '../../src/host/procfs/status.js';

const TAIL = 'S 2195 2196 1018 0 -1 4194560 5046 0 0 0 27 5 0 0 20 0 7 0 10478 1190060032 12155 18446744073709551615';

test('stat: plain line', () => {
  const s = parseStat(`2196 (node) ${TAIL}`);
  assert.deepEqual([s.pid, s.comm, s.state, s.ppid, s.utime, s.stime, s.numThreads, s.starttime, s.rssPages], [2196, 'node', 'S', 2195, 27, 5, 7, 10478, 12155]);
});

test('stat: hostile comm with spaces, parens and a newline', () => {
  for (const comm of ['a b', 'x) S 1 2 (y', ')', '((', 'new\nline', '']) {
    const s = parseStat(`42 (${comm}) ${TAIL}`);
    assert.equal(s.comm, comm);
    assert.equal(s.ppid, 2195);
  }
});

test('stat: truncated, empty and garbage input is a ParseError', () => {
  for (const bad of ['', '42', '42 (x)', `42 (x) S 1 2`, `x (y) ${TAIL}`, `42 (x) ${TAIL.replace('2195', 'abc')}`, `42 (x) 7 ${TAIL.slice(2)}`]) {
    assert.throws(() => parseStat(bad, '/proc/42/stat'), ParseError, JSON.stringify(bad));
  }
});

test('status: NSpid nested, absent (old kernels), kernel thread without VmRSS', () => {
  const s = parseStatus('Name:\tsleep\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nPid:\t4243\nNSpid:\t4243\t7\t1\nThreads:\t1\nVmRSS:\t   1480 kB\n');
  assert.deepEqual(s.nspid, [4243, 7, 1]);
  assert.equal(s.vmRssBytes, 1480 * 1024);
  assert.deepEqual(parseStatus('Name:\tx\nPid:\t9\n').nspid, [9]);
  assert.equal(parseStatus('Name:\tkthreadd\nPid:\t2\nNSpid:\t2\n').vmRssBytes, undefined);
  assert.throws(() => parseStatus(''), ParseError);
  assert.throws(() => parseStatus('Name:\tx\nPid:\tabc\n'), ParseError);
});

test('cgroup: v1, v2, named hierarchies, paths containing ":"', () => {
  assert.deepEqual(parseCgroupFile('4:memory:/process_api/1e9a\n9:name=systemd:/\n2:cpu,cpuacct:/a:b:c\n0::/\n'), [
    { hierarchyId: 4, controllers: ['memory'], path: '/process_api/1e9a' },
    { hierarchyId: 9, controllers: ['name=systemd'], path: '/' },
    { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/a:b:c' },
    { hierarchyId: 0, controllers: [], path: '/' },
  ]);
  assert.deepEqual(parseCgroupFile(''), []);
  assert.throws(() => parseCgroupFile('garbage\n'), ParseError);
  assert.throws(() => parseCgroupFile('x:memory:/\n'), ParseError);
});

test('PSI with and without the full line; loadavg; meminfo', () => {
  const p = parsePressure('some avg10=0.45 avg60=1.38 avg300=0.50 total=4064467\n');
  assert.equal(p.some.avg10, 0.45);
  assert.equal(p.full, undefined);
  assert.equal(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=2.00 avg60=0.00 avg300=0.00 total=9\n').full?.avg10, 2);
  assert.throws(() => parsePressure(''), ParseError);
  assert.throws(() => parsePressure('some avg10=x\n'), ParseError);
  assert.deepEqual(parseLoadavg('0.07 0.03 0.01 1/79 2198\n'), { one: 0.07, five: 0.03, fifteen: 0.01, running: 1, total: 79 });
  assert.throws(() => parseLoadavg(''), ParseError);
  const m = parseMeminfo('MemTotal:       24594364 kB\nMemAvailable:   24000000 kB\nActive(anon):   1 kB\nHugePages_Total:       0\n');
  assert.equal(m.totalBytes, 24594364 * 1024);
  assert.equal(m.swapTotalBytes, undefined);
});

test('ns links and cmdline', () => {
  assert.deepEqual(parseNsLink('pid:[4026531836]'), { type: 'pid', inode: 4026531836 });
  assert.throws(() => parseNsLink('pid:4026531836'), ParseError);
  assert.deepEqual(parseCmdline(Buffer.from('sleep\u0000300\u0000')), ['sleep', '300']);
  assert.deepEqual(parseCmdline(Buffer.from('')), []);
  assert.deepEqual(parseCmdline(Buffer.from('nginx: worker process')), ['nginx: worker process']);
  assert.deepEqual(parseCmdline(Buffer.from('a\u0000\u0000b\u0000')), ['a', '', 'b']);
});

test('the real /proc: our own process, and a vanished pid', () => {
  const me = readProcessIdentity('/proc', process.pid)!;
  assert.equal(me.stat.pid, process.pid);
  assert.equal(me.status?.nspid[0], process.pid);
  assert.equal(me.ns.pid, parseNsLink(readlinkSync('/proc/self/ns/pid')).inode);
  assert.equal(me.cgroups.length, readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n').length);
  assert.ok(listPids('/proc').includes(process.pid));
  assert.equal(readProcessIdentity('/proc', 4194304 + 1), undefined);
  assert.equal(readProcessStat('/proc', 4194304 + 1), undefined);
});
