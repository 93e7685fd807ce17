// cgroup v2 write side: one directory; limits need the controllers enabled in every
// ancestor's cgroup.subtree_control. Real values (pure v2 kernel):
//   memory.max "max" | bytes   memory.swap.max "max" | bytes   pids.max "max" | N
//   cpu.max "max 100000" | "50000 100000"   cpu.weight "100"   cgroup.freeze "0" | "1"
//   cgroup.events "populated 1\nfrozen 0"   cgroup.kill (write "1")
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMax, quotaFromCpus } from './converters.js';
import { resolveGroupDir } from './files.js';
import type { CgroupLayout, CgroupRef, LimitChange } from './types.js';
import { makeGroupDir, readProcs, waitFor, writeCgroupFile } from './write.js';

const WANTED = ['memory', 'pids', 'cpu'];

export function v2Dir(layout: CgroupLayout, ref: CgroupRef): string | undefined {
  return resolveGroupDir(layout.unified, ref.unified);
}

/** Enable memory/pids/cpu (those available) from the root down to the new group's parent. */
function delegate(root: string, path: string): void {
  const available = new Set(readFileSync(join(root, 'cgroup.controllers'), 'utf8').trim().split(/\s+/));
  const enable = WANTED.filter((c) => available.has(c)).map((c) => `+${c}`).join(' ');
  if (enable === '') return;
  const parts = path.split('/').filter(Boolean).slice(0, -1);
  let dir = root;
  for (let i = 0; i <= parts.length; i++) {
    writeCgroupFile(dir, 'cgroup.subtree_control', enable);
    if (i < parts.length) dir = join(dir, parts[i]!);
  }
}

/** limits: true on pure v2 (controllers delegated); false for a hybrid host's unified
 *  mount, which only gives PSI, freeze and kill. */
export function createV2Group(layout: CgroupLayout, path: string, limits: boolean): string {
  const root = layout.unified;
  if (root === undefined) throw new Error('no cgroup2 hierarchy on this host');
  const dir = join(root, path);
  makeGroupDir(dir);
  if (limits) delegate(root, path);
  return dir;
}

function need(layout: CgroupLayout, ref: CgroupRef): string {
  const dir = v2Dir(layout, ref);
  if (dir === undefined) throw new Error('no cgroup2 group for this container');
  return dir;
}

export function setV2Limits(layout: CgroupLayout, ref: CgroupRef, c: LimitChange): void {
  const dir = need(layout, ref);
  // memory.max before memory.swap.max: they are independent on v2, so any order holds
  if (c.memory !== undefined) writeCgroupFile(dir, 'memory.max', formatMax(c.memory));
  if (c.swap !== undefined) writeCgroupFile(dir, 'memory.swap.max', formatMax(c.swap));
  if (c.pids !== undefined) writeCgroupFile(dir, 'pids.max', formatMax(c.pids));
  if (c.cpus !== undefined) writeCgroupFile(dir, 'cpu.max', c.cpus === Infinity ? 'max 100000' : `${quotaFromCpus(c.cpus)} 100000`);
  if (c.cpuWeight !== undefined) writeCgroupFile(dir, 'cpu.weight', String(c.cpuWeight));
}

const frozenNow = (dir: string): boolean => /^frozen 1$/m.test(readFileSync(join(dir, 'cgroup.events'), 'utf8'));

export function canFreezeV2(layout: CgroupLayout, ref: CgroupRef): boolean {
  const dir = v2Dir(layout, ref);
  return dir !== undefined && existsSync(join(dir, 'cgroup.freeze'));
}

export async function setV2Frozen(layout: CgroupLayout, ref: CgroupRef, frozen: boolean): Promise<void> {
  const dir = need(layout, ref);
  writeCgroupFile(dir, 'cgroup.freeze', frozen ? '1' : '0');
  await waitFor(`cgroup.freeze ${frozen ? 1 : 0}`, () => frozenNow(dir) === frozen);
}

/** cgroup.kill (Linux 5.14+): SIGKILL to every process of the group and its children. */
export function killV2(layout: CgroupLayout, ref: CgroupRef): boolean {
  const dir = v2Dir(layout, ref);
  if (dir === undefined || !existsSync(join(dir, 'cgroup.kill'))) return false;
  writeCgroupFile(dir, 'cgroup.kill', '1');
  return true;
}

export const v2Procs = (layout: CgroupLayout, ref: CgroupRef): number[] => {
  const dir = v2Dir(layout, ref);
  return dir === undefined ? [] : readProcs([dir]);
};
