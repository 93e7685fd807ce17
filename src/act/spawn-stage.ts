// Start the stage and learn whether the command started: it writes "running PID" or
// "error TEXT" on fd 3, then closes it (see native/stage/common.c release_child).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import { stagePath } from '../../native/stage.js';
import { ActError } from './errors.js';

export type Started = { child: ChildProcess; pid: number };

export type StageStdio = { fds: [number | 'ignore' | 'inherit', number | 'inherit', number | 'inherit']; detached: boolean };

export async function spawnStage(args: string[], io: StageStdio): Promise<Started> {
  const stdio: StdioOptions = [...io.fds, 'pipe'];
  const child = spawn(stagePath(), args, { stdio, detached: io.detached });
  const sync = child.stdio[3] as Readable;
  const text = await new Promise<string>((resolve, reject) => {
    let buf = '';
    sync.setEncoding('utf8');
    sync.on('data', (d: string) => (buf += d));
    sync.on('end', () => resolve(buf));
    sync.on('error', reject);
    child.once('error', reject);
  });
  sync.destroy();
  const line = text.split('\n')[0] ?? '';
  const running = /^running (\d+)$/.exec(line);
  if (running) return { child, pid: Number(running[1]) };
  // the stage exits 127 after an error; wait so no zombie is left
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  if (line.startsWith('error ')) throw new ActError(line.slice(6));
  throw new ActError(`the launch helper ended without a word (exit ${child.exitCode ?? child.signalCode})`);
}
