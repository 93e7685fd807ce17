// V8's --heap-growing-percent=30 (cli.ts's node flags) holds the dashboard's resident
// set near 120 MB at 10,000 processes. At the start, though, the heap grows from a few MB
// to ~40 MB within a second, and a 30 % step between full collections makes V8 mark the
// whole heap again at each step (on this 2-core VM ~160 ms of the first frame at 10,000
// processes). So the dashboard starts with V8's own growth factor (a flag value of 0)
// and sets the one given once its first frame is drawn; the next full collection sizes
// the heap by it again.
import { setFlagsFromString } from 'node:v8';

/** Lifts the given growth limit; the function returned puts it back. */
export function startupHeapGrowth(): () => void {
  const given = process.execArgv.find((a) => a.startsWith('--heap-growing-percent='));
  if (given === undefined) return () => undefined;
  setFlagsFromString('--heap-growing-percent=0');
  let restored = false;
  return () => {
    if (!restored) setFlagsFromString(given);
    restored = true;
  };
}
