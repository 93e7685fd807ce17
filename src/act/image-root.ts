// Where a container's root comes from: an image of the store (--image NAME, or a name in
// the launch form), a directory (--rootfs DIR), or an archive (--rootfs FILE.tar, which
// is imported once, as an image named after its content: tar-<sha256 prefix>). The
// busybox image is built locally from demo/ the first time it is asked for.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ImageError } from '../image/errors.js';
import type { ImageStore } from '../image/store.js';
import type { UnpackOptions } from '../image/unpack.js';
import { demoRootfs } from './demo.js';
import { ActError } from './errors.js';

export type ImageRef = { name: string; layers: string[] };
export type Root = { image?: ImageRef; rootfs?: string };

/** The image the launch form offers by default: needs no download. */
export const DEFAULT_IMAGE = 'busybox';

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function ensureImage(store: ImageStore, name: string, opts: UnpackOptions = {}): Promise<ImageRef> {
  if (!store.read(name) && name === DEFAULT_IMAGE) await store.importFrom(demoRootfs(), name, opts);
  store.get(name);
  return { name, layers: store.layers(name) };
}

export async function resolveRoot(store: ImageStore, o: { image?: string | undefined; rootfs?: string | undefined }, opts: UnpackOptions = {}): Promise<Root> {
  if (o.image !== undefined && o.rootfs !== undefined) throw new ActError('--image and --rootfs: give one of them');
  // an ImageError from the store (no such image, a refused archive) is a UserError like
  // ActError: it reaches the CLI and the dashboard as it is
  if (o.image !== undefined) return { image: await ensureImage(store, o.image, opts) };
  if (o.rootfs === undefined) return {};
  const path = resolve(o.rootfs);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ActError(`--rootfs ${o.rootfs}: no such directory or archive`);
  }
  if (st.isDirectory()) return { rootfs: path };
  if (!st.isFile()) throw new ActError(`--rootfs ${o.rootfs}: not a directory or an archive`);
  // a tarball: import once, keyed by content, then run it like any image
  const name = `tar-${(await sha256(path)).slice(0, 12)}`;
  try {
    if (!store.read(name)) await store.importFrom(path, name, opts);
  } catch (err) {
    // a plain file that is no archive is most likely a mistaken --rootfs: say both
    if (err instanceof ImageError) throw new ActError(`--rootfs ${o.rootfs}: ${/^not a tar archive/.test(err.message) ? `not a directory, and ${err.message}` : err.message}`);
    throw err;
  }
  return { image: { name, layers: store.layers(name) } };
}

/** The launch form's one field: a path (has a "/") is a rootfs, else an image name. */
export function rootChoice(text: string): { image?: string; rootfs?: string } {
  const t = text.trim();
  if (t === '') return {};
  return t.includes('/') ? { rootfs: t } : { image: t };
}
