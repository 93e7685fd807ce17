// nstop run: options -> RunSpec -> launch; foreground runs relay a pty (or use our
// stdio when we have no terminal) and exit with the command's code.
import os from 'node:os';
import { resolve } from 'node:path';
import { openPty } from '../../native/pty.js';
import type { ActContext } from '../act/context.js';
import { ActError } from '../act/errors.js';
import { launch, type LaunchIo } from '../act/launch.js';
import { parseLimits, type LimitFlags } from '../act/limits.js';
import { reap } from '../act/reap.js';
import { relay } from '../act/relay.js';
import { childExit } from '../act/control.js';
import { demoKind, demoName, demoRootfs, demoSpec } from '../act/demo.js';
import { resolveRoot, type ImageRef } from '../act/image-root.js';
import { importProgress } from './image-commands.js';
import { checkCommandInRootfs, checkEnv, checkHostname, checkName, checkRootfs, parseNamespaces, parseUser, randomName, type RunSpec } from '../act/spec.js';
import { applyNetMode, parseNetMode } from '../act/net/mode.js';
import { CAP_NAMES, resolveCaps, type Confinement } from '../act/caps.js';

export type RunFlags = LimitFlags & {
  name?: string;
  ns?: string;
  /** none | bridge | host | container:NAME */
  net?: string;
  subnet?: string;
  hostname?: string;
  rootfs?: string;
  image?: string;
  keep?: boolean;
  copy?: boolean;
  env: string[];
  workdir?: string;
  user?: string;
  /** NAME|all, repeatable or comma lists (Docker's rules: caps.ts resolveCaps) */
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  detach: boolean;
};

/** `image`: what resolveRoot made of --image / --rootfs FILE.tar (then f.rootfs is unused). */
export function runSpecFrom(f: RunFlags, command: string[], image?: ImageRef): { spec: RunSpec; notes: string[] } {
  if (command.length === 0) throw new ActError('no command: nstop run [options] -- CMD [ARGS...]');
  const name = checkName(f.name ?? randomName());
  const rootfs = image || f.rootfs === undefined ? undefined : checkRootfs(resolve(f.rootfs));
  if (rootfs !== undefined) checkCommandInRootfs(rootfs, command[0]!);
  if (image) checkCommandInRootfs(image.layers, command[0]!, `image ${image.name}`);
  if (!image && (f.keep || f.copy)) throw new ActError(`--${f.keep ? 'keep' : 'copy'} is for containers from an image (--image NAME or --rootfs FILE.tar)`);
  const confine = confinementFrom(f);
  const parsed = parseNamespaces(f.ns, { hostname: f.hostname !== undefined, rootfs: rootfs !== undefined || image !== undefined, confined: !confine.privileged });
  const { net, ns, notes: netNotes } = applyNetMode(parseNetMode(f.net, f.subnet), parsed.ns, f.ns !== undefined);
  const notes = [...parsed.notes, ...netNotes];
  if (f.workdir !== undefined && !f.workdir.startsWith('/')) throw new ActError(`--workdir "${f.workdir}": an absolute path inside the container`);
  const spec: RunSpec = {
    name,
    command,
    ns,
    net,
    privateProc: ns.includes('pid') && ns.includes('mnt'),
    ...(f.hostname !== undefined ? { hostname: checkHostname(f.hostname) } : {}),
    ...(rootfs !== undefined ? { rootfs } : {}),
    ...(image ? { image, keep: f.keep === true, copy: f.copy === true } : {}),
    limits: parseLimits(f, os.totalmem()),
    env: checkEnv(f.env),
    ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
    ...(f.user !== undefined ? { user: parseUser(f.user) } : {}),
    detached: f.detach,
    confine,
  };
  return { spec, notes };
}

/** --privileged alone turns everything off; with --cap-add/--cap-drop it is ambiguous. */
export function confinementFrom(f: Pick<RunFlags, 'capAdd' | 'capDrop' | 'privileged'>): Confinement {
  const add = f.capAdd ?? [];
  const drop = f.capDrop ?? [];
  const caps = resolveCaps(add, drop); // a bad name is refused even with --privileged
  if (f.privileged && add.length + drop.length > 0) throw new ActError('--privileged keeps every capability: leave out --cap-add/--cap-drop, or drop --privileged');
  return f.privileged ? { privileged: true, caps: [...CAP_NAMES] } : { privileged: false, caps };
}

export function requireRoot(what: string): void {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) throw new ActError(`${what} needs root (you are uid ${uid}): run it with sudo`);
}

const say = (line: string) => process.stderr.write(`nstop: ${line}\n`);

export async function runCommand(ctx: ActContext, f: RunFlags, command: string[]): Promise<number> {
  runSpecFrom({ ...f, rootfs: undefined, keep: false, copy: false }, command); // bad input first, before any import
  requireRoot('nstop run');
  const root = await resolveRoot(ctx.images, { image: f.image, rootfs: f.rootfs }, { onProgress: importProgress() });
  const { spec, notes } = runSpecFrom({ ...f, rootfs: root.rootfs }, command, root.image);
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const pty = !spec.detached && terminal ? openPty() : undefined;
  const io: LaunchIo = spec.detached ? { kind: 'log' } : pty ? { kind: 'pty', slavePath: pty.slavePath } : { kind: 'inherit' };
  const launched = await launch(spec, ctx, io);
  for (const n of [...notes, ...launched.notes]) say(`note: ${n}`);
  if (spec.confine?.privileged) say('warning: --privileged: every capability, no seccomp filter, no no_new_privs, /proc and /sys unmasked, every device reachable: this container is root on the host');
  if (pty) say('attached: Ctrl-] ends the container');
  if (spec.detached) {
    launched.child.unref();
    process.stdout.write(`${spec.name}\n`);
    return 0;
  }
  const code = pty ? await relay(launched.child, pty.master) : await childExit(launched.child);
  const done = await reap(ctx, spec.name);
  if (done?.exitCode !== undefined && done.exitCode !== null) return done.exitCode;
  if (done?.signal) return 128 + done.signal;
  return code;
}

/** nstop demo munch|forkbomb: detached, limits first; prints the name. */
export async function demoCommand(ctx: ActContext, kindText: string | undefined, name: string | undefined): Promise<number> {
  const kind = demoKind(kindText);
  const spec = demoSpec(kind, checkName(name ?? demoName(kind)), '');
  requireRoot('nstop demo');
  const launched = await launch({ ...spec, rootfs: demoRootfs() }, ctx, { kind: 'log' });
  launched.child.unref();
  process.stdout.write(`${spec.name}\n`);
  return 0;
}
