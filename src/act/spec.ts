// `nstop run` options checked into a RunSpec before anything is created: every refusal
// here is one line and leaves the host untouched.
import { lstatSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { LimitChange } from '../host/cgroup/types.js';
import { ActError } from './errors.js';
import { DEFAULT_NS, NS_KINDS, type NetMode, type NsKind } from '../host/vocabulary.js';
import type { Confinement } from './caps.js';

export type RunSpec = {
  name: string;
  command: string[];
  ns: NsKind[];
  /** the network: a namespace with lo (none), a bridge, the host's, another container's;
   *  absent: `net` in ns says none, else host (src/act/net/mode.ts netModeOf) */
  net?: NetMode;
  /** a fresh /proc (pid + mnt namespaces) */
  privateProc: boolean;
  hostname?: string;
  rootfs?: string;
  /** run on an overlay of this image's layers (top first); rootfs is then its mount */
  image?: { name: string; layers: string[] };
  /** image: keep the container's own layer (upper dir) after it ends, until nstop rm */
  keep?: boolean;
  /** image: a private copy instead of an overlay (where overlayfs is not available) */
  copy?: boolean;
  limits: LimitChange;
  env: string[];
  workdir?: string;
  user?: { uid: number; gid: number };
  detached: boolean;
  /** capabilities kept and whether everything is off (--privileged); absent: Docker's
   *  defaults (caps.ts DEFAULT_CONFINEMENT) */
  confine?: Confinement;
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    const why = name.length > 63 ? 'at most 63 characters' : 'letters, digits, "_", "." and "-", starting with a letter or digit';
    throw new ActError(`bad name "${name.length > 40 ? name.slice(0, 40) + '…' : name}": ${why}`);
  }
  return name;
}

export function randomName(): string {
  return `c-${Math.random().toString(36).slice(2, 8)}`;
}

/** "all", "none" or a comma list; the options that need a namespace add it, with a note. */
export function parseNamespaces(list: string | undefined, needs: { hostname: boolean; rootfs: boolean; confined?: boolean }): { ns: NsKind[]; notes: string[] } {
  let ns: NsKind[];
  if (list === undefined) ns = [...DEFAULT_NS];
  else if (list.trim() === '') throw new ActError('--ns is empty: give kinds (uts,pid,...), all, or none for no namespaces');
  else if (list.trim() === 'all') ns = [...NS_KINDS];
  else if (list.trim() === 'none') ns = [];
  else {
    ns = [];
    for (const k of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!(NS_KINDS as readonly string[]).includes(k)) throw new ActError(`unknown namespace "${k}" (one of: ${NS_KINDS.join(', ')}, or all, none)`);
      if (!ns.includes(k as NsKind)) ns.push(k as NsKind);
    }
  }
  const notes: string[] = [];
  const add = (k: NsKind, why: string) => {
    if (ns.includes(k)) return;
    ns.push(k);
    notes.push(`${why} needs a ${k} namespace: added`);
  };
  if (needs.hostname) add('uts', '--hostname');
  if (needs.rootfs) add('mnt', '--rootfs');
  if (ns.includes('pid')) add('mnt', 'a private /proc for the new pid namespace');
  // masked /proc, read-only /sys and host files are mounts: without a mount namespace of
  // its own a confined container would write the host's /proc/sys
  if (needs.confined) add('mnt', 'confinement (masked /proc, read-only /sys and host files)');
  return { ns, notes };
}

export function checkHostname(h: string): string {
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(h) || h.length > 64) {
    throw new ActError(`bad hostname "${h}": letters, digits and "-" in dot-separated labels, at most 64 characters`);
  }
  return h;
}

export function parseUser(text: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!m || Number(m[1]) > 4294967294 || Number(m[2] ?? 0) > 4294967294) throw new ActError(`bad --user "${text}": UID or UID:GID as numbers`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

export function checkEnv(items: readonly string[]): string[] {
  for (const e of items) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) throw new ActError(`bad -e "${e}": KEY=VALUE with KEY of letters, digits and _`);
  }
  return [...items];
}

/** The directory to run in; a tarball is refused until images exist. */
export function checkRootfs(path: string): string {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ActError(`--rootfs ${path}: no such directory`);
  }
  if (!st.isDirectory()) throw new ActError(`--rootfs ${path}: not a directory (tarballs and images are not supported yet: unpack it first)`);
  return path;
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The command must exist inside the rootfs, or in one of an image's layers (a link
 *  counts; it is resolved inside). */
export function checkCommandInRootfs(rootfs: string | readonly string[], cmd: string, what = `--rootfs ${String(rootfs)}`): void {
  const candidates = cmd.includes('/') ? [isAbsolute(cmd) ? cmd : join('/', cmd)] : PATH_DIRS.map((d) => join(d, cmd));
  for (const dir of typeof rootfs === 'string' ? [rootfs] : rootfs) {
    for (const c of candidates) {
      try {
        lstatSync(join(dir, c));
        return;
      } catch {
        // next
      }
    }
  }
  throw new ActError(`${what} has no ${cmd} (looked in ${cmd.includes('/') ? candidates[0] : PATH_DIRS.join(':')})`);
}
