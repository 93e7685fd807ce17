// Test cgroups under a unique name, created in whatever layout the host has, removed
// (with only the processes the test started in them) even when the test fails.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../src/host/cgroup/detect.js';
import { timeScale } from './time-scale.js';

export type Sandbox = {
  name: string;
  /** directories created, deepest last; each gets the pid in procs(). */
  dirs: string[];
  limit(file: string, value: string): void;
  /** memory hard limit in bytes (memory.max on v2, memory.limit_in_bytes on v1). */
  limitMemory(bytes: number): void;
  limitPids(max: number): void;
  procsFiles: string[];
  pids(): number[];
  cleanup(): Promise<void>;
};

export function createSandbox(prefix = 'nstop-test', cgroupRoot = '/sys/fs/cgroup'): Sandbox {
  const layout = detectCgroupLayout(cgroupRoot);
  const name = `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const dirs: string[] = [];
  if (layout.mode === 'v2') {
    const root = layout.unified ?? cgroupRoot;
    const dir = join(root, name);
    mkdirSync(dir);
    dirs.push(dir);
    // limits live in the group itself; its parent (the root) must delegate them
    writeFileSync(join(root, 'cgroup.subtree_control'), '+memory +pids +cpu');
  } else {
    for (const ctrl of ['memory', 'pids', 'cpuacct', 'cpu']) {
      const mount = layout.v1[ctrl];
      if (!mount || dirs.includes(join(mount, name))) continue;
      mkdirSync(join(mount, name));
      dirs.push(join(mount, name));
    }
  }
  const fileDir = (file: string): string => {
    const ctrl = file.split('.')[0]!;
    const dir = layout.mode === 'v2' ? dirs[0] : dirs.find((d) => d.startsWith((layout.v1[ctrl] ?? '\0') + '/'));
    if (!dir) throw new Error(`no ${ctrl} hierarchy for ${file}`);
    return dir;
  };
  const procsFiles = dirs.map((d) => join(d, 'cgroup.procs'));
  const pids = (): number[] => {
    const all = new Set<number>();
    for (const f of procsFiles) {
      if (!existsSync(f)) continue;
      for (const l of readFileSync(f, 'utf8').split('\n')) if (l) all.add(Number(l));
    }
    return [...all];
  };
  return {
    name,
    dirs,
    procsFiles,
    limit: (file, value) => writeFileSync(join(fileDir(file), file), value),
    limitMemory: (bytes) => {
      const file = layout.mode === 'v2' ? 'memory.max' : 'memory.limit_in_bytes';
      writeFileSync(join(fileDir(file), file), String(bytes));
    },
    limitPids: (max) => writeFileSync(join(fileDir('pids.max'), 'pids.max'), String(max)),
    pids,
    async cleanup() {
      // Only processes in our own cgroups: the ones this test started.
      await emptyGroup(pids);
      for (const d of [...dirs].reverse()) {
        try {
          rmdirSync(d);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOENT') console.log(`# cleanup: rmdir ${d}: ${(err as Error).message}`);
        }
      }
    },
  };
}

/** SIGKILLs what `members()` lists until it lists nothing (or a scaled 5 s passes):
 *  called only on groups a test made, so only processes the test started are hit. */
export async function emptyGroup(members: () => number[]): Promise<void> {
  for (let i = 0; i < 50 * timeScale; i++) {
    const left = members();
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
