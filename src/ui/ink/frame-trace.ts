// Opt-in timing trace for the benchmark (test/bench): with NSTOP_FRAME_TRACE=/path set
// (setup.ts; it wraps stdin.read, which is how Ink 6.8.0 takes input, hence src/ui/ink),
// the dashboard appends one line per input read and per write to the terminal:
//   key <ms> <hex of the bytes>      when Ink reads input from stdin
//   frame <ms> <bytes written>       after each stdout write returns
//   mark <ms> <name> <cpu ms>        a start-up step done (traceMark): node's start
//                                    (start, at performance.timeOrigin), modules loaded,
//                                    the first sample taken; <cpu ms> the process's CPU
// <ms> is wall-clock milliseconds with microseconds (performance.timeOrigin + now()),
// comparable with the same clock in another process. Unset: nothing is patched.
import { openSync, writeSync } from 'node:fs';

let mark: ((name: string) => void) | undefined;
/** marks made before the trace is installed (the first look can end before the
 *  dashboard's modules have loaded), with their time and CPU then */
let early: string[] | undefined;

/** Notes a start-up step in the trace (nothing without one). */
export function traceMark(name: string): void {
  if (mark) mark(name);
  else if (process.env['NSTOP_FRAME_TRACE']) (early ??= []).push(markLine(name));
}

const now = (): string => (performance.timeOrigin + performance.now()).toFixed(3);
const markLine = (name: string): string => `mark ${now()} ${name} ${cpuMs()}\n`;

const cpuMs = (): string => {
  const u = process.cpuUsage();
  return ((u.user + u.system) / 1000).toFixed(1);
};

export function installFrameTrace(path = process.env['NSTOP_FRAME_TRACE']): void {
  if (!path) return;
  const fd = openSync(path, 'a');
  const log = (line: string): void => {
    try {
      writeSync(fd, line);
    } catch {
      // a trace that cannot be written never breaks the dashboard
    }
  };
  mark = (name) => log(markLine(name));
  log(`mark ${performance.timeOrigin.toFixed(3)} start 0\n`);
  for (const line of early ?? []) log(line);
  early = undefined;
  const stdin = process.stdin;
  const read = stdin.read.bind(stdin);
  stdin.read = ((size?: number) => {
    const chunk = read(size) as unknown;
    if (chunk !== null && chunk !== undefined) log(`key ${now()} ${Buffer.from(chunk as string).toString('hex')}\n`);
    return chunk;
  }) as typeof stdin.read;
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (...a: unknown[]) => boolean;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const ok = write(chunk, ...rest);
    log(`frame ${now()} ${typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length}\n`);
    return ok;
  }) as typeof stdout.write;
}
