// Processes a test starts: a free port to give them, and a start that keeps the last
// 4 kB of stderr and prints it only if the process ends with an error, so a daemon's
// failure is in the test's output without its chatter.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Starts args[0] with stdin and stdout ignored and adds it to `started` (the test
 *  ends what is there, by pid). */
export function startLogged(args: readonly string[], started: ChildProcess[], opts: Pick<SpawnOptions, 'cwd' | 'env'> = {}): ChildProcess {
  const p = spawn(args[0]!, args.slice(1), { ...opts, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr!.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
  p.on('exit', (code) => {
    if (code !== null && code !== 0) console.log(`# ${args[0]} ended ${code}: ${err}`);
  });
  started.push(p);
  return p;
}
