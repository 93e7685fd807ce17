// ink-testing-library helpers: poll the frame instead of sleeping a fixed time.
// Import this before ink-testing-library: it forces colour on (chalk decides at load
// time, and test output is not a TTY), so colour and NO_COLOR frames can be compared.
import { scaled } from './time-scale.js';

process.env.FORCE_COLOR ??= '1';

/** Polls until `ok`; the deadline is a safety net (scaled by NSTOP_TEST_TIME_SCALE), far
 *  beyond what a frame needs on a loaded machine: the test waits on the frame, not a time. */
export async function waitForFrame(lastFrame: () => string | undefined, ok: (frame: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + scaled(timeoutMs);
  for (;;) {
    const f = lastFrame() ?? '';
    if (ok(f)) return f;
    if (Date.now() > until) throw new Error(`frame never matched within ${timeoutMs} ms; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The frame without escape codes. */
export const plain = (frame: string): string => frame.replace(/\u001b\[[0-9;]*m/g, '');

/** The plain line containing `text` (undefined when none). */
export const lineWith = (frame: string, text: string | RegExp): string | undefined =>
  plain(frame).split('\n').find((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)));
