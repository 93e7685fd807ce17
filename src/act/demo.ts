// `nstop demo munch|forkbomb`: the demo rootfs (demo/build-rootfs.mjs, built once and
// kept in demo/build/rootfs) and a container with a safe limit set before the demo runs:
// munch gets 64M and no swap (so hosts with swap still OOM-kill it), the bomb pids 64;
// both half a CPU, so a demo never takes the host's cores from the person watching it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActError } from './errors.js';
import { type RunSpec } from './spec.js';
import { DEFAULT_NS } from '../host/vocabulary.js';

export const DEMOS = ['munch', 'forkbomb'] as const;
export type DemoKind = (typeof DEMOS)[number];

const BUILDER = fileURLToPath(new URL('../../../demo/build-rootfs.mjs', import.meta.url));
const ROOTFS = fileURLToPath(new URL('../../../demo/build/rootfs', import.meta.url));

export function demoKind(text: string | undefined): DemoKind {
  if (!DEMOS.includes(text as DemoKind)) throw new ActError(`usage: nstop demo ${DEMOS.join('|')} [--name NAME]`, 'usage');
  return text as DemoKind;
}

export function demoRootfs(): string {
  if (existsSync(`${ROOTFS}/demo/munch`) && existsSync(`${ROOTFS}/bin/busybox`)) return ROOTFS;
  try {
    execFileSync(process.execPath, [BUILDER, ROOTFS], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const why = String((err as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0] || (err as Error).message;
    throw new ActError(`cannot build the demo rootfs: ${why}`);
  }
  return ROOTFS;
}

export function demoSpec(kind: DemoKind, name: string, rootfs: string): RunSpec {
  const base = { name, ns: [...DEFAULT_NS], privateProc: true, hostname: name, rootfs, env: [], detached: true };
  return kind === 'munch'
    ? { ...base, command: ['munch', '8', '200'], limits: { memory: 64 * 2 ** 20, swap: 0, pids: 64, cpus: 0.5 } }
    : // memory too, as a second wall: not tighter. 50,000 refused forks a second churn
      // kernel memory charged to the group; under 256M the kernel's OOM killer took the
      // bomb after ~4 s (dmesg "usage 262144kB, limit 262144kB", an order-1 GFP_KERNEL
      // fork), which is not the pids.max story. Under 1G it peaked at 74M and was held.
      { ...base, command: ['forkbomb', '--limited'], limits: { pids: 64, memory: 2 ** 30, cpus: 0.5 } };
}

export const demoName = (kind: DemoKind): string => `${kind}-${Math.random().toString(36).slice(2, 6)}`;
