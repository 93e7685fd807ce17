// Foreground containers: the user's terminal <-> the pty master. Raw mode on our side
// (the pty inside does the line editing and turns Ctrl-C into SIGINT for the container's
// foreground job); window size follows ours. Resolves when the stage exits.
import { writeSync, closeSync } from 'node:fs';
import tty from 'node:tty';
import type { ChildProcess } from 'node:child_process';
import { setWindowSize } from '../../native/pty.js';
import { exitCodeOf } from './control.js';

/** Ctrl-] */
export const ESCAPE = 0x1d;

export function relay(child: ChildProcess, master: number, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const size = () => {
    if (stdout.columns && stdout.rows) setWindowSize(master, stdout.columns, stdout.rows);
  };
  size();
  const fromMaster = new tty.ReadStream(master);
  fromMaster.on('data', (d: Buffer) => stdout.write(d));
  // EIO on the master once the last slave fd closed: the container is gone
  fromMaster.on('error', () => undefined);
  const toMaster = (d: Buffer) => {
    // Ctrl-] ends the container: a PID 1 without a SIGINT handler ignores Ctrl-C (as in
    // docker run without --init); killing the stage kills it (PDEATHSIG)
    if (d.includes(ESCAPE)) {
      child.kill('SIGKILL');
      return;
    }
    try {
      writeSync(master, d);
    } catch {
      // container gone mid-keystroke
    }
  };
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.on('data', toMaster);
  stdin.resume();
  stdout.on('resize', size);
  return new Promise((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      stdin.off('data', toMaster);
      stdin.pause();
      if (stdin.isTTY) stdin.setRawMode(wasRaw);
      stdout.off('resize', size);
      // let the last output through before closing the master
      setTimeout(() => {
        fromMaster.destroy();
        try {
          closeSync(master);
        } catch {
          // ReadStream closed it
        }
        resolve(exitCodeOf(code, signal));
      }, 30);
    };
    if (child.exitCode !== null || child.signalCode !== null) finish(child.exitCode, child.signalCode);
    else child.once('exit', finish);
  });
}
