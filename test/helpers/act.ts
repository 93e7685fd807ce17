// Root tests of the Act layer: the real CLI with a private state dir, unique container
// names, and a cleanup that kills and forgets only what this file started.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createActContext, type ActContext } from '../../src/act/context.js';
import { SIGKILL, signalGroup, waitEmpty } from '../../src/act/kill.js';
import { reap } from '../../src/act/reap.js';
import { repoRoot, CLI_OUTPUT_MAX } from './paths.js';
import { requireTool } from './root.js';
import { scaled } from './time-scale.js';
import { mountsUnder, removeFs } from '../../src/image/container-fs.js';
import { unmountDetached } from '../../native/mount.js';

export const cli = join(repoRoot, 'dist', 'src', 'cli.js');

export type ActHarness = {
  stateDir: string;
  imageStore: string;
  ctx: ActContext;
  name(tag: string): string;
  nstop(args: string[], opts?: { input?: string; timeout?: number }): SpawnSyncReturns<string>;
  cleanup(): Promise<void>;
};

export function actHarness(prefix: string): ActHarness {
  const stateDir = mkdtempSync(join(os.tmpdir(), `${prefix}-state-`));
  // a private image store too: tests never touch the machine's /var/lib/nstop/images
  const imageStore = join(stateDir, 'images');
  const ctx = createActContext({ stateDir, cgroupRoot: '/sys/fs/cgroup', imageStore });
  let n = 0;
  return {
    stateDir,
    imageStore,
    ctx,
    name: (tag) => `${prefix}-${process.pid}-${tag}-${n++}`,
    nstop: (args, opts = {}) =>
      spawnSync(process.execPath, [cli, ...args], {
        encoding: 'utf8',
        timeout: scaled(opts.timeout ?? 30_000),
        input: opts.input ?? '',
        maxBuffer: CLI_OUTPUT_MAX,
        env: { ...process.env, NSTOP_STATE_DIR: stateDir, NSTOP_IMAGE_STORE: imageStore },
      }),
    async cleanup() {
      for (const st of ctx.store.list()) {
        try {
          if (ctx.driver.procs(st.cgroup).length > 0) {
            await signalGroup(ctx.driver, st.cgroup, SIGKILL);
            await waitEmpty(ctx.driver, st.cgroup);
          }
          await reap(ctx, st.name);
          // kept layers (--keep) outlive reap; a test's go with it
          const left = ctx.store.read(st.name);
          if (left?.fs) removeFs(left.fs);
        } catch (err) {
          console.log(`# cleanup ${st.name}: ${(err as Error).message}`);
        }
      }
      // never rm -rf through a mount a failed test left behind
      for (const m of mountsUnder(stateDir)) {
        try {
          unmountDetached(m);
        } catch (err) {
          console.log(`# cleanup umount ${m}: ${(err as Error).message}`);
        }
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

const APPLETS = ['sh', 'ls', 'cat', 'echo', 'hostname', 'ps', 'sleep', 'id', 'readlink', 'mount', 'touch', 'true', 'false', 'grep', 'wc', 'pwd'];

/** A minimal root filesystem: static busybox with relative applet links (absolute links
 *  from `busybox --install -s` would point outside the rootfs). */
export function busyboxRootfs(): { dir: string; remove(): void } | string {
  const missing = requireTool('busybox', 'busybox-static');
  if (missing) return missing;
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-rootfs-'));
  for (const d of ['bin', 'proc', 'dev', 'tmp', 'etc', 'root']) mkdirSync(join(dir, d));
  copyFileSync('/usr/bin/busybox', join(dir, 'bin', 'busybox'));
  spawnSync('chmod', ['755', join(dir, 'bin', 'busybox')]);
  for (const a of APPLETS) symlinkSync('busybox', join(dir, 'bin', a));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
