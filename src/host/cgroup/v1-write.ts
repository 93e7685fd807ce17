// cgroup v1 write side: one directory per controller. Real values on this machine:
//   memory.limit_in_bytes "-1" (none) | bytes   memory.memsw.limit_in_bytes >= limit
//   cpu.cfs_quota_us "-1" | µs per cpu.cfs_period_us "100000"   cpu.shares "1024"
//   pids.max "max" | N   freezer.state "FROZEN" | "THAWED" (FREEZING on the way)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memswFromSwap, quotaFromCpus, sharesFromWeight, swapFromMemsw } from './converters.js';
import { resolveGroupDir } from './files.js';
import { parseV1Limit } from './parse.js';
import type { CgroupLayout, CgroupRef, LimitChange } from './types.js';
import { makeGroupDir, readProcs, waitFor, writeCgroupFile } from './write.js';

/** The controllers a container gets a group in (those this host mounts). */
export const V1_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer', 'devices'] as const;

/** Docker's device allow-list without its "c *:* m" / "b *:* m" (mknod of any node):
 *  null, zero, full, random, urandom, tty, ptmx and the pts. Written as devices.allow
 *  after "a" in devices.deny, e.g. a line of devices.list: "c 1:3 rwm". */
export const DEVICE_ALLOW = ['c 1:3 rwm', 'c 1:5 rwm', 'c 1:7 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 5:0 rwm', 'c 5:2 rwm', 'c 136:* rwm'] as const;

/** The v1 devices controller: deny everything, then allow the list. Without a devices
 *  hierarchy this does nothing: the stage's cgroup2 device program and nodev mounts
 *  are then what hold (native/stage/devices.c). */
export function restrictV1Devices(layout: CgroupLayout, ref: CgroupRef): void {
  const dir = v1Dirs(layout, ref).get('devices');
  if (dir === undefined) return;
  writeCgroupFile(dir, 'devices.deny', 'a');
  for (const line of DEVICE_ALLOW) writeCgroupFile(dir, 'devices.allow', line);
}

const v1Value = (n: number): string => (n === Infinity ? '-1' : String(n));

export function v1Dirs(layout: CgroupLayout, ref: CgroupRef): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ctrl, path] of Object.entries(ref.v1)) {
    const dir = resolveGroupDir(layout.v1[ctrl], path);
    if (dir !== undefined) out.set(ctrl, dir);
  }
  return out;
}

export function createV1Group(layout: CgroupLayout, path: string): CgroupRef {
  const ref: CgroupRef = { v1: {} };
  const made = new Set<string>();
  for (const ctrl of V1_CONTROLLERS) {
    const mount = layout.v1[ctrl];
    if (mount === undefined) continue;
    const dir = join(mount, path);
    // cpu and cpuacct are often co-mounted: one directory for both
    if (!made.has(dir)) makeGroupDir(dir);
    made.add(dir);
    ref.v1[ctrl] = path;
  }
  return ref;
}

function need(dirs: Map<string, string>, ctrl: string): string {
  const dir = dirs.get(ctrl);
  if (dir === undefined) throw new Error(`no ${ctrl} cgroup for this container on this host`);
  return dir;
}

/** memory and memsw (= memory + swap) must stay memsw >= memory at every step, so the
 *  order of the two writes depends on the direction. */
function setV1Memory(dir: string, memory: number | undefined, swap: number | undefined): void {
  const read = (f: string): number => parseV1Limit(readFileSync(join(dir, f), 'utf8'), join(dir, f));
  const hasMemsw = existsSync(join(dir, 'memory.memsw.limit_in_bytes'));
  if (swap !== undefined && !hasMemsw) throw new Error('swap limits need swap accounting (boot with swapaccount=1)');
  const oldMem = read('memory.limit_in_bytes');
  const newMem = memory ?? oldMem;
  if (swap !== undefined && swap !== Infinity && newMem === Infinity) throw new Error('a swap limit on cgroup v1 needs a memory limit (memsw = memory + swap)');
  if (!hasMemsw) return writeCgroupFile(dir, 'memory.limit_in_bytes', v1Value(newMem));
  const oldMemsw = read('memory.memsw.limit_in_bytes');
  // swap not given: keep the swap allowance the group had (none = unlimited)
  const keptSwap = swapFromMemsw(oldMemsw, oldMem);
  // v2 keeps memory.swap.max when memory.max goes to max; v1 cannot (memsw = memory +
  // swap is unlimited once memory is), so say so rather than drop the swap limit silently
  if (swap === undefined && newMem === Infinity && keptSwap !== Infinity) {
    throw new Error(`cgroup v1 cannot keep the swap limit (${keptSwap} bytes) with no memory limit (memsw = memory + swap): add --swap max`);
  }
  const newMemsw = memswFromSwap(swap ?? keptSwap, newMem);
  if (newMemsw >= oldMemsw) {
    writeCgroupFile(dir, 'memory.memsw.limit_in_bytes', v1Value(newMemsw));
    writeCgroupFile(dir, 'memory.limit_in_bytes', v1Value(newMem));
  } else {
    writeCgroupFile(dir, 'memory.limit_in_bytes', v1Value(newMem));
    writeCgroupFile(dir, 'memory.memsw.limit_in_bytes', v1Value(newMemsw));
  }
}

export function setV1Limits(layout: CgroupLayout, ref: CgroupRef, c: LimitChange): void {
  const dirs = v1Dirs(layout, ref);
  if (c.memory !== undefined || c.swap !== undefined) setV1Memory(need(dirs, 'memory'), c.memory, c.swap);
  if (c.pids !== undefined) writeCgroupFile(need(dirs, 'pids'), 'pids.max', c.pids === Infinity ? 'max' : String(c.pids));
  if (c.cpus !== undefined) {
    const cpu = need(dirs, 'cpu');
    writeCgroupFile(cpu, 'cpu.cfs_period_us', '100000');
    writeCgroupFile(cpu, 'cpu.cfs_quota_us', String(quotaFromCpus(c.cpus)));
  }
  if (c.cpuWeight !== undefined) writeCgroupFile(need(dirs, 'cpu'), 'cpu.shares', String(sharesFromWeight(c.cpuWeight)));
}

export async function setV1Frozen(layout: CgroupLayout, ref: CgroupRef, frozen: boolean): Promise<void> {
  const dir = need(v1Dirs(layout, ref), 'freezer');
  const want = frozen ? 'FROZEN' : 'THAWED';
  writeCgroupFile(dir, 'freezer.state', want);
  await waitFor(`freezer.state ${want}`, () => readFileSync(join(dir, 'freezer.state'), 'utf8').trim() === want);
}

/** Each directory once (cpu and cpuacct may share one). */
export const v1UniqueDirs = (layout: CgroupLayout, ref: CgroupRef): string[] => [...new Set(v1Dirs(layout, ref).values())];

export const v1Procs = (layout: CgroupLayout, ref: CgroupRef): number[] => readProcs(v1UniqueDirs(layout, ref));
