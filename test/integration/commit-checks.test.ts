// nstop commit goes through import's checks (root, real overlays): a container's layer
// with a device node, a file with capabilities, or a setuid/setgid file the image does
// not have as it is, is refused in one line naming the path, and no image is made. The
// image's own setuid file, copied up unchanged (a touch), is kept, and so are whiteouts.
// Device nodes and capabilities are put straight into the kept upper dir: containers are
// not to be able to mknod or setcap, and the check must hold whoever wrote the layer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actHarness, busyboxRootfs, type ActHarness } from '../helpers/act.js';
import { ok, overlayMissing, refusal, storeNames, storeState, temporaries } from '../helpers/image-cli.js';
import { requireTool, isRoot, skipReason, which } from '../helpers/root.js';

const skip = skipReason(
  !isRoot && 'needs root (mounts overlays, creates cgroups and namespaces)',
  isRoot && requireTool('busybox', 'busybox-static'),
  isRoot && !which('mknod') && 'mknod is not installed',
  isRoot && overlayMissing(),
);

describe('commit checks', { skip }, () => {
  let h: ActHarness | undefined;
  let rootfs: { dir: string; remove(): void } | undefined;
  let base = '';
  let baseLayer = '';
  before(() => {
    h = actHarness('nstop-commitchk');
    const fs = busyboxRootfs();
    if (typeof fs === 'string') throw new Error(fs);
    rootfs = fs;
    for (const a of ['cp', 'chmod', 'rm']) symlinkSync('busybox', join(fs.dir, 'bin', a));
    writeFileSync(join(fs.dir, 'etc', 'keep'), 'kept\n');
    // the image's own setuid and setgid files, as an imported archive may well have them
    for (const [file, mode] of [['suid', 0o4755], ['sgid', 0o2755]] as const) {
      copyFileSync(join(fs.dir, 'bin', 'busybox'), join(fs.dir, 'bin', file));
      chmodSync(join(fs.dir, 'bin', file), mode);
    }
    base = h.name('base');
    ok(h, ['image', 'import', fs.dir, base]);
    baseLayer = join(h.imageStore, base, 'rootfs');
  });
  after(async () => {
    await h?.cleanup();
    rootfs?.remove();
  });

  /** A stopped container of the base image that kept its layer: its name and upper dir. */
  function kept(tag: string, script: string): { name: string; upper: string } {
    const H = h!;
    const name = H.name(tag);
    ok(H, ['run', '--keep', '--name', name, '--image', base, '--', 'sh', '-c', script]);
    const upper = H.ctx.store.read(name)?.fs?.upper;
    assert.ok(upper, `${name} kept an upper dir`);
    return { name, upper };
  }

  /** A path in an upper dir, its parents made (they merge with the image's, not opaque). */
  const inUpper = (upper: string, rel: string): string => {
    mkdirSync(dirname(join(upper, rel)), { recursive: true });
    return join(upper, rel);
  };

  /** commit is refused in one line naming `path`; the store is as it was, nothing half-made. */
  function refusedCommit(name: string, path: string, why: RegExp): void {
    const H = h!;
    const before = storeState(H.imageStore);
    const img = H.name('refused');
    const quoted = path.replace(/[/.]/g, (c) => `\\${c}`);
    refusal(H.nstop(['commit', name, img]), new RegExp(`^nstop: refused "${quoted}": ${why.source}`), `commit of ${name} (${path})`);
    assert.deepEqual(storeState(H.imageStore), before, 'the store is unchanged');
    assert.deepEqual(temporaries(H.imageStore), [], 'no .incoming-* left');
    assert.equal(storeNames(H.imageStore).includes(img), false);
  }

  test('a device node in the layer: refused (a char device and a block device)', () => {
    for (const [kind, major, minor] of [['c', '1', '3'], ['b', '7', '0']] as const) {
      const c = kept(`dev${kind}`, 'true');
      const r = spawnSync('mknod', [inUpper(c.upper, `root/dev-${kind}`), kind, major, minor], { encoding: 'utf8' });
      assert.equal(r.status, 0, `mknod: ${r.stderr}`);
      refusedCommit(c.name, `root/dev-${kind}`, /device nodes are not allowed in images$/);
    }
  });

  test('a file with capabilities (security.capability): refused', (t) => {
    const missing = requireTool('setcap', 'libcap2-bin');
    if (missing) return t.skip(missing);
    const c = kept('cap', 'true');
    const file = inUpper(c.upper, 'bin/capped');
    copyFileSync('/usr/bin/busybox', file);
    const r = spawnSync('setcap', ['cap_net_raw+ep', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `setcap: ${r.stderr}`);
    refusedCommit(c.name, 'bin/capped', /file capabilities \(security\.capability\) are not allowed in images/);
  });

  test('a new setuid file, a new setgid file, u+s on a plain file of the image: refused', () => {
    const shell = kept('newsuid', 'cp /bin/busybox /root/sh2 && chmod 4755 /root/sh2');
    assert.equal(statSync(join(shell.upper, 'root', 'sh2')).mode & 0o7777, 0o4755, 'the container made it setuid');
    refusedCommit(shell.name, 'root/sh2', new RegExp(`a setuid file that image "${base}" does not have`));
    const group = kept('newsgid', 'cp /bin/busybox /root/g && chmod 2755 /root/g');
    refusedCommit(group.name, 'root/g', /a setgid file that image ".*" does not have/);
    const plain = kept('chmodsuid', 'chmod u+s /etc/keep');
    refusedCommit(plain.name, 'etc/keep', new RegExp(`a setuid file changed from image "${base}"'s`));
  });

  test('the image\'s setuid file with other content or another mode: refused', () => {
    const content = kept('swapped', 'true');
    const file = inUpper(content.upper, 'bin/suid');
    writeFileSync(file, '#!/bin/sh\nexec /bin/sh\n');
    chmodSync(file, 0o4755);
    refusedCommit(content.name, 'bin/suid', /a setuid file changed from image .*only an unchanged one is kept/);
    const wider = kept('wider', 'chmod 4777 /bin/suid');
    refusedCommit(wider.name, 'bin/suid', /a setuid file changed from image/);
  });

  test('the image\'s setuid and setgid files copied up unchanged (touch): kept, with a whiteout', () => {
    const H = h!;
    const c = kept('touched', 'touch /bin/suid /bin/sgid && rm /etc/keep');
    for (const [file, mode] of [['suid', 0o4755], ['sgid', 0o2755]] as const) {
      const up = lstatSync(join(c.upper, 'bin', file));
      assert.equal(up.mode & 0o7777, mode, `${file} was copied up with its mode`);
      assert.notEqual(up.mtimeMs, lstatSync(join(baseLayer, 'bin', file)).mtimeMs, `${file}: the touch changed its mtime`);
    }
    const img = H.name('touched');
    assert.match(ok(H, ['commit', c.name, img]), new RegExp(`^${img}: \\d+ entries, .* over ${base}$`, 'm'));
    const layer = join(H.imageStore, img, 'rootfs');
    assert.equal(lstatSync(join(layer, 'bin', 'suid')).mode & 0o7777, 0o4755);
    assert.equal(lstatSync(join(layer, 'bin', 'sgid')).mode & 0o7777, 0o2755);
    assert.ok(readFileSync(join(layer, 'bin', 'suid')).equals(readFileSync(join(baseLayer, 'bin', 'suid'))));
    const wh = lstatSync(join(layer, 'etc', 'keep'));
    assert.ok(wh.isCharacterDevice() && wh.rdev === 0, 'the deletion is a whiteout in the new layer');
    assert.equal(ok(H, ['run', '--name', H.name('fromtouched'), '--image', img, '--', 'sh', '-c', 'test -e /etc/keep && echo keep-there || echo keep-gone; test -u /bin/suid && echo suid']), 'keep-gone\nsuid\n');
  });
});
