// A fake cgroup driver that counts which read each group got (test/unit/group-stats*).
import assert from 'node:assert/strict';
import type { PsiKind } from '../../src/host/cgroup/psi.js';
import type { CgroupDriver, CgroupStats } from '../../src/host/cgroup/types.js';
/** Groups whose CPU time moves by 1 µs per read tick unless listed in `idle`. */
export function countingDriver() {
  const full: string[] = [];
  const hot: string[] = [];
  const usage: string[] = [];
  const psiReads: string[] = [];
  const idle = new Set<string>();
  const clock = new Map<string, number>();
  const cpu = (g: string): number => clock.get(g) ?? 0;
  const psi = new Map<string, number>();
  // io as set in `psi`, cpu always at zero (a kind with nothing to follow)
  const psiOf = (g: string): CgroupStats['psi'] => (psi.has(g) ? { io: { some: { avg10: psi.get(g)!, avg60: 0, avg300: 0, total: 1 } }, cpu: { some: { avg10: 0, avg60: 0, avg300: 0, total: 7 } } } : {});
  /** the kinds each PSI-only read asked for ('all' when none were named) */
  const psiKinds: string[] = [];
  const at = (g: string, current: number, max?: number): CgroupStats => ({
    memory: { current, ...(max ? { max } : {}) }, pids: {}, cpu: { usageUsec: cpu(g) }, memoryFormula: 't', psi: psiOf(g),
  });
  /** event file -> its text (a counter), and each read of one */
  const eventFiles = new Map<string, string>();
  const eventReads: string[] = [];
  const driver = {
    eventSources: (ref: { unified?: string }) => ({ notify: [], oomControl: [], poll: [`${ref.unified}/pids.events`] }),
    readFile: (path: string) => (eventReads.push(path), eventFiles.get(path) ?? 'max 0\n'),
    readStats: (ref: { unified?: string }) => (full.push(ref.unified!), at(ref.unified!, 1, 100)),
    readHot: (ref: { unified?: string }) => (hot.push(ref.unified!), at(ref.unified!, 2)),
    readUsage: (ref: { unified?: string }) => (usage.push(ref.unified!), cpu(ref.unified!)),
    readPsi: (ref: { unified?: string }, kinds?: readonly PsiKind[]) => {
      psiReads.push(ref.unified!);
      psiKinds.push(kinds?.join(',') ?? 'all');
      const all = psiOf(ref.unified!);
      return Object.fromEntries(Object.entries(all).filter(([k]) => kinds === undefined || kinds.includes(k as PsiKind)));
    },
  } as unknown as CgroupDriver;
  /** one tick of time: every group not idle runs a little */
  const run = (names: readonly string[]): void => names.forEach((g) => idle.has(g) || clock.set(g, cpu(g) + 1));
  const reset = (): void => void [full, hot, usage, psiReads, psiKinds, eventReads].forEach((l) => (l.length = 0));
  return { driver, full, hot, usage, psiReads, psiKinds, idle, psi, run, reset, eventFiles, eventReads };
}

export const groups = Array.from({ length: 10 }, (_, i) => ({ id: `g${i}`, name: `g${i}`, ref: { v1: {}, unified: `/g${i}` } }));
export const dirs = groups.map((g) => g.ref.unified);
export const fail = (): void => assert.fail('no read fails here');
export const count = (l: string[], g: string): number => l.filter((x) => x === g).length;

/** The counting driver with no usage file for any group (memory+pids groups only). */
export function uncountedDriver() {
  const d = countingDriver();
  const drv = d.driver as unknown as Record<'readUsage' | 'readStats' | 'readHot', (ref: { unified?: string }) => unknown>;
  drv.readUsage = (ref) => void d.usage.push(ref.unified!);
  for (const k of ['readStats', 'readHot'] as const) {
    const inner = drv[k];
    drv[k] = (ref) => ({ ...(inner(ref) as CgroupStats), cpu: {} });
  }
  return d;
}
