// RunSpec -> the argv of native/build/nstop-stage (see native/stage/stage.h). Pure, so a
// unit test can check what a launch asks the kernel for.
import type { IdMap } from './idmap.js';
import type { RunSpec } from './spec.js';

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

export function stageRunArgs(i: StageRunInput): string[] {
  const s = i.spec;
  const a = ['run'];
  if (s.ns.length > 0) a.push('--ns', s.ns.join(','));
  if (s.privateProc) a.push('--proc');
  if (s.hostname !== undefined) a.push('--hostname', s.hostname);
  if (s.rootfs !== undefined) a.push('--rootfs', s.rootfs);
  if (s.workdir !== undefined) a.push('--workdir', s.workdir);
  if (s.user !== undefined) a.push('--user', `${s.user.uid}:${s.user.gid}`);
  if (s.ns.includes('user') && i.idMap) a.push('--uid-map', i.idMap.uidMap, '--gid-map', i.idMap.gidMap);
  for (const f of i.procsFiles) a.push('--cgroup-procs', f);
  for (const e of containerEnv(s.env)) a.push('--env', e);
  a.push('--exit-file', i.exitFile);
  if (i.tty) a.push('--tty');
  if (i.foreground) a.push('--pdeathsig');
  for (const r of i.reaper ?? []) a.push('--reaper', r);
  a.push(...(i.net ?? []));
  a.push('--', ...s.command);
  return a;
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

export function stageEnterArgs(i: StageEnterInput): string[] {
  const a = ['enter', '--target', String(i.target), '--pdeathsig'];
  for (const f of i.procsFiles) a.push('--cgroup-procs', f);
  for (const e of i.env) a.push('--env', e);
  if (i.workdir !== undefined) a.push('--workdir', i.workdir);
  if (i.user !== undefined) a.push('--user', `${i.user.uid}:${i.user.gid}`);
  if (i.tty) a.push('--tty');
  a.push('--', ...i.command);
  return a;
}
