// The image store: <store>/<name>/rootfs (one layer, read-only by convention) and
// image.json (where it came from, its parent layer). An image made by `nstop commit` is
// a layer over its parent's; overlayfs stacks them (top first). Imports unpack into a
// temporary directory inside the store and are renamed into place, so a failed or
// interrupted import never leaves a half image under a real name. The store and each
// image's dir are 0700 (host/private-dir.ts): a layer's setuid files are for containers,
// which reach them through their overlay mount, never for a local user walking in.
import { chmodSync, mkdirSync, readdirSync, rmdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorCode } from '../host/errors.js';
import { privateDir } from '../host/private-dir.js';
import { ImageError } from './errors.js';
import { unpackArchive, type UnpackOptions } from './unpack.js';

export const DEFAULT_IMAGE_STORE = '/var/lib/nstop/images';

export function imageStoreFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // absolute at once: the stage and later reapers run from other working directories,
  // and a relative path read there names another place (an overlay left mounted)
  return resolve(flag ?? env['NSTOP_IMAGE_STORE'] ?? DEFAULT_IMAGE_STORE);
}

export type ImageInfo = {
  name: string;
  createdAt: number;
  /** the archive or directory it was imported from, or "commit of <container>" */
  source: string;
  /** the image this layer sits on (commit) */
  parent?: string;
  entries: number;
  bytes: number;
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function checkImageName(name: string): string {
  if (!NAME.test(name)) throw new ImageError(`bad image name "${name.slice(0, 40)}": letters, digits, "_", "." and "-", starting with a letter or digit, at most 63`);
  return name;
}

function rmdirQuiet(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty: someone else's */
  }
}

export class ImageStore {
  constructor(readonly dir: string) {}

  private infoPath(name: string): string {
    return join(this.dir, name, 'image.json');
  }

  layerDir(name: string): string {
    return join(this.dir, name, 'rootfs');
  }

  read(name: string): ImageInfo | undefined {
    // a name is one directory of the store: "a/../../x" must not reach out of it
    if (!NAME.test(name)) return undefined;
    try {
      return JSON.parse(readFileSync(this.infoPath(name), 'utf8')) as ImageInfo;
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR' || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  /** The image or a one-line error naming what exists. */
  get(name: string): ImageInfo {
    checkImageName(name);
    const info = this.read(name);
    if (!info) {
      const names = this.list().map((i) => i.name);
      throw new ImageError(`no image "${name}" in ${this.dir} (${names.length > 0 ? `have: ${names.slice(0, 8).join(', ')}` : 'nstop image import FILE.tar NAME'})`);
    }
    return info;
  }

  list(): ImageInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => !n.startsWith('.'));
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      // a file, or a directory we may not read: the flag was wrong, one line says so
      throw new ImageError(`image store ${this.dir}: ${errorCode(err) === 'ENOTDIR' ? 'not a directory' : `cannot be read (${errorCode(err) ?? String(err)})`} (--image-store or NSTOP_IMAGE_STORE)`);
    }
    return names.sort().flatMap((n) => this.read(n) ?? []);
  }

  /** Made if missing, 0700 if it was wider (an older nstop's store), refused if not ours. */
  private secure(): void {
    privateDir(this.dir, (why) => new ImageError(`image store ${this.dir}: ${why} (--image-store or NSTOP_IMAGE_STORE)`));
  }

  /** Its layer dirs, top first: what overlayfs takes as lowerdir. A run asks for them,
   *  so this is where a store left open by an older nstop is closed. */
  layers(name: string): string[] {
    this.get(name);
    this.secure();
    const out: string[] = [];
    const seen = new Set<string>();
    for (let n: string | undefined = name; n !== undefined; n = this.get(n).parent) {
      if (seen.has(n)) throw new ImageError(`image "${name}": its parents loop at "${n}"`);
      seen.add(n);
      out.push(this.layerDir(n));
    }
    return out;
  }

  /** Unpack an archive (or copy a directory) into a new image. */
  async importFrom(source: string, name: string, opts: UnpackOptions = {}): Promise<ImageInfo> {
    return this.add(name, source, undefined, async (rootfs) => {
      const r = await unpackArchive(source, rootfs, opts);
      return { entries: r.entries, bytes: r.bytes };
    });
  }

  /** A new image whose layer `fill` writes (into a temporary dir, renamed when done). */
  async add(name: string, source: string, parent: string | undefined, fill: (rootfs: string) => Promise<{ entries: number; bytes: number }>): Promise<ImageInfo> {
    checkImageName(name);
    if (this.read(name)) throw new ImageError(`image "${name}" exists (nstop image rm ${name} first)`);
    const madeStore = !this.exists();
    this.secure();
    const tmp = join(this.dir, `.incoming-${name}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    try {
      mkdirSync(tmp, { mode: 0o700 });
      // the image's "/" unless its source says otherwise: 0755 as tar makes it, whatever the umask
      mkdirSync(join(tmp, 'rootfs'), { mode: 0o755 });
      chmodSync(tmp, 0o700);
      chmodSync(join(tmp, 'rootfs'), 0o755);
      const { entries, bytes } = await fill(join(tmp, 'rootfs'));
      const info: ImageInfo = { name, createdAt: Date.now(), source, ...(parent !== undefined ? { parent } : {}), entries, bytes };
      writeFileSync(join(tmp, 'image.json'), JSON.stringify(info, null, 2) + '\n');
      try {
        renameSync(tmp, join(this.dir, name));
      } catch (err) {
        if (errorCode(err) === 'EEXIST' || errorCode(err) === 'ENOTEMPTY') throw new ImageError(`image "${name}" exists (made meanwhile)`);
        throw err;
      }
      return info;
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      // a failed first import changes nothing, not even an empty store (rmdir fails harmlessly if another import got in)
      if (madeStore) rmdirQuiet(this.dir);
      throw err;
    }
  }

  /** Remove an image; `users` says who still needs it (containers, child images). */
  remove(name: string, containersUsing: readonly string[]): void {
    this.get(name);
    this.secure();
    const children = this.list().filter((i) => i.parent === name).map((i) => i.name);
    const users = [...containersUsing.map((c) => `container ${c}`), ...children.map((c) => `image ${c}`)];
    if (users.length > 0) throw new ImageError(`image "${name}" is in use by ${users.slice(0, 5).join(', ')}${users.length > 5 ? '…' : ''}`);
    // out of the way first (a rename is atomic), then delete at leisure
    const gone = join(this.dir, `.removing-${name}-${process.pid}`);
    renameSync(join(this.dir, name), gone);
    rmSync(gone, { recursive: true, force: true });
  }

  exists(): boolean {
    try {
      return statSync(this.dir).isDirectory();
    } catch {
      return false;
    }
  }
}
