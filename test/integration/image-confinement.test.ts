// The image store and the state dir are 0700 through the real CLI (root), even under a
// umask of 000 and when an older nstop left the state dir 0755, so a local user cannot
// run an image's setuid binary from the store, nor from a container's overlay mount in
// the state dir. Containers still reach their root: with --user (set after pivot_root)
// and in a user namespace, whose root is an unprivileged uid on the host (the stage
// reaches the rootfs by its cwd, never by a path through the 0700 dirs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actHarness, busyboxRootfs, type ActHarness } from '../helpers/act.js';
import { ok, overlayMissing, withOverlayOff } from '../helpers/image-cli.js';
import { requireTool, isRoot, skipReason } from '../helpers/root.js';

const skip = skipReason(!isRoot && 'needs root (mounts overlays, creates cgroups and namespaces)', isRoot && requireTool('busybox', 'busybox-static'), isRoot && overlayMissing());

const NOBODY = 65534;
const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8);

/** Runs `f` with the umask at 000 (the CLIs h.nstop starts inherit it). */
function withUmask0<T>(f: () => T): T {
  const was = process.umask(0);
  try {
    return f();
  } finally {
    process.umask(was);
  }
}

/** Whether uid/gid 65534 can exec `path` (the setuid binary a local user would try). */
function nobodyRuns(path: string): string {
  const r = spawnSync(path, ['true'], { uid: NOBODY, gid: NOBODY, stdio: 'ignore' });
  return r.error ? ((r.error as { code?: string }).code ?? r.error.message) : `exit ${r.status}`;
}

describe('store and state dir 0700; containers still reach their root', { skip }, () => {
  let h: ActHarness | undefined;
  let rootfs: { dir: string; remove(): void } | undefined;
  let img = '';
  const scratch = mkdtempSync(join(os.tmpdir(), 'nstop-confine-'));
  before(() => {
    h = actHarness('nstop-confine');
    const fs = busyboxRootfs();
    if (typeof fs === 'string') throw new Error(fs);
    rootfs = fs;
    chmodSync(fs.dir, 0o755); // the image's "/": a --copy root is the image's own
    writeFileSync(join(fs.dir, 'etc', 'keep'), 'kept\n');
    // a setuid-root busybox: what a local user must not reach in the store
    copyFileSync(join(fs.dir, 'bin', 'busybox'), join(fs.dir, 'bin', 'suid'));
    chmodSync(join(fs.dir, 'bin', 'suid'), 0o4755);
  });
  after(async () => {
    await h?.cleanup();
    rootfs?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('umask 000 and a 0755 state dir: the store, each image dir and the state dir end 0700; nobody cannot run the setuid file', async () => {
    const H = h!;
    chmodSync(H.stateDir, 0o755); // as an older nstop left /run/nstop (0711) or a hand-made one
    img = H.name('img');
    withUmask0(() => ok(H, ['image', 'import', rootfs!.dir, img]));
    assert.equal(mode(H.imageStore), '700', 'the store');
    assert.equal(mode(join(H.imageStore, img)), '700', 'the image dir');
    assert.equal(mode(join(H.imageStore, img, 'rootfs', 'bin', 'suid')), '4755', 'the image keeps its setuid file');
    // the harness's store is inside its state dir, left 0755 above: only the store's own mode stops nobody
    assert.equal(nobodyRuns(join(H.imageStore, img, 'rootfs', 'bin', 'suid')), 'EACCES', 'from the store');

    const name = H.name('live');
    withUmask0(() => ok(H, ['run', '-d', '--name', name, '--image', img, '--', 'sleep', '1000']));
    assert.equal(mode(H.stateDir), '700', 'the state dir, tightened by the run');
    const merged = H.ctx.store.read(name)?.fs?.rootfs;
    assert.ok(merged, 'the container has an overlay mount');
    assert.equal(mode(join(merged, 'bin', 'suid')), '4755', 'the mount shows the setuid file');
    assert.equal(nobodyRuns(join(merged, 'bin', 'suid')), 'EACCES', 'from the container\'s mount in the state dir');
    ok(H, ['kill', name]);
    ok(H, ['rm', name]);
  });

  test('--user 1000 and a user namespace reach their root, on an overlay and on a --copy', () => {
    const H = h!;
    assert.ok(img, 'the import test ran first');
    assert.equal(mode(H.stateDir), '700');
    const script = 'id -u; cat /etc/keep; test -x /bin/suid && echo suid-there';
    for (const copy of [false, true]) {
      const run = (args: string[]): string => {
        const argv = ['run', '--name', H.name(copy ? 'copy' : 'ov'), ...(copy ? ['--copy'] : []), '--image', img, ...args, '--', 'sh', '-c', script];
        return copy ? withOverlayOff(() => ok(H, argv)) : ok(H, argv);
      };
      const how = copy ? '--copy' : 'overlay';
      assert.equal(run(['-u', '1000']), '1000\nkept\nsuid-there\n', `${how}: --user 1000`);
      assert.equal(run(['--ns', 'user,mnt,pid']), '0\nkept\nsuid-there\n', `${how}: a user namespace`);
    }
  });
});
