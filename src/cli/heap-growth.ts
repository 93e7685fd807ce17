// V8's --heap-growing-percent=30 (cli.ts's node flags) holds the dashboard's resident
// set near 120 MB at 10,000 processes. At the start, though, the heap grows from a few MB
// to ~40 MB within a second, and a 30 % step between full collections makes V8 mark the
// whole heap again at each step (on this 2-core VM ~80-160 ms of the first frame at
// 10,000 processes). So the dashboard starts with V8's own growth factor (a flag value
// of 0) and sets the one given once its first frame is drawn. V8 sizes the heap anew
// only at a full collection, and the limit the start left (up to 4x the live heap) let
// the resident set grow past 200 MB before one came: so one full collection is made
// then (node has no API for it; the gc function of a context made after --expose-gc is
// set), ~20-40 ms once.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Lifts the given growth limit; the function returned puts it back. */
export function startupHeapGrowth(): () => void {
  const given = process.execArgv.find((a) => a.startsWith('--heap-growing-percent='));
  if (given === undefined) return () => undefined;
  setFlagsFromString('--heap-growing-percent=0');
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    setFlagsFromString(given);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') gc();
  };
}
