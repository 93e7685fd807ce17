// Images through the real CLI as root (the acceptance): import from a directory,
// a .tar and a .tar.gz; two containers of one image write the same path and each sees
// only its own file while the image stays as it was; the overlay mount and the upper dir
// go when a container ends; commit (with a deleted file: a whiteout) and a run of the new
// image; image rm refused while a child image or a container needs it, and the store
// empty after rm in the right order; --rootfs FILE.tar imported once; hostile tarballs
// refused (or contained) in one line with nothing written outside; NSTOP_OVERLAY=off.
// Each describe has its own harness: a private state dir and a private image store.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actHarness, busyboxRootfs, type ActHarness } from '../helpers/act.js';
import { ok, refusal, withOverlayOff } from '../helpers/image-cli.js';
import { requireTool, isRoot, skipReason, which } from '../helpers/root.js';
import { gzip, tar, type TarSpec } from '../helpers/tar-writer.js';
import { untilTrue } from '../helpers/until.js';

function overlayMissing(): string | undefined {
  const has = () => /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  if (has()) return undefined;
  spawnSync('modprobe', ['overlay'], { stdio: 'ignore' });
  return has() ? undefined : 'overlayfs is not available in this kernel';
}

const skip = skipReason(
  !isRoot && 'needs root (mounts overlays, creates cgroups and namespaces)',
  isRoot && requireTool('busybox', 'busybox-static'),
  isRoot && !which('tar') && 'tar is not installed',
  isRoot && overlayMissing(),
);

