// The plain-copy fallback where overlayfs is not available: the image's layers copied
// bottom first into one private directory, applying overlayfs's own markers from
// committed layers (a whiteout, a 0/0 character device, deletes what is below; a
// directory with trusted.overlay.opaque "y" hides everything below it).
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getXattr } from '../../native/mount.js';
import { ImageError } from './errors.js';

function cpA(src: string, dest: string): void {
  // cp -a keeps modes, owners, times, links, xattrs and special files as they are
  const r = spawnSync('cp', ['-a', '--no-target-directory', '--', src, dest], { encoding: 'utf8' });
  if (r.status !== 0) throw new ImageError(`copying the image failed: ${(r.stderr || r.error?.message || 'cp failed').trim().split('\n')[0]}`);
}

const isWhiteout = (path: string): boolean => {
  const st = lstatSync(path);
  return st.isCharacterDevice() && st.rdev === 0;
};

/** Lay `layer` over what `dest` holds. */
export function applyLayer(layer: string, dest: string): void {
  for (const name of readdirSync(layer)) {
    const src = join(layer, name);
    const dst = join(dest, name);
    if (isWhiteout(src)) {
      rmSync(dst, { recursive: true, force: true });
      continue;
    }
    const st = lstatSync(src);
    let below;
    try {
      below = lstatSync(dst);
    } catch {
      below = undefined;
    }
    if (st.isDirectory() && getXattr(src, 'trusted.overlay.opaque') !== 'y' && below?.isDirectory()) {
      applyLayer(src, dst);
      continue;
    }
    if (below) rmSync(dst, { recursive: true, force: true });
    cpA(src, dst);
  }
}

/** layers: top first (as overlayfs takes them). */
export function copyLayers(layers: readonly string[], dest: string): void {
  mkdirSync(dest, { recursive: true });
  const [bottom, ...rest] = [...layers].reverse();
  if (bottom === undefined) return;
  cpA(bottom, dest);
  for (const l of rest) applyLayer(l, dest);
}
