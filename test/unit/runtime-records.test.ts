// The runtimes' own records, parsed from real files captured on this host (docker 20.10,
// podman 4.3, runc 1.1; test/fixtures/runtimes/README.md), and the reader's cache.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseContainerdConfig } from '../../src/host/runtimes/containerd.js';
import { parseDockerConfig } from '../../src/host/runtimes/docker.js';
import { parseMachineFile } from '../../src/host/runtimes/nspawn.js';
import { parseContainersJson, parseLibpodDb, withExitFiles } from '../../src/host/runtimes/podman.js';
import { createRecordReader } from '../../src/host/runtimes/reader.js';
import { RECORD_KINDS, type RecordKind, type RuntimeRoots } from '../../src/host/runtimes/record.js';
import { parseRuncState } from '../../src/host/runtimes/runc.js';
import { createRecordPolicy } from '../../src/sampler/runtime-records.js';
import { fixture } from '../helpers/paths.js';

const WEB = 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8';
const EXIT3 = '1c2dbb2128d51eb6604c287221f07325b2b741fed651ba78abb8626cf78e848e';
const PWEB = 'ca5bce3fd46b1d7321ef41f2e1ab0de703f181b5d6dcf8795b3f1416b707d64c';
const PEXIT5 = '658b6855f6c4a16e624794042299d53c10a0f3f218f8250f48eaa9909c4d361b';
const read = (...p: string[]) => readFileSync(fixture('runtimes', ...p), 'utf8');

test('docker: name without its "/", the image as asked for, running with its pid', () => {
  assert.deepEqual(parseDockerConfig(read('docker/containers', WEB, 'config.v2.json')), { kind: 'docker', id: WEB, name: 'nstop-rt-web', image: 'nstop-rt-bb:1', running: true, pid: 7509 });
});

test('docker: a stopped container keeps the exit code and the time it finished', () => {
  const r = parseDockerConfig(read('docker/containers', EXIT3, 'config.v2.json'))!;
  assert.equal(r.running, false);
  assert.equal(r.exitCode, 3);
  assert.equal(r.finishedAt, Date.parse('2026-12-03T08:21:13.633140728Z'));
  assert.equal(r.created, undefined);
});

test('docker: a created, never started container is created, not stopped', () => {
  const j = JSON.parse(read('docker/containers', EXIT3, 'config.v2.json'));
  j.State.StartedAt = '0001-01-01T00:00:00Z';
  assert.equal(parseDockerConfig(JSON.stringify(j))!.created, true);
});

test('podman: containers.json gives names and images, libpod state the exit code', () => {
  const list = parseContainersJson(read('podman/overlay-containers/containers.json'));
  assert.deepEqual(list.map((r) => [r.id, r.name, r.image]).sort(), [
    [PWEB, 'nstop-rt-pweb', 'localhost/nstop-rt-bb:1'],
    [PEXIT5, 'nstop-rt-pexit5', 'localhost/nstop-rt-bb:1'],
  ].sort());
  const db = parseLibpodDb(readFileSync(fixture('runtimes/podman/libpod/bolt_state.db')));
  const byId = new Map(db.map((r) => [r.id, r]));
  assert.deepEqual(byId.get(PWEB), { kind: 'podman', id: PWEB, name: 'nstop-rt-pweb', image: 'localhost/nstop-rt-bb:1', running: true, pid: 8775, exitFile: `/run/libpod/exits/${PWEB}` });
  assert.deepEqual(byId.get(PEXIT5), { kind: 'podman', id: PEXIT5, name: 'nstop-rt-pexit5', image: 'localhost/nstop-rt-bb:1', running: false, exitCode: 5, finishedAt: Date.parse('2026-12-03T08:21:31.60847523Z') });
});

test('podman: conmon\'s exit file ends a container the database still calls running', () => {
  const db = parseLibpodDb(readFileSync(fixture('runtimes/podman/libpod/bolt_state.db')));
  const files = new Map([[`/run/libpod/exits/${PWEB}`, '137']]);
  const ended = withExitFiles(db, (p) => files.get(p));
  const web = ended.find((r) => r.id === PWEB)!;
  assert.deepEqual([web.running, web.exitCode, web.pid], [false, 137, undefined]);
  assert.deepEqual(withExitFiles(db, () => undefined), db, 'no file yet: still running');
  assert.deepEqual(withExitFiles(db, () => ''), db, 'an empty file (being written) is no code');
});

test('podman: a file that is not a bbolt database is refused, not guessed at', () => {
  assert.throws(() => parseLibpodDb(Buffer.alloc(8192)), /not a bbolt file/);
});

test('runc: the init pid and its start time (a reused pid is not the container)', () => {
  assert.deepEqual(parseRuncState(read('runc/nstop-rt-rc1/state.json')), { kind: 'runc', id: 'nstop-rt-rc1', name: 'nstop-rt-rc1', pid: 9524, pidStart: 1888870 });
  // the head is read without parsing the config; anything else in another order is parsed whole
  const reordered = JSON.stringify({ init_process_pid: 9524, id: 'rc2', init_process_start: 7, config: {} });
  assert.deepEqual(parseRuncState(reordered), { kind: 'runc', id: 'rc2', name: 'rc2', pid: 9524, pidStart: 7 });
  // docker's runc state (30 KB of config after the head): the same as a whole parse
  const moby = read('runc-moby', 'f7043659c878c76be501c2bf4ba851edd0c8faa115203689d7ffa1ba391f33e8', 'state.json');
  assert.deepEqual(parseRuncState(moby), parseRuncState(JSON.stringify(JSON.parse(moby), null, 1)));
});