// scratch space of this file: rootfs trees, archives, and the "outside" that attacks aim at
const scratch = mkdtempSync(join(os.tmpdir(), 'nstop-images-'));
const made: { remove(): void }[] = [];
after(() => {
  for (const m of made) m.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** A harness for one describe, cleaned up after it (even when a test failed). */
function harness(prefix: string): () => ActHarness {
  let h: ActHarness | undefined;
  before(() => {
    h = actHarness(prefix);
  });
  after(async () => {
    await h?.cleanup();
  });
  return () => h!;
}

let files = 0;
const scratchFile = (name: string, data: Buffer | string): string => {
  const path = join(scratch, `${++files}-${name}`);
  writeFileSync(path, data);
  return path;
};

/** busybox with the applets these tests need, plus a few files to delete and hide. */
function rootfs(): string {
  const fs = busyboxRootfs();
  if (typeof fs === 'string') throw new Error(fs); // the skip checked busybox already
  made.push(fs);
  for (const a of ['rm', 'mkdir', 'test']) symlinkSync('busybox', join(fs.dir, 'bin', a));
  writeFileSync(join(fs.dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(fs.dir, 'etc', 'keep'), 'kept\n');
  mkdirSync(join(fs.dir, 'etc', 'sub'));
  writeFileSync(join(fs.dir, 'etc', 'sub', 'a'), 'a\n');
  return fs.dir;
}

/** `tar -C dir -cf` into scratch. */
function tarOf(dir: string): string {
  const path = join(scratch, `${++files}-rootfs.tar`);
  const r = spawnSync('tar', ['-C', dir, '-cf', path, '.'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tar: ${r.stderr}`);
  return path;
}

/** What the store holds (none if it does not exist). */
function storeNames(store: string): string[] {
  try {
    return readdirSync(store).sort();
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
}

/** The store's names and every image.json: what "the store is unchanged" compares. */
const storeState = (store: string): string[] => storeNames(store).map((n) => `${n} ${existsSync(join(store, n, 'image.json')) ? readFileSync(join(store, n, 'image.json'), 'utf8') : '-'}`);

const temporaries = (store: string): string[] => storeNames(store).filter((n) => n.startsWith('.incoming-') || n.startsWith('.removing-'));

/** Every entry under dir with its type, mode, owner, size, mtime, link target and content hash. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const line = (rel: string): string => {
    const path = rel === '' ? dir : join(dir, rel);
    const st = lstatSync(path);
    const extra = st.isSymbolicLink() ? readlinkSync(path) : st.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16) : st.isCharacterDevice() ? `rdev ${st.rdev}` : '';
    return `${rel || '.'} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.isDirectory() ? '' : st.size} ${st.mtimeMs} ${extra}`;
  };
  const walk = (rel: string): void => {
    for (const n of readdirSync(rel === '' ? dir : join(dir, rel)).sort()) {
      const r = rel === '' ? n : `${rel}/${n}`;
      out.push(line(r));
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
    }
  };
  out.push(line(''));
  walk('');
  return out;
}

/** The filesystem type mounted at `path` in our mount table, or undefined. */
function mountAt(path: string): string | undefined {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-');
    if (f[4] === path && dash > 0) return f[dash + 1];
  }
  return undefined;
}

const mountsUnder = (dir: string): string[] =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p === dir || p.startsWith(dir + '/'));

const cgroupDirs = (name: string): string[] => [join('/sys/fs/cgroup', 'nstop', name), ...readdirSync('/sys/fs/cgroup').map((c) => join('/sys/fs/cgroup', c, 'nstop', name))].filter((d) => existsSync(d));

/** Waits until a detached container's log holds `line`. */
const logged = (h: ActHarness, name: string, line: string): Promise<void> =>
  untilTrue(`${name} to log "${line}"`, 60_000, () => {
    const r = h.nstop(['logs', name]);
    return r.status === 0 && r.stdout.split('\n').includes(line);
  });

type ImageRow = { name: string; parent: string | null; source: string; entries: number; bytes: number; createdAt: number; usedBy: string[] };
function images(h: ActHarness): ImageRow[] {
  const out = JSON.parse(ok(h, ['image', 'ls', '--json'])) as { store: string; images: ImageRow[] };
  assert.equal(out.store, h.imageStore);
  return out.images;
}

const fsOf = (h: ActHarness, name: string) => {
  const fs = h.ctx.store.read(name)?.fs;
  assert.ok(fs, `${name} has a container fs in its state`);
  return fs;
};

describe('image import and ls', { skip }, () => {
  const H = harness('nstop-imgimp');
  let dir = '';
  before(() => {
    dir = rootfs();
  });

  test('a directory, a .tar and a .tar.gz; image ls --json lists them', () => {
    const h = H();
    const [fromDir, fromTar, fromGz] = [h.name('dir'), h.name('tar'), h.name('gz')];
    const archive = tarOf(dir);
    const gz = scratchFile('rootfs.tar.gz', gzip(readFileSync(archive)));
    assert.match(ok(h, ['image', 'import', dir, fromDir]), new RegExp(`^${fromDir}: \\d+ entries, `));
    assert.match(ok(h, ['image', 'import', archive, fromTar]), new RegExp(`^${fromTar}: \\d+ entries, `));
    assert.match(ok(h, ['image', 'import', gz, fromGz]), new RegExp(`^${fromGz}: \\d+ entries, `));
    const rows = images(h);
    assert.deepEqual(rows.map((i) => i.name).sort(), [fromDir, fromGz, fromTar].sort());
    for (const i of rows) {
      assert.equal(i.parent, null);
      assert.deepEqual(i.usedBy, []);
      assert.ok(i.entries > 10 && i.bytes > 100_000, JSON.stringify(i));
    }
    const byName = new Map(rows.map((i) => [i.name, i]));
    assert.equal(byName.get(fromTar)!.entries, byName.get(fromGz)!.entries);
    assert.equal(byName.get(fromTar)!.bytes, byName.get(fromDir)!.bytes);
    // each layer holds the tree as it was: the same files, the applet links kept as links
    const busybox = readFileSync(join(dir, 'bin', 'busybox'));
    for (const img of [fromDir, fromTar, fromGz]) {
      const layer = join(h.imageStore, img, 'rootfs');
      assert.ok(readFileSync(join(layer, 'bin', 'busybox')).equals(busybox), `${img}: bin/busybox`);
      assert.equal(readlinkSync(join(layer, 'bin', 'sh')), 'busybox', `${img}: bin/sh`);
      assert.equal(readFileSync(join(layer, 'etc', 'sub', 'a'), 'utf8'), 'a\n');
    }
    assert.deepEqual(temporaries(h.imageStore), []);
    // and a container runs from the gzip one
    assert.equal(ok(h, ['run', '--name', h.name('gzrun'), '--image', fromGz, '--', 'cat', '/etc/keep']), 'kept\n');
  });

  test('a .tar.xz too', (t) => {
    if (!which('xz')) return t.skip('xz is not installed');
    const h = H();
    const name = h.name('xz');
    const r = spawnSync('xz', ['-0', '-k', tarOf(dir)]);
    assert.equal(r.status, 0);
    const xzFile = join(scratch, `${files}-rootfs.tar.xz`);
    assert.match(ok(h, ['image', 'import', xzFile, name]), /entries/);
    assert.ok(images(h).some((i) => i.name === name));
  });

  test('a bad or taken name, a missing source: one line, the store unchanged', () => {
    const h = H();
    const taken = h.name('taken');
    ok(h, ['image', 'import', dir, taken]);
    const before = storeState(h.imageStore);
    refusal(h.nstop(['image', 'import', dir, taken]), /exists/, 'taken name');
    refusal(h.nstop(['image', 'import', dir, '../evil']), /bad image name/, 'name with ..');
    refusal(h.nstop(['image', 'import', dir, '.hidden']), /bad image name/, 'dot name');
    refusal(h.nstop(['image', 'import', join(scratch, 'no-such.tar'), h.name('missing')]), /no such archive or directory/, 'missing source');
    refusal(h.nstop(['image', 'import', scratchFile('not.tar', 'just text, no tar header here'.repeat(40)), h.name('notar')]), /not a tar archive/, 'not a tar');
    refusal(h.nstop(['image', 'rm', h.name('nothere')]), /no image/, 'rm of a missing image');
    assert.deepEqual(storeState(h.imageStore), before);
    assert.equal(existsSync(join(h.stateDir, 'evil')), false);
  });

  test('an image name never reaches out of the store (rm, run)', () => {
    const h = H();
    // something that looks like an image, next to the store
    const decoy = join(h.stateDir, 'decoy');
    mkdirSync(join(decoy, 'rootfs', 'bin'), { recursive: true });
    symlinkSync('/usr/bin/busybox', join(decoy, 'rootfs', 'bin', 'true'));
    writeFileSync(join(decoy, 'image.json'), JSON.stringify({ name: 'decoy', createdAt: 1, source: 'test', entries: 2, bytes: 0 }));
    ok(h, ['image', 'import', dir, h.name('present')]); // the store exists
    const before = storeState(h.imageStore);
    for (const bad of ['x/../../decoy', '../decoy', '..', `${h.name('x')}/../../decoy`]) {
      refusal(h.nstop(['image', 'rm', bad]), /bad image name/, `image rm ${bad}`);
      const name = h.name('reach');
      refusal(h.nstop(['run', '--name', name, '--image', bad, '--', 'true']), /bad image name/, `run --image ${bad}`);
      assert.equal(existsSync(join(h.stateDir, name)), false);
    }
    assert.equal(existsSync(join(decoy, 'image.json')), true, 'the decoy is still there');
    assert.deepEqual(readdirSync(h.stateDir).filter((n) => n.includes('removing') || (n.includes('decoy') && n !== 'decoy')), [], 'no .removing-* next to the store either');
    assert.deepEqual(storeState(h.imageStore), before);
    assert.deepEqual(mountsUnder(h.stateDir), []);
  });
});

describe('two containers from one image', { skip }, () => {
  const H = harness('nstop-imgtwo');
  let img = '';
  let layer = '';
  before(() => {
    const h = H();
    img = h.name('busy');
    ok(h, ['image', 'import', rootfs(), img]);
    layer = join(h.imageStore, img, 'rootfs');
  });

  test('each writes /shared and sees only its own; the image is unchanged; kill unmounts and drops the upper dir', async () => {
    const h = H();
    const pristine = tree(layer);
    const names = { A: h.name('A'), B: h.name('B') };
    for (const [tag, name] of Object.entries(names)) {
      assert.equal(ok(h, ['run', '-d', '--name', name, '--image', img, '--', 'sh', '-c', `echo ${tag} > /shared; echo ready; sleep 1000`]).trim(), name);
    }
    for (const name of Object.values(names)) await logged(h, name, 'ready');
    for (const [tag, name] of Object.entries(names)) {
      assert.equal(ok(h, ['exec', name, '--', 'cat', '/shared']), `${tag}\n`, `${name} sees its own /shared`);
      const fs = fsOf(h, name);
      assert.equal(fs.mode, 'overlay');
      assert.ok(fs.dir.startsWith(join(h.stateDir, name) + '/'), fs.dir);
      assert.equal(mountAt(fs.rootfs), 'overlay', `${name}: its overlay is in the host's mount table`);
      assert.equal(readFileSync(join(fs.upper!, 'shared'), 'utf8'), `${tag}\n`, `${name}: the write is in its own upper dir`);
    }
    // what the other wrote is not there, in either direction
    assert.equal(existsSync(join(layer, 'shared')), false, 'the image has no /shared');
    assert.deepEqual(tree(layer), pristine, 'the image is unchanged while they run');
    const row = images(h).find((i) => i.name === img)!;
    assert.deepEqual(row.usedBy.sort(), Object.values(names).sort());

    for (const name of Object.values(names)) {
      const fs = fsOf(h, name);
      ok(h, ['kill', name]);
      assert.equal(mountAt(fs.rootfs), undefined, `${name}: the overlay is unmounted`);
      assert.deepEqual(mountsUnder(join(h.stateDir, name)), [], `${name}: no mount left in its state dir`);
      assert.equal(existsSync(fs.upper!), false, `${name}: the upper dir is gone`);
      assert.equal(existsSync(fs.dir), false, `${name}: its fs dir is gone`);
      assert.deepEqual(cgroupDirs(name), []);
      ok(h, ['rm', name]);
      assert.equal(existsSync(join(h.stateDir, name)), false);
    }
    assert.deepEqual(tree(layer), pristine, 'the image is unchanged after they ended');
    assert.deepEqual(images(h).find((i) => i.name === img)!.usedBy, []);
  });

  test('a detached container that ends by itself: its mount and upper dir go with it', async () => {
    const h = H();
    const name = h.name('short');
    ok(h, ['run', '-d', '--name', name, '--image', img, '--', 'sh', '-c', 'echo x > /short; exit 3']);
    await untilTrue(`${name} to be reaped`, 60_000, () => h.ctx.store.read(name)?.status === 'stopped', 50);
    const st = h.ctx.store.read(name)!;
    assert.equal(st.exitCode, 3);
    assert.equal(mountAt(st.fs!.rootfs), undefined);
    assert.deepEqual(mountsUnder(join(h.stateDir, name)), []);
    assert.equal(existsSync(st.fs!.dir), false, 'the fs dir (upper included) is gone');
    assert.equal(existsSync(join(layer, 'short')), false);
    ok(h, ['rm', name]);
  });

  test('a foreground run: the write does not outlive it', () => {
    const h = H();
    const first = h.name('fg');
    assert.equal(ok(h, ['run', '--name', first, '--image', img, '--', 'sh', '-c', 'echo one > /bin/added; cat /bin/added']), 'one\n');
    assert.equal(existsSync(join(h.stateDir, first, 'fs')), false, 'the container fs went with it');
    assert.equal(ok(h, ['run', '--name', h.name('fg'), '--image', img, '--', 'sh', '-c', 'test -e /bin/added && echo leaked || echo clean']), 'clean\n');
    assert.equal(existsSync(join(layer, 'bin', 'added')), false);
    assert.deepEqual(mountsUnder(h.stateDir), []);
  });
});

