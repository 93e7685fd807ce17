// mount(2), umount2(2) and lgetxattr(2) for container root filesystems: an overlay of
// image layers (lower) and a per-container upper dir. Node has none of them; the
// mount(8) binary would work too but is one more thing to be installed and parse.
import { libc, osError } from './libc.js';

const MNT_DETACH = 2;

type Fns = {
  mount: (src: string, target: string, fstype: string, flags: number, data: string | null) => number;
  umount2: (target: string, flags: number) => number;
  lgetxattr: (path: string, name: string, value: Buffer, size: number) => number;
};
let fns: Fns | undefined;

function api(): Fns {
  if (fns) return fns;
  const { lib } = libc();
  fns = {
    mount: lib.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)') as unknown as Fns['mount'],
    umount2: lib.func('int umount2(const char *target, int flags)') as unknown as Fns['umount2'],
    lgetxattr: lib.func('long lgetxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)') as unknown as Fns['lgetxattr'],
  };
  return fns;
}

/** mount -t overlay overlay -o lowerdir=L1:L2,upperdir=U,workdir=W TARGET.
 *  lowers: top layer first (overlayfs's order). Throws OsError (ENODEV: no overlayfs). */
export function mountOverlay(lowers: readonly string[], upper: string, work: string, target: string): void {
  for (const p of [...lowers, upper, work]) {
    // overlayfs splits its options at ',' and lowerdir at ':'
    if (/[,:\\]/.test(p)) throw osError('mount(overlay): a path holds "," ":" or "\\"', 22);
  }
  const r = api().mount('overlay', target, 'overlay', 0, `lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work}`);
  if (r !== 0) throw osError('mount(overlay)', libc().koffi.errno());
}

/** Lazy unmount: gone from the tree now, freed once nothing uses it. */
export function unmountDetached(target: string): void {
  if (api().umount2(target, MNT_DETACH) !== 0) throw osError('umount2', libc().koffi.errno());
}

/** An extended attribute of the file itself (links not followed), or undefined. */
export function getXattr(path: string, name: string): string | undefined {
  const buf = Buffer.alloc(256);
  const n = Number(api().lgetxattr(path, name, buf, buf.length));
  return n < 0 ? undefined : buf.subarray(0, n).toString('utf8');
}