test('containerd: CRI annotations give pod, namespace and container; none, the id only', () => {
  const cri = JSON.stringify({ annotations: { 'io.kubernetes.cri.container-type': 'container', 'io.kubernetes.cri.container-name': 'web', 'io.kubernetes.cri.sandbox-name': 'web-7d9f', 'io.kubernetes.cri.sandbox-namespace': 'shop', 'io.kubernetes.cri.image-name': 'nginx:1.25' } });
  assert.deepEqual(parseContainerdConfig('abc', cri, 42), { kind: 'containerd', id: 'abc', name: 'web', image: 'nginx:1.25', pod: 'web-7d9f', podNamespace: 'shop', pid: 42 });
  const sandbox = JSON.stringify({ annotations: { 'io.kubernetes.cri.container-type': 'sandbox', 'io.kubernetes.cri.sandbox-name': 'web-7d9f', 'io.kubernetes.cri.sandbox-namespace': 'shop' } });
  assert.equal(parseContainerdConfig('p', sandbox, undefined).sandbox, true);
  assert.deepEqual(parseContainerdConfig(WEB, read('containerd/moby', WEB, 'config.json'), undefined), { kind: 'containerd', id: WEB });
});

test('nspawn: a machine file gives the name and the leader; other classes are not containers', () => {
  const f = 'NAME=my-box\nSCOPE=machine-my\\x2dbox.scope\nSERVICE=nspawn\nROOT=/var/lib/machines/my-box\nLEADER=27581\nCLASS=container\n';
  assert.deepEqual(parseMachineFile('# This is private data. Do not parse.\n' + f), { kind: 'nspawn', id: 'my-box', name: 'my-box', running: true, pid: 27581 });
  assert.equal(parseMachineFile(f.replace('CLASS=container', 'CLASS=vm')), undefined);
});

const none = (): Record<RecordKind, string[]> => Object.fromEntries(RECORD_KINDS.map((k) => [k, []])) as unknown as Record<RecordKind, string[]>;

function fixtureRoots(): RuntimeRoots {
  return { ...none(), docker: [fixture('runtimes/docker/containers')], podman: [fixture('runtimes/podman')], runc: [fixture('runtimes/runc'), fixture('runtimes/runc-moby')], containerd: [fixture('runtimes/containerd')] };
}

test('the reader finds every record under the roots; one container in two podman files is one record', () => {
  const pass = createRecordReader(fixtureRoots()).read();
  assert.deepEqual(pass.warnings, []);
  const keys = pass.records.map((r) => `${r.kind}:${r.name ?? r.id}`).sort();
  assert.deepEqual(keys, ['containerd:' + WEB, 'docker:nstop-rt-exit3', 'docker:nstop-rt-web', 'podman:nstop-rt-pexit5', 'podman:nstop-rt-pweb', 'runc:' + PWEB, 'runc:' + WEB, 'runc:nstop-rt-rc1'].sort());
  const pexit = pass.records.find((r) => r.id === PEXIT5)!;
  assert.equal(pexit.exitCode, 5);
  assert.equal(pexit.image, 'localhost/nstop-rt-bb:1');
});

test('the reader parses a file again only when its mtime or size changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-rec-'));
  try {
    cpSync(fixture('runtimes/docker/containers'), dir, { recursive: true });
    const reader = createRecordReader({ ...none(), docker: [dir] });
    assert.equal(reader.read().parsed, 2);
    const again = reader.read();
    assert.equal(again.parsed, 0);
    assert.equal(again.stats, 2);
    const file = join(dir, WEB, 'config.v2.json');
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.Name = '/renamed';
    writeFileSync(file, JSON.stringify(j));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const third = reader.read();
    assert.equal(third.parsed, 1);
    assert.ok(third.records.some((r) => r.name === 'renamed'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken record is a warning, and its container keeps its id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-rec-'));
  try {
    cpSync(fixture('runtimes/docker/containers'), dir, { recursive: true });
    writeFileSync(join(dir, WEB, 'config.v2.json'), '{"ID":');
    const pass = createRecordReader({ ...none(), docker: [dir] }).read();
    assert.equal(pass.records.length, 1);
    assert.equal(pass.warnings.length, 1);
    assert.match(pass.warnings[0]!, /^docker record .*config\.v2\.json: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** containers as the sampler hands them: a fresh array per grouping */
const ids = (...names: string[]): { id: string }[] => names.map((id) => ({ id }));

test('records are read when the containers change and on the slow timer, not every tick', () => {
  const policy = createRecordPolicy(fixtureRoots(), 5000);
  assert.equal(policy.records(ids('a'), 0).passed, true);
  for (let t = 1000; t < 5000; t += 1000) assert.equal(policy.records(ids('a'), t).passed, false, `tick at ${t}`);
  assert.equal(policy.records(ids('a', 'b'), 5100).passed, true, 'a new container');
  assert.equal(policy.records(ids('a', 'b'), 5200).passed, true, 'and the tick after (an exit written late)');
  assert.equal(policy.records(ids('a', 'b'), 5300).passed, false);
  assert.equal(policy.records(ids('a', 'b'), 10300).passed, true, 'the slow timer');
  assert.equal(policy.counts().passes, 4);
  const same = ids('b', 'a');
  const quiet = policy.records(same, 10400);
  assert.equal(quiet.passed, false, 'the same ids in another order and array: no change');
  assert.equal(policy.records(same, 10500), quiet, 'a tick without a pass hands back the same answer (nothing allocated)');
  assert.equal(policy.records(ids('a'), 10600).passed, true, 'a container gone');
});