describe('commit and image rm', { skip }, () => {
  const H = harness('nstop-imgcommit');
  let base = '';
  let baseLayer = '';
  let pristine: string[] = [];
  const kept = { name: '', newImg: '' };
  before(() => {
    const h = H();
    base = h.name('base');
    ok(h, ['image', 'import', rootfs(), base]);
    baseLayer = join(h.imageStore, base, 'rootfs');
    pristine = tree(baseLayer);
  });

  test('--keep, then commit: the new image has the file, and a deleted file stays deleted (whiteout)', () => {
    const h = H();
    kept.name = h.name('k');
    kept.newImg = h.name('new');
    // a new file, a deleted file, and a directory deleted and made again (opaque)
    const script = 'echo committed > /root/new; rm /etc/passwd; rm -r /etc/sub; mkdir /etc/sub; echo b > /etc/sub/b';
    ok(h, ['run', '--name', kept.name, '--keep', '--image', base, '--', 'sh', '-c', script]);
    const fs = fsOf(h, kept.name);
    assert.equal(mountAt(fs.rootfs), undefined, 'ended: unmounted');
    assert.equal(readFileSync(join(fs.upper!, 'root', 'new'), 'utf8'), 'committed\n', '--keep kept the upper dir');

    assert.match(ok(h, ['commit', kept.name, kept.newImg]), new RegExp(`^${kept.newImg}: \\d+ entries, .* over ${base}$`, 'm'));
    const row = images(h).find((i) => i.name === kept.newImg);
    assert.equal(row?.parent, base);
    assert.equal(row?.source, `commit of ${kept.name}`);
    const layer = join(h.imageStore, kept.newImg, 'rootfs');
    assert.equal(readFileSync(join(layer, 'root', 'new'), 'utf8'), 'committed\n');
    const wh = lstatSync(join(layer, 'etc', 'passwd'));
    assert.ok(wh.isCharacterDevice() && wh.rdev === 0, 'the deleted file is a whiteout in the new layer');
    assert.deepEqual(tree(baseLayer), pristine, 'the base image is unchanged');

    const out = ok(h, ['run', '--name', h.name('fromnew'), '--image', kept.newImg, '--', 'sh', '-c', 'cat /root/new; test -e /etc/passwd && echo passwd-there || echo passwd-gone; cat /etc/keep; ls /etc/sub']);
    assert.equal(out, 'committed\npasswd-gone\nkept\nb\n');
    // --copy applies the same whiteout and opaque directory when it flattens the layers
    const copied = withOverlayOff(() => ok(h, ['run', '--copy', '--name', h.name('copynew'), '--image', kept.newImg, '--', 'sh', '-c', 'cat /root/new; test -e /etc/passwd && echo passwd-there || echo passwd-gone; cat /etc/keep; ls /etc/sub']));
    assert.equal(copied, out);
    assert.deepEqual(tree(baseLayer), pristine, 'the base image is still unchanged');
  });

  test('commit of a running container (frozen meanwhile, running after)', async () => {
    const h = H();
    assert.ok(kept.newImg, 'the commit test ran first');
    const live = h.name('live');
    const newer = h.name('newer');
    ok(h, ['run', '-d', '--name', live, '--image', kept.newImg, '--', 'sh', '-c', 'echo live > /live; echo ready; sleep 1000']);
    await logged(h, live, 'ready');
    assert.match(ok(h, ['commit', live, newer]), new RegExp(`over ${kept.newImg}$`, 'm'));
    assert.equal(ok(h, ['exec', live, '--', 'cat', '/live']), 'live\n', 'thawed after the commit');
    // a refused commit changes nothing and thaws too
    const before = storeState(h.imageStore);
    refusal(h.nstop(['commit', live, newer]), new RegExp(`image "${newer}" exists`), 'commit to a taken name');
    refusal(h.nstop(['commit', live, '../up']), /bad image name/, 'commit to a bad name');
    refusal(h.nstop(['commit', h.name('nosuch'), h.name('x')]), /no container named/, 'commit of no container');
    assert.deepEqual(storeState(h.imageStore), before);
    assert.equal(ok(h, ['exec', live, '--', 'cat', '/live']), 'live\n', 'thawed after the refusals');
    assert.equal(images(h).find((i) => i.name === newer)?.parent, kept.newImg);
    const out = ok(h, ['run', '--name', h.name('fromnewer'), '--image', newer, '--', 'sh', '-c', 'cat /live /root/new; test -e /etc/passwd || echo passwd-gone']);
    assert.equal(out, 'live\ncommitted\npasswd-gone\n', 'three layers stack');
    ok(h, ['kill', live]);
    ok(h, ['rm', live]);
    ok(h, ['image', 'rm', newer]);
  });

  test('image rm is refused while a child image or a container needs it; in the right order the store ends empty', async () => {
    const h = H();
    assert.ok(kept.newImg, 'the commit test ran first');
    const user = h.name('user');
    ok(h, ['run', '-d', '--name', user, '--image', base, '--', 'sh', '-c', 'echo ready; sleep 1000']);
    await logged(h, user, 'ready');
    const rmRefused = (img: string, expect: RegExp): void => {
      const before = storeState(h.imageStore);
      const line = refusal(h.nstop(['image', 'rm', img]), /is in use by/, `image rm ${img}`);
      assert.match(line, expect);
      assert.deepEqual(storeState(h.imageStore), before, 'the store is unchanged');
      assert.deepEqual(temporaries(h.imageStore), []);
    };
    // the running container, the kept (stopped) one and the child image all hold base
    rmRefused(base, new RegExp(`container ${user}\\b.*image ${kept.newImg}\\b`));
    assert.match(h.nstop(['image', 'rm', base]).stderr, new RegExp(`container ${kept.name}\\b`));
    ok(h, ['kill', user]);
    rmRefused(base, new RegExp(`image ${kept.newImg}\\b`));
    // a running container of the child holds the child
    const child = h.name('childuser');
    ok(h, ['run', '-d', '--name', child, '--image', kept.newImg, '--', 'sh', '-c', 'echo ready; sleep 1000']);
    await logged(h, child, 'ready');
    rmRefused(kept.newImg, new RegExp(`container ${child}\\b`));
    ok(h, ['kill', child]);

    ok(h, ['image', 'rm', kept.newImg]);
    // the kept layer still holds base until nstop rm
    rmRefused(base, new RegExp(`container ${kept.name}\\b`));
    ok(h, ['rm', kept.name, user, child]);
    assert.equal(existsSync(join(h.stateDir, kept.name)), false, 'rm took the kept layer');
    ok(h, ['image', 'rm', base]);
    assert.deepEqual(storeNames(h.imageStore), [], 'nothing left in the store (no .incoming-*/.removing-* either)');
    assert.deepEqual(images(h), []);
    assert.deepEqual(mountsUnder(h.stateDir), []);
  });
});

