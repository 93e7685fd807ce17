// The acting subcommands: their flags, and which function each one runs.
import { UsageError } from './commands.js';
import { createActContext, type ActContext } from '../act/context.js';
import { stateDirFrom } from '../act/state.js';
import { createSampler } from '../sampler/sampler.js';
import { execCommand, freezeCommand, killCommand, logsCommand, reapCommand, rmCommand, setCommand } from './act-commands.js';
import { demoCommand, requireRoot, runCommand } from './run-command.js';
import { commitCommand, imageCommand } from './image-commands.js';
import { imageStoreFrom } from '../image/store.js';
import type { RuntimeRoots } from '../host/runtimes/record.js';

export const ACT_COMMANDS = new Set(['run', 'exec', 'set', 'kill', 'freeze', 'thaw', 'rm', 'logs', 'demo', 'image', 'commit', '__reap']);
export const ACT_FLAGS = ['name', 'ns', 'net', 'subnet', 'hostname', 'rootfs', 'image', 'keep', 'copy', 'imageStore', 'maxFiles', 'memory', 'swap', 'pids', 'cpus', 'cpuWeight', 'detach', 'd', 'env', 'e', 'workdir', 'w', 'user', 'u', 'capAdd', 'capDrop', 'privileged', 'signal', 's', 'follow', 'f', 'force', 'stateDir'];

export type ActFlags = {
  name?: string | undefined;
  ns?: string | undefined;
  net?: string | undefined;
  subnet?: string | undefined;
  hostname?: string | undefined;
  rootfs?: string | undefined;
  image?: string | undefined;
  keep: boolean;
  copy: boolean;
  imageStore?: string | undefined;
  maxFiles?: string | undefined;
  memory?: string | undefined;
  swap?: string | undefined;
  pids?: string | undefined;
  cpus?: string | undefined;
  cpuWeight?: string | undefined;
  detach: boolean;
  env: string[];
  workdir?: string | undefined;
  user?: string | undefined;
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  signal?: string | undefined;
  follow: boolean;
  force: boolean;
  stateDir?: string | undefined;
};

type Base = { procRoot: string; cgroupRoot: string; passwdPath: string; runtimeRoots?: RuntimeRoots };

/** Drop undefined values so optional fields stay absent (exactOptionalPropertyTypes-safe). */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function contextFrom(f: { stateDir?: string | undefined; imageStore?: string | undefined }, base: Base): ActContext {
  return createActContext({ stateDir: stateDirFrom(f.stateDir), cgroupRoot: base.cgroupRoot, procRoot: base.procRoot, imageStore: imageStoreFrom(f.imageStore) });
}

export async function actCommand(command: string, args: string[], after: string[] | undefined, f: ActFlags & { json: boolean }, base: Base): Promise<number> {
  const ctx = contextFrom(f, base);
  const snap = () => createSampler({ ...base, intervalMs: 1000, watchEvents: false }).sample();
  const limits = defined({ memory: f.memory, swap: f.swap, pids: f.pids, cpus: f.cpus, cpuWeight: f.cpuWeight });
  const one = (usage: string): string => {
    if (args.length !== 1) throw new UsageError(`usage: nstop ${usage}`);
    return args[0]!;
  };
  switch (command) {
    case 'run':
      return runCommand(ctx, defined({ ...limits, name: f.name, ns: f.ns, net: f.net, subnet: f.subnet, hostname: f.hostname, rootfs: f.rootfs, image: f.image, keep: f.keep, copy: f.copy, env: f.env, workdir: f.workdir, user: f.user, capAdd: f.capAdd, capDrop: f.capDrop, privileged: f.privileged, detach: f.detach }), [...args, ...(after ?? [])]);
    case 'exec':
      return execCommand(ctx, one('exec NAME|PID [-- CMD...]'), after ?? [], defined({ env: f.env, workdir: f.workdir, user: f.user }), snap);
    case 'set':
      return setCommand(ctx, one('set NAME --memory 128M (--swap, --pids, --cpus, --cpu-weight)'), limits, snap);
    case 'kill':
      return killCommand(ctx, one('kill NAME|PID [-s SIGNAL]'), f.signal, snap);
    case 'freeze':
    case 'thaw':
      return freezeCommand(ctx, one(`${command} NAME`), command === 'freeze', snap);
    case 'rm':
      return rmCommand(ctx, args, f.force);
    case 'demo':
      return demoCommand(ctx, args[0], f.name);
    case 'image':
      if (args[0] !== 'ls') requireRoot(`nstop image ${args[0] ?? ''}`.trim());
      return imageCommand(ctx, args, f.json, f.maxFiles);
    case 'commit':
      requireRoot('nstop commit');
      return commitCommand(ctx, args);
    case 'logs':
      return logsCommand(ctx, one('logs NAME [-f]'), f.follow);
    default:
      return reapCommand(ctx, args[0]);
  }
}
