// The image store and the state dir are 0700 after their first use: made so under a
// umask of 000, tightened when an older nstop left them 0755, and refused in one line,
// with nothing made, when they belong to another uid (root only: it needs a chown).
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ActError } from '../../src/act/errors.js';
import { StateStore } from '../../src/act/state.js';
import { ImageError } from '../../src/image/errors.js';
import { ImageStore } from '../../src/image/store.js';
import { isRoot } from '../helpers/root.js';

let tmp = '';
let n = 0;
let umask = 0o022;
before(() => {
  tmp = mkdtempSync(join(os.tmpdir(), 'nstop-private-'));
  umask = process.umask(0);
});
after(() => {
  process.umask(umask);
  rmSync(tmp, { recursive: true, force: true });
});

const fresh = (tag: string): string => join(tmp, `${tag}-${++n}`);
const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8);

/** An image whose layer holds one file (no archive needed: add() takes a fill). */
const addImage = (store: ImageStore, name: string) =>
  store.add(name, 'test', undefined, async (rootfs) => {
    writeFileSync(join(rootfs, 'f'), 'x');
    return { entries: 1, bytes: 1 };
  });

test('umask 000: a new image store, its parents and each image dir are 0700; the layer root 0755', async () => {
  assert.equal(process.umask(), 0);
  const parent = fresh('store');
  const store = new ImageStore(join(parent, 'lib', 'images'));
  await addImage(store, 'one');
  assert.equal(mode(store.dir), '700');
  assert.equal(mode(join(parent, 'lib')), '700');
  assert.equal(mode(join(store.dir, 'one')), '700');
  assert.equal(mode(store.layerDir('one')), '755', 'the image\'s "/" as tar makes it');
});

test('a store an older nstop left 0755 is tightened by the next import, and by a run (layers)', async () => {
  const dir = fresh('wide');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const store = new ImageStore(dir);
  await addImage(store, 'one');
  assert.equal(mode(dir), '700', 'import');
  chmodSync(dir, 0o755);
  assert.deepEqual(store.layers('one'), [store.layerDir('one')]);
  assert.equal(mode(dir), '700', 'layers (what run asks for)');
  chmodSync(dir, 0o4777);
  store.remove('one', []);
  assert.equal(mode(dir), '700', 'image rm');
});

test('umask 000: a new state dir and a container dir are 0700; a 0755 one is tightened', () => {
  const dir = fresh('state');
  const store = new StateStore(join(dir, 'nstop'));
  store.claim('c1');
  assert.equal(mode(store.dir), '700');
  assert.equal(mode(store.dirOf('c1')), '700');
  chmodSync(store.dir, 0o711); // what nstop made before
  store.claim('c2');
  assert.equal(mode(store.dir), '700');
});

test('a store or state dir of another uid: refused in one line, nothing made, its mode kept', { skip: !isRoot && 'needs root (chown)' }, async () => {
  const imgDir = fresh('theirs');
  mkdirSync(imgDir, { mode: 0o755 });
  chmodSync(imgDir, 0o755);
  chownSync(imgDir, 65534, 65534);
  const images = new ImageStore(imgDir);
  await assert.rejects(addImage(images, 'one'), (err: unknown) => {
    assert.ok(err instanceof ImageError, String(err));
    assert.equal(err.message, `image store ${imgDir}: belongs to uid 65534, not to us (uid 0): chown it, or choose another directory (--image-store or NSTOP_IMAGE_STORE)`);
    return true;
  });
  assert.deepEqual(readdirSync(imgDir), [], 'no image, no .incoming-*');
  assert.equal(mode(imgDir), '755', 'not ours to change');

  const stateDir = fresh('theirstate');
  mkdirSync(stateDir, { mode: 0o755 });
  chmodSync(stateDir, 0o755);
  chownSync(stateDir, 65534, 65534);
  const state = new StateStore(stateDir);
  assert.throws(() => state.claim('c1'), (err: unknown) => err instanceof ActError && /^state dir .*: belongs to uid 65534, not to us \(uid 0\): .*NSTOP_STATE_DIR\)$/.test(err.message) && !err.message.includes('\n'));
  assert.equal(existsSync(join(stateDir, 'c1')), false);
  assert.equal(mode(stateDir), '755');
});

test('a file where the store should be: one line, nothing made', async () => {
  const file = fresh('file');
  writeFileSync(file, 'not a dir');
  await assert.rejects(addImage(new ImageStore(file), 'one'), (err: unknown) => err instanceof ImageError && err.message === `image store ${file}: not a directory (--image-store or NSTOP_IMAGE_STORE)`);
  assert.ok(statSync(file).isFile());
});