describe('--rootfs FILE.tar', { skip }, () => {
  const H = harness('nstop-imgtar');

  test('imports once as tar-<sha256 prefix> and runs it; a second run reuses the image', () => {
    const h = H();
    const archive = tarOf(rootfs());
    const name = `tar-${createHash('sha256').update(readFileSync(archive)).digest('hex').slice(0, 12)}`;
    assert.equal(ok(h, ['run', '--name', h.name('t1'), '--rootfs', archive, '--', 'sh', '-c', 'cat /etc/keep; echo w > /written']), 'kept\n');
    const first = images(h);
    assert.deepEqual(first.map((i) => i.name), [name]);
    assert.equal(first[0]!.source, archive);
    const layer = join(h.imageStore, name, 'rootfs');
    const pristine = tree(layer);
    assert.equal(existsSync(join(layer, 'written')), false);

    assert.equal(ok(h, ['run', '--name', h.name('t2'), '--rootfs', archive, '--', 'sh', '-c', 'test -e /written && echo leaked || echo clean']), 'clean\n');
    const second = images(h);
    assert.deepEqual(second.map((i) => i.name), [name], 'no second import');
    assert.equal(second[0]!.createdAt, first[0]!.createdAt, 'the same image, not a new one');
    assert.deepEqual(tree(layer), pristine);
    assert.deepEqual(temporaries(h.imageStore), []);
  });

  test('a hostile --rootfs archive: one line, no image, no container', () => {
    const h = H();
    const name = h.name('hostile');
    const marker = `escape-rootfs-${process.pid}`;
    const archive = scratchFile('hostile.tar', tar([{ name: 'bin', type: 'dir' }, { name: `../../../${marker}`, data: 'x' }]));
    const before = storeState(h.imageStore);
    refusal(h.nstop(['run', '--name', name, '--rootfs', archive, '--', 'sh']), new RegExp(`--rootfs .*refused "\\.\\./\\.\\./\\.\\./${marker}": path leaves the image$`), '--rootfs hostile');
    assert.deepEqual(storeState(h.imageStore), before);
    assert.deepEqual(temporaries(h.imageStore), []);
    assert.equal(existsSync(join(h.stateDir, name)), false, 'no container state');
    assert.deepEqual(cgroupDirs(name), []);
    for (const dir of [h.imageStore, h.stateDir, os.tmpdir()]) assert.equal(existsSync(join(dir, marker)), false, `nothing at ${dir}/${marker}`);
  });
});

