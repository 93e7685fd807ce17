// What `nstop commit` lets into an image from a container's own layer (its overlay upper
// dir). The checks run on nstop's copy of that layer in the store's temporary dir, which
// nothing else writes, so what is checked is what is kept; a refusal leaves no image
// (ImageStore.add removes the copy). The rules are import's:
//  - no device nodes: anyone running the image could reach the device. Overlayfs's
//    whiteouts (character devices 0:0) are not devices but deletions, and stay;
//  - no file capabilities (security.capability): import keeps no xattrs at all;
//  - no names that are not UTF-8: import refuses them too.
// And one of its own: a setuid or setgid file only where the image below has the same
// file: same path, type, mode, owner and content (the mtime may differ: a touch copies a
// file up). Without it a container could chmod u+s a shell, or write a setuid-root binary
// of its own, and launder it into an image that later containers trust as the image's.
// Fifos and sockets are kept: they grant nothing.
import { closeSync, constants, lstatSync, openSync, readdirSync, readSync, type Stats } from 'node:fs';
import { getXattr } from '../../native/mount.js';
import { lstatOrNone } from './io.js';
import { refused } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

const isWhiteout = (st: Stats): boolean => st.isCharacterDevice() && st.rdev === 0;
const isOpaque = (dir: string): boolean => getXattr(dir, 'trusted.overlay.opaque') === 'y';

/** The regular file or other entry the layers (top first) show at `parts`, as overlayfs
 *  would: a whiteout or a non-directory above hides what is below, and so does an opaque
 *  directory. Each component is lstat'ed: a symlink in a layer is never followed. */
function below(layers: readonly string[], parts: readonly string[]): { path: string; st: Stats } | undefined {
  for (const layer of layers) {
    let dir = layer;
    let hidden = false;
    for (let i = 0; i < parts.length; i++) {
      const path = `${dir}/${parts[i]!}`;
      const st = lstatOrNone(path);
      if (st === undefined) break;
      if (isWhiteout(st)) return undefined;
      if (i === parts.length - 1) return { path, st };
      if (!st.isDirectory()) return undefined;
      if (isOpaque(path)) hidden = true;
      dir = path;
    }
    if (hidden) return undefined;
  }
  return undefined;
}

/** Byte for byte, for two regular files already known to be of one size. */
function sameContent(a: string, b: string): boolean {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const fa = openSync(a, flags);
  try {
    const fb = openSync(b, flags);
    try {
      const ba = Buffer.allocUnsafe(1 << 20);
      const bb = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(fa, ba, 0, ba.length, null);
        let m = 0;
        while (m < n) {
          const k = readSync(fb, bb, m, n - m, null);
          if (k === 0) break;
          m += k;
        }
        if (m !== n || !ba.subarray(0, n).equals(bb.subarray(0, n))) return false;
        if (n === 0) return true;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}

function checkSetid(path: string, rel: string, st: Stats, layers: readonly string[], image: string): void {
  const bits = [st.mode & 0o4000 ? 'setuid' : '', st.mode & 0o2000 ? 'setgid' : ''].filter(Boolean).join(' and ');
  const was = below(layers, rel.split('/'));
  const fix = `chmod u-s,g-s it in the container to commit it`;
  if (!was || !was.st.isFile()) throw refused(rel, `a ${bits} file that image "${image}" does not have: commit makes no new ${bits} files (${fix})`);
  const same = was.st.mode === st.mode && was.st.uid === st.uid && was.st.gid === st.gid && was.st.size === st.size && sameContent(was.path, path);
  if (!same) throw refused(rel, `a ${bits} file changed from image "${image}"'s (mode, owner or content): only an unchanged one is kept (${fix})`);
}

/**
 * Checks the layer at `root` (a copy of a container's upper dir) against the rules above;
 * `layers` are the layers of `image`, the one it goes over, top first. Returns its entry
 * count and regular file bytes; throws a one-line ImageError naming the first refused path.
 */
export function checkLayer(root: string, layers: readonly string[], image: string): { entries: number; bytes: number } {
  let entries = 0;
  let bytes = 0;
  const stack: { path: string; rel: string }[] = [{ path: root, rel: '' }];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    for (const raw of readdirSync(dir.path, { encoding: 'buffer' }).sort(Buffer.compare)) {
      let name: string;
      try {
        name = utf8.decode(raw);
      } catch {
        throw refused(`${dir.rel === '' ? '' : `${dir.rel}/`}${lossy.decode(raw)}`, 'the name is not valid UTF-8');
      }
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      const path = `${dir.path}/${name}`;
      const st = lstatSync(path);
      entries++;
      if (st.isDirectory()) stack.push({ path, rel });
      else if ((st.isCharacterDevice() && !isWhiteout(st)) || st.isBlockDevice()) throw refused(rel, 'device nodes are not allowed in images');
      else if (st.isFile()) {
        bytes += st.size;
        if (getXattr(path, 'security.capability') !== undefined) throw refused(rel, 'file capabilities (security.capability) are not allowed in images (setcap -r it in the container to commit it)');
        if (st.mode & 0o6000) checkSetid(path, rel, st, layers, image);
      }
    }
  }
  return { entries, bytes };
}
