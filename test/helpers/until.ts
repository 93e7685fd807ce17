// Waiting on a condition, never on the clock: `probe` is asked every `pollMs` until it
// gives a value; the deadline (scaled by NSTOP_TEST_TIME_SCALE) only bounds how long a
// condition that never comes may hold the test, and names what was awaited.
import { scaled } from './time-scale.js';

export async function until<T>(what: string, ms: number, probe: () => T | undefined, pollMs = 200): Promise<T> {
  const deadline = Date.now() + scaled(ms);
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** until() for a yes/no condition. */
export async function untilTrue(what: string, ms: number, cond: () => boolean, pollMs = 200): Promise<void> {
  await until(what, ms, () => (cond() ? true : undefined), pollMs);
}

/** until() for a probe that awaits (an HTTP query, a child's output): a probe that throws
 *  is asked again, and its last error is named if the deadline passes. */
export async function untilAsync<T>(what: string, ms: number, probe: () => Promise<T | undefined>, pollMs = 200): Promise<T> {
  const deadline = Date.now() + scaled(ms);
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${scaled(ms)} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