describe('hostile tarballs', { skip }, () => {
  const H = harness('nstop-imghostile');
  // what attacks aim at: a directory of ours with a file in it
  let outside = '';
  before(() => {
    outside = mkdtempSync(join(scratch, 'outside-'));
    writeFileSync(join(outside, 'secret'), 'secret\n');
  });

  /** Imports `entries` (optionally gzipped) as a new image: the CLI's result and the image name. */
  function importTar(tag: string, entries: (TarSpec | Buffer)[], opts: { gz?: boolean; args?: string[] } = {}): { r: SpawnSyncReturns<string>; name: string } {
    const h = H();
    const name = h.name(tag);
    const bytes = tar(entries);
    const file = scratchFile(opts.gz ? `${tag}.tar.gz` : `${tag}.tar`, opts.gz ? gzip(bytes) : bytes);
    return { r: h.nstop(['image', 'import', file, name, ...(opts.args ?? [])]), name };
  }

  /** Refused in one line; no image of that name, no temporary dir, the store as it was. */
  function refusedImport(tag: string, entries: (TarSpec | Buffer)[], expect: RegExp, opts: { gz?: boolean; args?: string[] } = {}): string {
    const h = H();
    const before = storeState(h.imageStore);
    const { r, name } = importTar(tag, entries, opts);
    const line = refusal(r, expect, tag);
    assert.equal(storeNames(h.imageStore).includes(name), false, `${tag}: no image "${name}"`);
    assert.deepEqual(temporaries(h.imageStore), [], `${tag}: no .incoming-* left`);
    assert.deepEqual(storeState(h.imageStore), before, `${tag}: the store is unchanged`);
    assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'secret\n');
    return line;
  }

  test('"../" entries: refused, nothing written above the image', () => {
    const h = H();
    const marker = `escape-${process.pid}`;
    // where each depth would land: the temporary dir, the store, the state dir, the tmp dir
    const landing = [join(h.imageStore, marker), join(h.stateDir, marker), join(os.tmpdir(), marker), join(outside, marker)];
    refusedImport('dotdot', [{ name: 'ok', data: 'x' }, { name: '../escape', data: 'evil' }], /^nstop: refused "\.\.\/escape": path leaves the image$/);
    for (let depth = 2; depth <= 4; depth++) {
      refusedImport(`dotdot${depth}`, [{ name: 'ok', data: 'x' }, { name: `${'../'.repeat(depth)}${marker}`, data: 'evil' }], /path leaves the image/);
    }
    refusedImport('dotdotmid', [{ name: 'a', type: 'dir' }, { name: `a/../../${marker}`, data: 'evil' }], /path leaves the image/);
    refusedImport('dotdotgz', [{ name: `../../${marker}`, data: 'evil' }], /path leaves the image/, { gz: true });
    refusedImport('dotdotlink', [{ name: 'hl', type: 'link', linkname: `../../${marker}` }], /hard link target .*path leaves the image/);
    refusedImport('dotdotpax', [{ name: 'innocent', data: 'evil', pax: { path: `../../${marker}` } }], /path leaves the image/);
    for (const p of landing) assert.equal(existsSync(p), false, `nothing at ${p}`);
  });

  test('an absolute entry is contained (unpacked under the image root) and nothing is written on the host', () => {
    const h = H();
    const target = join(outside, `abs-${process.pid}`);
    const { r, name } = importTar('abs', [{ name: target, data: 'evil\n' }]);
    assert.equal(existsSync(target), false, 'no file on the host');
    assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'secret\n');
    if (r.status === 0) {
      assert.equal(readFileSync(join(h.imageStore, name, 'rootfs', target), 'utf8'), 'evil\n', 'contained under the image root');
      ok(h, ['image', 'rm', name]);
    } else refusal(r, /refused/, 'abs');
    assert.deepEqual(temporaries(h.imageStore), []);
    assert.equal(storeNames(h.imageStore).includes(name), false);
  });

  test('a hard link to a host file is refused', () => {
    const before = lstatSync('/etc/passwd');
    refusedImport('abslink', [{ name: 'pw', type: 'link', linkname: '/etc/passwd' }], /refused "pw": hard link target "\/etc\/passwd": .*not in the image/);
    assert.equal(lstatSync('/etc/passwd').nlink, before.nlink);
  });

  test('a symlink to a directory, then an entry through it: refused, the host file untouched', () => {
    // first at a directory of ours: only if that holds is the same tried against /etc
    refusedImport('symcanary', [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil/canary', data: 'pwned\n' }], /^nstop: refused "evil\/canary": would write through the symlink "evil"$/);
    refusedImport('symcanary2', [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil/secret', data: 'pwned\n' }], /would write through the symlink "evil"/);
    refusedImport('symcanarydeep', [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil/sub/file', data: 'pwned\n' }], /would write through the symlink "evil"/);
    refusedImport('symrel', [{ name: 'up', type: 'symlink', linkname: '../../../../../../..' }, { name: `up${outside}/canary`, data: 'pwned\n' }], /would write through the symlink "up"/);
    refusedImport('symlinkdir', [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil/canary', type: 'symlink', linkname: '/x' }], /would write through the symlink "evil"/);
    assert.deepEqual(readdirSync(outside), ['secret'], 'nothing made in the directory the symlink points at');

    const passwd = readFileSync('/etc/passwd');
    const st = statSync('/etc/passwd');
    const etc = readdirSync('/etc').sort();
    refusedImport('symetc', [{ name: 'evil', type: 'symlink', linkname: '/etc' }, { name: 'evil/passwd', data: 'root::0:0:pwned:/:/bin/sh\n' }], /^nstop: refused "evil\/passwd": would write through the symlink "evil"$/);
    refusedImport('symetcnew', [{ name: 'evil', type: 'symlink', linkname: '/etc' }, { name: `evil/nstop-pwned-${process.pid}`, data: 'x' }], /would write through the symlink "evil"/);
    assert.ok(readFileSync('/etc/passwd').equals(passwd), '/etc/passwd has the same content');
    const now = statSync('/etc/passwd');
    assert.equal(now.ino, st.ino, '/etc/passwd is the same inode');
    assert.equal(now.mtimeMs, st.mtimeMs, '/etc/passwd was not written');
    assert.deepEqual(readdirSync('/etc').sort(), etc, 'nothing new in /etc');
  });

  test('a later file replaces a symlink of the same name instead of writing through it', () => {
    const h = H();
    const { r, name } = importTar('symreplace', [{ name: 's', type: 'symlink', linkname: join(outside, 'secret') }, { name: 's', data: 'mine\n' }]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'secret\n', 'the symlink target is untouched');
    const s = join(h.imageStore, name, 'rootfs', 's');
    assert.ok(lstatSync(s).isFile());
    assert.equal(readFileSync(s, 'utf8'), 'mine\n');
    ok(h, ['image', 'rm', name]);
    // a directory entry replaces a symlink too, and what follows goes into it
    const d = importTar('symdirreplace', [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil', type: 'dir' }, { name: 'evil/canary', data: 'mine\n' }]);
    assert.equal(d.r.status, 0, d.r.stderr);
    assert.deepEqual(readdirSync(outside), ['secret']);
    const evil = join(h.imageStore, d.name, 'rootfs', 'evil');
    assert.ok(lstatSync(evil).isDirectory());
    assert.equal(readFileSync(join(evil, 'canary'), 'utf8'), 'mine\n');
    ok(h, ['image', 'rm', d.name]);
  });

  test('an absolute symlink alone is kept as a symlink, never followed on the host', () => {
    const h = H();
    const { r, name } = importTar('abssym', [
      { name: 'pw', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'etc', type: 'symlink', linkname: '/etc' },
      { name: 'secret', type: 'symlink', linkname: join(outside, 'secret') },
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${name}: 3 entries, 0B`));
    const layer = join(h.imageStore, name, 'rootfs');
    for (const [entry, target] of [['pw', '/etc/passwd'], ['etc', '/etc'], ['secret', join(outside, 'secret')]] as const) {
      assert.ok(lstatSync(join(layer, entry)).isSymbolicLink(), `${entry} is a symlink`);
      assert.equal(readlinkSync(join(layer, entry)), target, `${entry} -> ${target}, as stored`);
    }
    assert.deepEqual(readdirSync(layer).sort(), ['etc', 'pw', 'secret']);
    ok(h, ['image', 'rm', name]);
  });

  test('inside a container an absolute symlink resolves in the container, not on the host', () => {
    const h = H();
    const busybox = readFileSync('/usr/bin/busybox');
    const { r, name } = importTar('abssymrun', [
      { name: 'bin', type: 'dir' },
      { name: 'bin/busybox', data: busybox, mode: 0o755 },
      { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
      { name: 'bin/cat', type: 'symlink', linkname: 'busybox' },
      { name: 'etc', type: 'dir' },
      { name: 'etc/passwd', data: 'inside:x:0:0::/:/bin/sh\n' },
      { name: 'pw', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'proc', type: 'dir' },
      { name: 'dev', type: 'dir' },
      { name: 'tmp', type: 'dir' },
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(ok(h, ['run', '--name', h.name('abssymrun'), '--image', name, '--', 'cat', '/pw']), 'inside:x:0:0::/:/bin/sh\n');
    ok(h, ['image', 'rm', name]);
  });

  test('device nodes are refused', () => {
    refusedImport('chardev', [{ name: 'dev', type: 'dir' }, { name: 'dev/null', type: 'char' }], /^nstop: refused "dev\/null": device nodes are not allowed in images$/);
    refusedImport('blockdev', [{ name: 'sda', type: 'block' }], /refused "sda": device nodes are not allowed/);
    refusedImport('devgz', [{ name: 'ok', data: 'x' }, { name: 'zero', type: 'char' }], /device nodes are not allowed/, { gz: true });
  });

  test('a huge entry count with --max-files 50: one line', () => {
    const many = Array.from({ length: 2000 }, (_, i): TarSpec => ({ name: `f${i}`, data: '' }));
    refusedImport('many', many, /^nstop: archive has more than 50 entries \(limit: --max-files\)$/, { args: ['--max-files', '50'] });
    refusedImport('manygz', many, /more than 50 entries/, { gz: true, args: ['--max-files', '50'] });
    // the directories a deep entry implies count too
    refusedImport('deep', [{ name: `${'d/'.repeat(60)}f`, data: 'x', gnuLongName: true }], /more than 50 entries/, { args: ['--max-files', '50'] });
    refusedImport('badmax', [{ name: 'f', data: '' }], /bad --max-files "0"/, { args: ['--max-files', '0'] });
    // at the limit is fine
    const h = H();
    const { r, name } = importTar('fifty', many.slice(0, 50), { args: ['--max-files', '50'] });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${name}: 50 entries`));
    ok(h, ['image', 'rm', name]);
  });

  test('a huge declared file, a truncated or corrupt archive: one line, nothing left', () => {
    refusedImport('hugefile', [{ name: 'big', size: 2 ** 50, data: '' }], /^nstop: archive unpacks to more than \d+ bytes \(95 % of the free space in .*\)$/);
    const whole = tar([{ name: 'a', data: 'x'.repeat(3000) }, { name: 'b', data: 'y' }]);
    refusedImport('truncated', [whole.subarray(0, 2048)], /truncated archive/);
    refusedImport('badsum', [{ name: 'a', data: 'x' }, { name: 'b', data: 'y', badChecksum: true }], /corrupt tar header at byte 1024: bad checksum/);
  });

  test('a directory source over --max-files: one line, nothing left', () => {
    const h = H();
    const name = h.name('dirmany');
    const before = storeState(h.imageStore);
    refusal(h.nstop(['image', 'import', rootfs(), name, '--max-files', '5']), /^nstop: directory has more than 5 entries \(limit: --max-files\)$/, 'dir over the limit');
    assert.deepEqual(storeState(h.imageStore), before);
    assert.deepEqual(temporaries(h.imageStore), []);
  });

  test('after all of it the store holds nothing', () => {
    const h = H();
    assert.deepEqual(storeNames(h.imageStore), []);
  });
});

describe('NSTOP_OVERLAY=off', { skip }, () => {
  const H = harness('nstop-imgnoov');
  let img = '';
  let layer = '';
  before(() => {
    const h = H();
    img = h.name('busy');
    ok(h, ['image', 'import', rootfs(), img]);
    layer = join(h.imageStore, img, 'rootfs');
  });

  test('run --image: one line mentioning --copy; no container state, cgroup or mount left', () => {
    const h = H();
    for (const detach of [[], ['-d']]) {
      const name = h.name('nocopy');
      const r = withOverlayOff(() => h.nstop(['run', ...detach, '--name', name, '--image', img, '--', 'sh', '-c', 'echo hi']));
      const line = refusal(r, /--copy/, 'overlay off');
      assert.match(line, /overlay/);
      assert.equal(r.status, 125);
      assert.equal(h.ctx.store.read(name), undefined, 'no state');
      assert.equal(existsSync(join(h.stateDir, name)), false, 'no state dir');
      assert.deepEqual(cgroupDirs(name), [], 'no cgroup');
      assert.deepEqual(mountsUnder(h.stateDir), [], 'no mount');
    }
  });

  test('--copy works and the writes stay private', async () => {
    const h = H();
    const pristine = tree(layer);
    const names = { A: h.name('cA'), B: h.name('cB') };
    for (const [tag, name] of Object.entries(names)) {
      withOverlayOff(() => ok(h, ['run', '-d', '--copy', '--name', name, '--image', img, '--', 'sh', '-c', `echo ${tag} > /shared; echo ${tag} > /etc/keep; echo ready; sleep 1000`]));
    }
    for (const name of Object.values(names)) await logged(h, name, 'ready');
    for (const [tag, name] of Object.entries(names)) {
      assert.equal(ok(h, ['exec', name, '--', 'cat', '/shared', '/etc/keep']), `${tag}\n${tag}\n`);
      const fs = fsOf(h, name);
      assert.equal(fs.mode, 'copy');
      assert.equal(mountAt(fs.rootfs), undefined, 'a copy, not a mount');
      assert.equal(readFileSync(join(fs.rootfs, 'shared'), 'utf8'), `${tag}\n`);
    }
    assert.deepEqual(tree(layer), pristine, 'the image is unchanged');
    for (const name of Object.values(names)) {
      const fs = fsOf(h, name);
      ok(h, ['kill', name]);
      assert.equal(existsSync(fs.dir), false, `${name}: the copy is gone`);
      ok(h, ['rm', name]);
    }
    // and a foreground one, with the overlay off
    const out = withOverlayOff(() => ok(h, ['run', '--copy', '--name', h.name('cfg'), '--image', img, '--', 'sh', '-c', 'cat /etc/keep; test -e /shared && echo leaked || echo clean']));
    assert.equal(out, 'kept\nclean\n');
    assert.deepEqual(tree(layer), pristine);
    assert.deepEqual(mountsUnder(h.stateDir), []);
  });

  test('commit refuses a --copy container in one line', () => {
    const h = H();
    const name = h.name('ckeep');
    withOverlayOff(() => ok(h, ['run', '--copy', '--keep', '--name', name, '--image', img, '--', 'true']));
    const before = storeState(h.imageStore);
    refusal(h.nstop(['commit', name, h.name('fromcopy')]), /does not run on an image overlay/, 'commit of a copy');
    assert.deepEqual(storeState(h.imageStore), before);
    ok(h, ['rm', name]);
    assert.equal(existsSync(join(h.stateDir, name)), false);
  });
});
