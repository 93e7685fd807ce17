// Container state on disk: <dir>/<name>/state.json (written atomically: temp + rename),
// exit.json (written by the stage when the command ends), log (detached output). The
// directory claim (mkdir) is what makes a name unique. /run is not always a tmpfs, so a
// state can outlive a reboot: liveness is checked by pid + start time, never pid alone.
// The state dir is 0700 (host/private-dir.ts): it holds the containers' upper dirs and
// overlay mounts, whose files (setuid ones too) are for the containers alone.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CgroupRef, LimitChange } from '../host/cgroup/types.js';
import { errorCode } from '../host/errors.js';
import { privateDir } from '../host/private-dir.js';
import { ActError } from './errors.js';
import type { NetState, NsKind, StateStatus } from '../host/vocabulary.js';
import type { Confinement } from './caps.js';
import type { ContainerFs } from '../image/container-fs.js';

export type FinalCounters = { oomKill?: number; oom?: number; memoryMaxHits?: number; pidsMaxHits?: number; memoryPeak?: number; memoryMax?: number; cpuUsageUsec?: number };

export type ContainerState = {
  name: string;
  id: string;
  status: StateStatus;
  createdAt: number;
  command: string[];
  ns: NsKind[];
  /** its network (mode, and for a bridge: address, veth, bridge); absent in states
   *  written before networks existed (then `net` in ns says none or host) */
  net?: NetState;
  hostname?: string;
  rootfs?: string;
  /** the image it runs on, and its own layer / mount (src/image/container-fs.ts) */
  image?: string;
  fs?: ContainerFs;
  limits: LimitChange;
  env: string[];
  workdir?: string;
  detached: boolean;
  /** what it was launched with; absent in states written before confinement existed
   *  (those containers ran unconfined) */
  confine?: Confinement;
  cgroup: CgroupRef;
  /** host pid of the command (PID 1 inside) and its start time (clock ticks since boot) */
  pid?: number;
  startTime?: number;
  /** the stage process waiting for it */
  shimPid?: number;
  shimStartTime?: number;
  exitCode?: number | null;
  signal?: number | null;
  finishedAt?: number;
  final?: FinalCounters;
};

export type ExitRecord = { exitCode: number; signal: number; finishedAt: number };

export const DEFAULT_STATE_DIR = '/run/nstop';

export function stateDirFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // absolute at once: the stage and later reapers run from other working directories,
  // and a relative path read there names another place (an overlay left mounted)
  return resolve(flag ?? env['NSTOP_STATE_DIR'] ?? DEFAULT_STATE_DIR);
}

// JSON has no Infinity: limits store "max". Only the limits are decoded: a name, a
// hostname or a command word may well be the text "max".
const encode = (_k: string, v: unknown): unknown => (v === Infinity ? 'max' : v);
function decodeLimits(limits: Record<string, unknown>): LimitChange {
  return Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, v === 'max' ? Infinity : v])) as LimitChange;
}

export class StateStore {
  constructor(readonly dir: string) {}

  dirOf(name: string): string {
    // a name is one directory of the state dir: "../x" from a command line must never
    // reach out of it (rm would delete it). Launch checks names fully (spec.ts checkName).
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) throw new ActError(`bad name "${name.slice(0, 40)}"`);
    return join(this.dir, name);
  }
  logPath(name: string): string {
    return join(this.dir, name, 'log');
  }
  exitPath(name: string): string {
    return join(this.dir, name, 'exit.json');
  }

  /** mkdir <dir>/<name>: fails when the name is taken. */
  claim(name: string): void {
    privateDir(this.dir, (why) => new ActError(`state dir ${this.dir}: ${why} (--state-dir or NSTOP_STATE_DIR)`));
    try {
      mkdirSync(this.dirOf(name), { mode: 0o700 });
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
      const st = this.read(name);
      const hint = st?.status === 'stopped' ? ` (stopped: nstop rm ${name})` : '';
      throw new ActError(`name "${name}" is in use${hint}`);
    }
  }

  write(state: ContainerState): void {
    const file = join(this.dirOf(state.name), 'state.json');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, encode, 2) + '\n');
    renameSync(tmp, file);
  }

  read(name: string): ContainerState | undefined {
    try {
      const st = JSON.parse(readFileSync(join(this.dirOf(name), 'state.json'), 'utf8')) as ContainerState;
      return { ...st, limits: decodeLimits((st.limits ?? {}) as Record<string, unknown>) };
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR' || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  readExit(name: string): ExitRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.exitPath(name), 'utf8')) as ExitRecord;
    } catch {
      return undefined;
    }
  }

  names(): string[] {
    try {
      return readdirSync(this.dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw err;
    }
  }

  list(): ContainerState[] {
    return this.names().flatMap((n) => this.read(n) ?? []);
  }

  remove(name: string): void {
    rmSync(this.dirOf(name), { recursive: true, force: true });
  }
}
