// nstop run: claim the name, make the cgroups and set the limits, prepare the network,
// write the state, start the stage. Anything that fails undoes what was made before it
// (no half-made container: cgroups, layers, address lease, veth, bridge).
import { closeSync, constants, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { CgroupRef } from '../host/cgroup/types.js';
import { groupPath, parentRef, reaperArgv, type ActContext } from './context.js';
import { ActError } from './errors.js';
import { chooseIdMap } from './idmap.js';
import { startTimeOf } from './liveness.js';
import { spawnStage } from './spawn-stage.js';
import type { RunSpec } from './spec.js';
import { DEFAULT_CONFINEMENT } from './caps.js';
import { stageRunArgs } from './stage-args.js';
import type { ContainerState } from './state.js';
import { prepareFs, removeFs, type ContainerFs } from '../image/container-fs.js';
import { ImageError } from '../image/errors.js';
import { checkNet, prepareNet, releaseNet, type PreparedNet } from './net/container-net.js';
import { netModeOf } from './net/mode.js';

/** How the command's stdio is wired: a log file (detached), a pty slave (foreground in a
 *  terminal), or nstop's own stdio (foreground from a script: exit code and output). */
export type LaunchIo = { kind: 'log' } | { kind: 'pty'; slavePath: string } | { kind: 'inherit' };

export type Launched = { state: ContainerState; child: ChildProcess; notes: string[] };

/** rmdir the group, then its parent if that became empty (EBUSY/ENOTEMPTY: others left). */
export function removeGroup(ctx: ActContext, ref: CgroupRef): void {
  ctx.driver.remove(ref);
  try {
    ctx.driver.remove(parentRef(ref));
  } catch {
    // other containers still there
  }
}

export async function launch(spec: RunSpec, ctx: ActContext, io: LaunchIo): Promise<Launched> {
  const notes: string[] = [];
  const idMap = spec.ns.includes('user') ? chooseIdMap() : undefined;
  if (idMap) notes.push(idMap.note);
  checkNet(ctx, netModeOf(spec));
  ctx.store.claim(spec.name);
  const id = randomBytes(6).toString('hex');
  let ref: CgroupRef | undefined;
  let fs: ContainerFs | undefined;
  let net: PreparedNet | undefined;
  const undo = async () => {
    if (ref) removeGroup(ctx, ref);
    if (fs) removeFs(fs);
    if (net) await releaseNet(ctx, spec.name, net.state);
    ctx.store.remove(spec.name);
  };
  try {
    try {
      ref = ctx.driver.create(groupPath(ctx, spec.name));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new ActError(code === 'EEXIST' ? `a cgroup ${groupPath(ctx, spec.name)} already exists (a container of another nstop state dir?)` : `cannot create the cgroup: ${(err as Error).message}`);
    }
    try {
      ctx.driver.setLimits(ref, spec.limits);
    } catch (err) {
      throw new ActError(`cannot set the limits: ${(err as Error).message}`);
    }
    if (!(spec.confine ?? DEFAULT_CONFINEMENT).privileged) {
      try {
        ctx.driver.restrictDevices(ref);
      } catch (err) {
        throw new ActError(`cannot restrict the devices: ${(err as Error).message}`);
      }
    }
    if (spec.image) {
      try {
        fs = prepareFs(ctx.store.dirOf(spec.name), spec.image.name, spec.image.layers, { keep: spec.keep === true, copy: spec.copy === true });
      } catch (err) {
        throw err instanceof ImageError ? new ActError(err.message) : err;
      }
      spec = { ...spec, rootfs: fs.rootfs };
    }
    net = await prepareNet(ctx, spec.name, id, netModeOf(spec));
    const state: ContainerState = {
      name: spec.name,
      id,
      status: 'created',
      createdAt: Date.now(),
      command: spec.command,
      ns: spec.ns,
      net: net.state,
      ...(spec.hostname !== undefined ? { hostname: spec.hostname } : {}),
      ...(spec.rootfs !== undefined ? { rootfs: spec.rootfs } : {}),
      ...(spec.image ? { image: spec.image.name } : {}),
      ...(fs ? { fs } : {}),
      ...(spec.workdir !== undefined ? { workdir: spec.workdir } : {}),
      limits: spec.limits,
      env: spec.env,
      detached: io.kind === 'log',
      confine: spec.confine ?? DEFAULT_CONFINEMENT,
      cgroup: ref,
    };
    ctx.store.write(state);
    const call = stageRunArgs({
      spec,
      procsFiles: ctx.driver.procsFiles(ref),
      exitFile: ctx.store.exitPath(spec.name),
      ...(idMap ? { idMap } : {}),
      tty: io.kind === 'pty',
      foreground: io.kind !== 'log',
      ...(io.kind === 'log' ? { reaper: reaperArgv(ctx, spec.name) } : {}),
      net: net.stageArgs,
    });
    const fd = io.kind === 'log' ? openSync(ctx.store.logPath(spec.name), 'a') : io.kind === 'pty' ? openSync(io.slavePath, constants.O_RDWR | constants.O_NOCTTY) : undefined;
    let started;
    try {
      const wiring = { ...(net.netnsFd !== undefined ? { fd4: net.netnsFd } : {}), ...(net.onNetns ? { onNetns: net.onNetns } : {}) };
      started = await spawnStage(call, fd === undefined ? { fds: ['inherit', 'inherit', 'inherit'], detached: false, ...wiring } : { fds: [io.kind === 'log' ? 'ignore' : fd, fd, fd], detached: io.kind === 'log', ...wiring });
    } finally {
      if (fd !== undefined) closeSync(fd);
      if (net.netnsFd !== undefined) closeSync(net.netnsFd);
    }
    const startTime = startTimeOf(started.pid, ctx.procRoot);
    const shimStartTime = started.child.pid === undefined ? undefined : startTimeOf(started.child.pid, ctx.procRoot);
    Object.assign(state, {
      status: 'running',
      pid: started.pid,
      ...(startTime !== undefined ? { startTime } : {}),
      ...(started.child.pid !== undefined ? { shimPid: started.child.pid } : {}),
      ...(shimStartTime !== undefined ? { shimStartTime } : {}),
    });
    ctx.store.write(state);
    return { state, child: started.child, notes };
  } catch (err) {
    await undo();
    throw err;
  }
}
