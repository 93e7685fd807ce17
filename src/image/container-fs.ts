// A container's root filesystem from an image: an overlay mount of the image's layers
// (read-only, shared by every container of that image) and the container's own upper
// dir, where all its writes go. It lives in the container's state dir (fs/), is mounted
// in the host's mount table while the container runs (so `nstop commit` and a reaper in
// any mount namespace can see it) and is unmounted when the container ends. Where
// overlayfs is not available, --copy gives the container a private copy instead.
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mountOverlay, unmountDetached } from '../../native/mount.js';
import { errorCode } from '../host/errors.js';
import { ImageError } from './errors.js';
import { copyLayers } from './layers-copy.js';

export type ContainerFs = {
  mode: 'overlay' | 'copy';
  /** <state>/<name>/fs */
  dir: string;
  /** what the container pivots into: the overlay mount, or the copy */
  rootfs: string;
  /** overlay: the container's own layer (what `nstop commit` turns into an image) */
  upper?: string;
  work?: string;
  /** keep the upper dir (or the copy) after the container ends, until nstop rm */
  keep: boolean;
};

/** NSTOP_OVERLAY=off: behave as if overlayfs were missing (odd filesystems, tests). */
const overlayOff = (env: NodeJS.ProcessEnv = process.env): boolean => env['NSTOP_OVERLAY'] === 'off';

export function prepareFs(stateDir: string, image: string, layers: readonly string[], opts: { keep: boolean; copy: boolean }): ContainerFs {
  const dir = join(stateDir, 'fs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    if (opts.copy) {
      const rootfs = join(dir, 'rootfs');
      copyLayers(layers, rootfs);
      return { mode: 'copy', dir, rootfs, keep: opts.keep };
    }
    const fs: ContainerFs = { mode: 'overlay', dir, rootfs: join(dir, 'merged'), upper: join(dir, 'upper'), work: join(dir, 'work'), keep: opts.keep };
    for (const d of [fs.rootfs, fs.upper!, fs.work!]) mkdirSync(d, { mode: 0o755 });
    // the upper dir's mode is the container's "/": 0755 whatever our umask, or a
    // container run with --user could not even look up its own /bin
    chmodSync(fs.upper!, 0o755);
    if (overlayOff()) throw new ImageError(`overlayfs is turned off (NSTOP_OVERLAY=off): run with --copy for a private copy of image "${image}"`);
    try {
      mountOverlay(layers, fs.upper!, fs.work!, fs.rootfs);
    } catch (err) {
      throw new ImageError(`overlayfs is not available here (${(err as Error).message}): run with --copy for a private copy of image "${image}"`);
    }
    return fs;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Mount points at or under `dir` (deepest first), from /proc/self/mountinfo. A line:
 *  "36 35 98:0 / /mnt1 rw,noatime master:1 - overlay overlay rw,lowerdir=..." */
export function mountsUnder(dir: string, mountinfo = '/proc/self/mountinfo'): string[] {
  const text = readFileSync(mountinfo, 'utf8');
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map(unescape)
    .filter((p) => p === dir || p.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

function unmountAll(dir: string): void {
  for (const m of mountsUnder(dir)) {
    try {
      unmountDetached(m);
    } catch (err) {
      if (errorCode(err) !== 'EINVAL' && errorCode(err) !== 'ENOENT') throw err;
    }
  }
}

/** The container ended: unmount, drop the work dir, and the upper dir unless kept. */
export function releaseFs(fs: ContainerFs): void {
  unmountAll(fs.dir);
  if (fs.mode === 'overlay') {
    rmSync(fs.work!, { recursive: true, force: true });
    rmSync(fs.rootfs, { recursive: true, force: true });
  }
  if (!fs.keep) rmSync(fs.dir, { recursive: true, force: true });
}

/** nstop rm: everything, kept or not (never through a mount: unmounted first). */
export function removeFs(fs: ContainerFs): void {
  unmountAll(fs.dir);
  rmSync(fs.dir, { recursive: true, force: true });
}
