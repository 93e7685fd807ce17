// RunSpec -> the argv of native/build/nstop-stage (see native/stage/stage.h) and the
// environment it reads on fd 3 (values never go on a command line: any local user can
// read /proc/PID/cmdline). Pure, so a unit test can check what a launch asks for.
import { capMaskHex, DEFAULT_CONFINEMENT } from './caps.js';
import { ActError } from './errors.js';
import type { IdMap } from './idmap.js';
import type { RunSpec } from './spec.js';

/** What the stage is started with: its argv, and the entries nstop writes on its fd 3. */
export type StageCall = { args: string[]; env: string[] };

export type StageRunInput = {
  spec: RunSpec;
  procsFiles: string[];
  exitFile: string;
  idMap?: IdMap;
  tty: boolean;
  /** foreground: the container dies with this nstop */
  foreground: boolean;
  reaper?: string[];
  /** network: --net-wait (bridge) or --netns-fd N (container:NAME) */
  net?: string[];
};

const DEFAULT_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root'];

/** Base environment + TERM from ours + -e values (later ones win). */
export function containerEnv(extra: readonly string[], term = process.env['TERM']): string[] {
  const env = new Map<string, string>();
  for (const e of [...DEFAULT_ENV, ...(term ? [`TERM=${term}`] : []), ...extra]) env.set(e.slice(0, e.indexOf('=')), e);
  return [...env.values()];
}

// the stage's bounds (native/stage/stage.h MAX_ENV, MAX_ENV_BYTES)
const MAX_ENV = 256;
const MAX_ENV_BYTES = 65536;

/** The fd 3 message: each entry NUL-terminated, then an empty one. */
export function envMessage(env: readonly string[]): Buffer {
  for (const e of env) if (e.includes('\0')) throw new ActError(`environment entry "${e.slice(0, 40)}" holds a NUL byte`);
  const msg = Buffer.from(env.map((e) => `${e}\0`).join('') + '\0');
  if (env.length > MAX_ENV || msg.length > MAX_ENV_BYTES) throw new ActError(`the environment is too large: ${env.length} entries, ${msg.length} bytes (at most ${MAX_ENV} and ${MAX_ENV_BYTES})`);
  return msg;
}

export function stageRunArgs(i: StageRunInput): StageCall {
  const s = i.spec;
  const a = ['run'];
  const confine = s.confine ?? DEFAULT_CONFINEMENT;
  if (confine.privileged) a.push('--privileged');
  else a.push('--caps', capMaskHex(confine.caps));
  if (s.ns.length > 0) a.push('--ns', s.ns.join(','));
  if (s.privateProc) a.push('--proc');
  if (s.hostname !== undefined) a.push('--hostname', s.hostname);
  if (s.rootfs !== undefined) a.push('--rootfs', s.rootfs);
  if (s.workdir !== undefined) a.push('--workdir', s.workdir);
  if (s.user !== undefined) a.push('--user', `${s.user.uid}:${s.user.gid}`);
  if (s.ns.includes('user') && i.idMap) a.push('--uid-map', i.idMap.uidMap, '--gid-map', i.idMap.gidMap);
  for (const f of i.procsFiles) a.push('--cgroup-procs', f);
  a.push('--exit-file', i.exitFile);
  if (i.tty) a.push('--tty');
  if (i.foreground) a.push('--pdeathsig');
  for (const r of i.reaper ?? []) a.push('--reaper', r);
  a.push(...(i.net ?? []));
  a.push('--', ...s.command);
  return { args: a, env: containerEnv(s.env) };
}

export type StageEnterInput = {
  target: number;
  command: string[];
  procsFiles: string[];
  env: string[];
  workdir?: string;
  user?: { uid: number; gid: number };
  tty: boolean;
};

/** The stage copies the target's confinement (capabilities, no_new_privs, seccomp) itself. */
export function stageEnterArgs(i: StageEnterInput): StageCall {
  const a = ['enter', '--target', String(i.target), '--pdeathsig'];
  for (const f of i.procsFiles) a.push('--cgroup-procs', f);
  if (i.workdir !== undefined) a.push('--workdir', i.workdir);
  if (i.user !== undefined) a.push('--user', `${i.user.uid}:${i.user.gid}`);
  if (i.tty) a.push('--tty');
  a.push('--', ...i.command);
  return { args: a, env: [...i.env] };
}
