// Start the stage, hand it the command's environment on fd 3 (envMessage), and learn
// whether the command started: it writes "running PID" or
// "error TEXT" on fd 3, then closes it (see native/stage/common.c release_child). With
// --net-wait it first writes "netns PID" and waits: we wire the network and answer "go"
// (or "no": it ends the child and we report why).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { stagePath } from '../../native/stage.js';
import { ActError, stageError } from './errors.js';
import { envMessage, type StageCall } from './stage-args.js';

export type Started = { child: ChildProcess; pid: number };

export type StageStdio = {
  fds: [number | 'ignore' | 'inherit', number | 'inherit', number | 'inherit'];
  detached: boolean;
  /** handed to the stage as fd 4 (--net container:NAME: that namespace) */
  fd4?: number;
  /** answers the stage's "netns PID" */
  onNetns?: (pid: number) => Promise<void>;
};

export async function spawnStage(call: StageCall, io: StageStdio): Promise<Started> {
  // checked before anything starts: a refusal leaves nothing behind
  const env = envMessage(call.env);
  const stdio: StdioOptions = [...io.fds, 'pipe', ...(io.fd4 !== undefined ? [io.fd4] : [])];
  const child = spawn(stagePath(), call.args, { stdio, detached: io.detached });
  const sync = child.stdio[3] as Duplex;
  // the stage reads it before anything else; a stage that died first shows as an error
  // on the socket, and its exit explains why
  sync.write(env);
  let setup: Promise<void> | undefined;
  let setupError: unknown;
  const text = await new Promise<string>((resolve, reject) => {
    let buf = '';
    sync.setEncoding('utf8');
    sync.on('data', (d: string) => {
      buf += d;
      const asked = /^netns (\d+)\n/.exec(buf);
      if (!asked) return;
      buf = buf.slice(asked[0].length);
      const wire = io.onNetns ?? (() => Promise.reject(new ActError('the launch helper asked for a network nobody planned')));
      setup = wire(Number(asked[1])).then(
        () => void sync.write('go\n'),
        (err: unknown) => {
          setupError = err;
          sync.write('no\n');
        },
      );
    });
    sync.on('end', () => resolve(buf));
    // a stage that ended before reading its environment: its word (if any) and exit tell
    sync.on('close', () => resolve(buf));
    sync.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    child.once('error', reject);
  }).finally(async () => {
    // never report (and let the caller undo) while links are still being made
    await setup;
  });
  sync.destroy();
  const line = text.split('\n')[0] ?? '';
  const running = /^running (\d+)$/.exec(line);
  if (running && setupError === undefined) return { child, pid: Number(running[1]) };
  // the stage exits 127 after an error; wait so no zombie is left
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  if (setupError !== undefined) throw setupError instanceof ActError ? setupError : new ActError(`network setup failed: ${(setupError as Error).message}`);
  if (line.startsWith('error ')) throw stageError(line.slice(6));
  throw new ActError(`the launch helper ended without a word (exit ${child.exitCode ?? child.signalCode})`);
}
