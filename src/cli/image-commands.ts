// nstop image import|ls|rm and nstop commit.
import { UsageError } from './commands.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ActContext } from '../act/context.js';
import { ActError } from '../act/errors.js';
import { reap } from '../act/reap.js';
import { ImageError } from '../image/errors.js';
import { checkLayer } from '../image/layer-check.js';
import type { ImageInfo } from '../image/store.js';
import type { UnpackOptions } from '../image/unpack.js';
import { formatBytes } from '../model/format.js';
import { jsonText } from './json.js';
import { renderTable } from './table.js';

/** "importing: 45% 12.3MiB/27.1MiB, 1234 entries" on a terminal; nothing otherwise. */
export function importProgress(stream: NodeJS.WriteStream = process.stderr): UnpackOptions['onProgress'] {
  if (!stream.isTTY) return undefined;
  return (p) => {
    const pct = p.totalBytes ? ` ${Math.floor((p.bytes / p.totalBytes) * 100)}% ${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}` : ` ${formatBytes(p.bytes)}`;
    stream.write(`\rnstop: importing${pct}, ${p.entries} entries\u001b[K`);
  };
}

/** Containers that need the image: running ones, and ended ones that kept their layer. */
const inUseBy = (ctx: ActContext, image: string): string[] =>
  ctx.store.list().filter((s) => s.image === image && (s.status !== 'stopped' || s.fs?.keep === true)).map((s) => s.name);

export async function imageCommand(ctx: ActContext, args: string[], json: boolean, maxFiles: string | undefined): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import': {
      if (rest.length !== 2) throw new UsageError('usage: nstop image import FILE.tar[.gz|.xz]|DIR NAME');
      const [source, name] = rest as [string, string];
      if (!existsSync(source)) throw new ActError(`${source}: no such archive or directory`);
      const max = maxFiles === undefined ? undefined : Number(maxFiles);
      if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new ActError(`bad --max-files "${maxFiles}": a count above 0`);
      const progress = importProgress();
      let info: ImageInfo;
      try {
        info = await ctx.images.importFrom(source, name, { ...(progress ? { onProgress: progress } : {}), ...(max !== undefined ? { maxEntries: max } : {}) });
      } finally {
        if (progress) process.stderr.write('\r\u001b[K');
      }
      process.stdout.write(`${info.name}: ${info.entries} entries, ${formatBytes(info.bytes)}\n`);
      return 0;
    }
    case 'ls': {
      const images = ctx.images.list();
      const rows = images.map((i) => ({ ...i, usedBy: inUseBy(ctx, i.name) }));
      if (json) {
        process.stdout.write(jsonText({ store: ctx.images.dir, images: rows.map((i) => ({ ...i, created: new Date(i.createdAt).toISOString(), parent: i.parent ?? null })) }, 2) + '\n');
        return 0;
      }
      if (rows.length === 0) {
        process.stdout.write(`no images in ${ctx.images.dir} (nstop image import FILE.tar NAME)\n`);
        return 0;
      }
      process.stdout.write(
        renderTable(rows, [
          { title: 'NAME', value: (i) => i.name },
          { title: 'PARENT', value: (i) => i.parent ?? '-' },
          { title: 'ENTRIES', align: 'right', value: (i) => String(i.entries) },
          { title: 'SIZE', align: 'right', value: (i) => formatBytes(i.bytes) },
          { title: 'CREATED', value: (i) => new Date(i.createdAt).toISOString().slice(0, 19).replace('T', ' ') },
          { title: 'USED BY', value: (i) => (i.usedBy.length > 0 ? i.usedBy.join(',') : '-') },
          { title: 'SOURCE', value: (i) => i.source },
        ]),
      );
      return 0;
    }
    case 'rm': {
      if (rest.length === 0) throw new UsageError('usage: nstop image rm NAME...');
      for (const name of rest) ctx.images.remove(name, inUseBy(ctx, name));
      return 0;
    }
    default:
      throw new UsageError(`usage: nstop image import|ls|rm (not "${sub ?? ''}")`);
  }
}

/** nstop commit NAME NEWIMAGE: the container's own layer becomes an image over its
 *  image. A running container is frozen while its layer is copied (a consistent copy).
 *  The copy passes import's checks (image/layer-check.ts) or no image is made. */
export async function commitCommand(ctx: ActContext, args: string[]): Promise<number> {
  if (args.length !== 2) throw new UsageError('usage: nstop commit CONTAINER NEWIMAGE');
  const [name, image] = args as [string, string];
  const st = await reap(ctx, name);
  if (!st) throw new ActError(`no container named "${name}" started by nstop`);
  if (!st.image || st.fs?.mode !== 'overlay' || !st.fs.upper) throw new ActError(`${name} does not run on an image overlay (nstop run --image NAME)`);
  const upper = st.fs.upper;
  const base = st.image;
  if (!existsSync(upper)) throw new ActError(`${name} has ended and its layer is gone (run it with --keep to commit after it ends)`);
  const below = ctx.images.layers(base);
  const running = st.status !== 'stopped';
  if (running) await ctx.driver.setFrozen(st.cgroup, true);
  try {
    const info = await ctx.images.add(image, `commit of ${name}`, base, async (rootfs) => {
      // cp -a keeps overlayfs's whiteouts (0/0 char devices) and opaque-dir xattrs
      const r = spawnSync('cp', ['-a', '--no-target-directory', '--', upper, rootfs], { encoding: 'utf8' });
      if (r.status !== 0) throw new ImageError(`copying ${name}'s layer failed: ${(r.stderr || 'cp failed').trim().split('\n')[0]}`);
      return checkLayer(rootfs, below, base);
    });
    process.stdout.write(`${info.name}: ${info.entries} entries, ${formatBytes(info.bytes)} over ${base}\n`);
    return 0;
  } finally {
    if (running) await ctx.driver.setFrozen(st.cgroup, false);
  }
}
