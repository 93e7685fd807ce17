// What every action needs: where state lives, the cgroup driver, and how a detached
// container's stage calls nstop back when the command ends.
import { fileURLToPath } from 'node:url';
import { createCgroupDriver } from '../host/cgroup/index.js';
import type { CgroupDriver, CgroupRef } from '../host/cgroup/types.js';
import { StateStore } from './state.js';
import { DEFAULT_IMAGE_STORE, ImageStore } from '../image/store.js';

export type ActContext = {
  store: StateStore;
  driver: CgroupDriver;
  cgroupRoot: string;
  /** parent of every container's group: "/nstop/<name>" (the runtime table matches it) */
  cgroupBase: string;
  procRoot: string;
  images: ImageStore;
};

export function createActContext(o: { stateDir: string; cgroupRoot: string; procRoot?: string; imageStore?: string }): ActContext {
  return {
    store: new StateStore(o.stateDir),
    driver: createCgroupDriver(o.cgroupRoot),
    cgroupRoot: o.cgroupRoot,
    cgroupBase: '/nstop',
    procRoot: o.procRoot ?? '/proc',
    images: new ImageStore(o.imageStore ?? DEFAULT_IMAGE_STORE),
  };
}

export const groupPath = (ctx: ActContext, name: string): string => `${ctx.cgroupBase}/${name}`;

/** The parent group of a container's group, in every hierarchy it has. */
export function parentRef(ref: CgroupRef): CgroupRef {
  const up = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
  return { v1: Object.fromEntries(Object.entries(ref.v1).map(([c, p]) => [c, up(p)])), ...(ref.unified !== undefined ? { unified: up(ref.unified) } : {}) };
}

/** node + this package's cli.js: how the stage runs `nstop __reap NAME` afterwards. */
export function reaperArgv(ctx: ActContext, name: string): string[] {
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  return [process.execPath, cli, '__reap', name, '--state-dir', ctx.store.dir, '--cgroup-root', ctx.cgroupRoot];
}
