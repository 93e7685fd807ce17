// nstop exec: the stage's "enter" mode joins every namespace of the target that differs
// from ours, the container's cgroups (exec'd processes count against its limits, as with
// runc exec; for any runtime's container), its root and working directory, and takes on
// the target's confinement (native/stage/caps.c confine_from_target).
import { readFileSync } from 'node:fs';
import { parseCgroupFile } from '../host/procfs/cgroup.js';
import type { ChildProcess } from 'node:child_process';
import { constants, closeSync, openSync } from 'node:fs';
import type { ActContext } from './context.js';
import { ActError } from './errors.js';
import { spawnStage } from './spawn-stage.js';
import { containerEnv, stageEnterArgs } from './stage-args.js';
import type { ContainerState } from './state.js';

export type ExecRequest = {
  pid: number;
  state?: ContainerState;
  command: string[];
  workdir?: string;
  user?: { uid: number; gid: number };
  env: string[];
};

/** The target's own environment (other runtimes) or the one nstop started it with. */
function baseEnv(ctx: ActContext, r: ExecRequest): string[] {
  if (r.state) return r.state.env;
  try {
    return readFileSync(`${ctx.procRoot}/${r.pid}/environ`, 'utf8').split('\0').filter((e) => e.includes('='));
  } catch {
    return [];
  }
}

/** nstop's own containers: the group in the state. Others: every hierarchy the target
 *  is in, from its /proc/PID/cgroup (v1 and v2). */
function procsFilesOf(ctx: ActContext, r: ExecRequest): string[] {
  if (r.state) return ctx.driver.procsFiles(r.state.cgroup);
  const path = `${ctx.procRoot}/${r.pid}/cgroup`;
  try {
    return ctx.driver.procsFiles(ctx.driver.refFromMembership(parseCgroupFile(readFileSync(path, 'utf8'), path)));
  } catch (err) {
    throw new ActError(`process ${r.pid}: cannot tell its cgroups from ${path}: ${(err as Error).message}`);
  }
}

export async function startExec(ctx: ActContext, r: ExecRequest, io: { kind: 'pty'; slavePath: string } | { kind: 'inherit' }): Promise<{ child: ChildProcess; pid: number }> {
  const call = stageEnterArgs({
    target: r.pid,
    command: r.command,
    procsFiles: procsFilesOf(ctx, r),
    env: containerEnv([...baseEnv(ctx, r), ...r.env]),
    ...(r.workdir !== undefined ? { workdir: r.workdir } : {}),
    ...(r.user !== undefined ? { user: r.user } : {}),
    tty: io.kind === 'pty',
  });
  const fd = io.kind === 'pty' ? openSync(io.slavePath, constants.O_RDWR | constants.O_NOCTTY) : undefined;
  try {
    return await spawnStage(call, fd === undefined ? { fds: ['inherit', 'inherit', 'inherit'], detached: false } : { fds: [fd, fd, fd], detached: false });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
