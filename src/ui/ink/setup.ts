// Everything the dashboard does to Ink beyond its public API, in one place, before the
// first render: the frame trace (NSTOP_FRAME_TRACE) and the fast Output.get. What could
// not be done comes back as a short note the header shows, so a dashboard that draws at
// twice the cost says why on screen.
import { installFrameTrace } from './frame-trace.js';
import { checkFastInkOutput, installFastInkOutput, type InstallOptions } from './install-fast-output.js';

export type InkSetup = {
  /** e.g. "ink: plain output (version 6.9.0 ≠ 6.8.0)"; undefined when all is in place */
  note?: string;
  /** with `checkLater`: the probe frame, once the first frame is drawn; a note when Ink's
   *  own output had to come back */
  check?: () => string | undefined;
};

/** The header's words for a fast output that is not installed. */
export const plainOutputNote = (reason: string): string => `ink: plain output (${reason})`;

export async function setUpInk(env: NodeJS.ProcessEnv = process.env, o: InstallOptions = {}): Promise<InkSetup> {
  installFrameTrace(env['NSTOP_FRAME_TRACE']);
  // NSTOP_INK_OUTPUT=ink keeps Ink's own frame joining (to compare, or if a frame looks wrong)
  const reason = env['NSTOP_INK_OUTPUT'] === 'ink' ? 'NSTOP_INK_OUTPUT=ink' : await installFastInkOutput(o);
  if (reason !== undefined) return { note: plainOutputNote(reason) };
  return o.checkLater ? { check: () => {
    const late = checkFastInkOutput();
    return late === undefined ? undefined : plainOutputNote(late);
  } } : {};
}

/** Ink itself. Its layout engine (yoga-layout) loads its WebAssembly from a base64 data:
 *  URL through fetch() when there is one, and the first fetch() loads Node's HTTP client
 *  (undici: ~50 ms of CPU before the first frame, measured); without fetch it decodes
 *  the same bytes itself. nstop never calls fetch, and it is put back right after. */
export async function importInk(): Promise<typeof import('ink')> {
  const g = globalThis as { fetch?: unknown };
  const had = Object.getOwnPropertyDescriptor(g, 'fetch');
  if (had?.configurable) delete g.fetch;
  try {
    return await import('ink');
  } finally {
    if (had?.configurable) Object.defineProperty(g, 'fetch', had);
  }
}
