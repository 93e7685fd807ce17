// Puts fastGet (fast-output.ts) in place of Ink's Output.prototype.get, for the dashboard
// only. Ink exports no way to change how a frame is joined, so this reaches the Output class
// and the @alcalzone/ansi-tokenize copy Ink itself loads (by their file paths, past Ink's
// "exports"), and replaces the method on the class. It installs only when the Ink found is
// exactly the version package.json pins and a probe frame comes out byte-identical from
// both methods; otherwise Ink is left as it is, drawing costs about twice the CPU, and the
// reason is returned for the header to show (a silent fallback went unnoticed before).
import { FrameMemo, fastGet, type OutputLike, type OutputResult } from './fast-output.js';
import { inkVersionMismatch, pinnedInkVersion } from './version.js';
import { loadInkParts, type InkParts, type OutputMethods } from './ink-parts.js';

export { loadInkParts, type InkParts } from './ink-parts.js';

/** A frame with what the dashboard draws: colours, a wide character, a vertical clip,
 * text above the top and past the right edge, and a row left as it was. */
export function probeFrame(o: OutputLike & OutputMethods): void {
  const none = { transformers: [] };
  o.write(0, 0, '\x1b[1mnstop\x1b[22m \x1b[32m▇▇▂\x1b[39m 3.2%', none);
  o.write(0, 1, '\x1b[7m row  \x1b[27m漢字 x', { transformers: [(s) => s.toUpperCase()] });
  o.clip({ y1: 2, y2: 4 });
  o.write(2, 1, 'a\nb\nc\nd\ne', none);
  o.unclip();
  o.write(18, 5, 'past the right edge', none);
  o.write(0, 6, 'one\ntwo\nthree', none);
  o.write(0, -1, 'above\nthe top', none);
}

/** True when fastGet gives what Ink's get gives for the probe frame, twice in a row
 * (the second time from what the first kept). `inkGet`: Ink's own (once installed, the
 * prototype's is fastGet's). */
export function sameAsInk(parts: InkParts, inkGet: OutputMethods['get'] = parts.Output.prototype.get): boolean {
  const memo = new FrameMemo(parts.join);
  for (let i = 0; i < 2; i++) {
    const a = new parts.Output({ width: 24, height: 8 });
    const b = new parts.Output({ width: 24, height: 8 });
    probeFrame(a);
    probeFrame(b);
    const mine = fastGet(b, memo);
    const ink = inkGet.call(a);
    if (!mine || mine.output !== ink.output || mine.height !== ink.height) return false;
  }
  return true;
}

let installed: (() => void) | undefined;
/** an install's probe frame still to check */
let unchecked: (() => boolean) | undefined;

export type InstallOptions = {
  /** Ink's parts (tests pass a copy with another version); default loadInkParts() */
  load?: () => Promise<InkParts>;
  /** the version to require; default package.json's "ink" pin */
  pinned?: string;
  /** install on the version check alone and leave the probe frame to `checkFastInkOutput`
   *  (the dashboard, after its first frame: the probe's wide characters make string-width's
   *  first slow-path call, ~70 ms of CPU before the first frame here) */
  checkLater?: boolean;
};

/** Installs the fast get; returns why not when it does not ("version 6.9.0 ≠ 6.8.0").
 *  Undo with uninstallFastInkOutput. */
export async function installFastInkOutput(o: InstallOptions = {}): Promise<string | undefined> {
  if (installed) return undefined;
  let parts: InkParts;
  try {
    parts = await (o.load ?? loadInkParts)();
  } catch (err) {
    return `Output not found: ${(err as Error).message.split('\n')[0]}`;
  }
  const mismatch = inkVersionMismatch(parts.version, o.pinned ?? pinnedInkVersion());
  if (mismatch !== undefined) return mismatch;
  if (!o.checkLater && !sameAsInk(parts)) return 'probe frame differs';
  const proto = parts.Output.prototype;
  const inkGet = proto.get;
  unchecked = o.checkLater ? () => sameAsInk(parts, inkGet) : undefined;
  const memo = new FrameMemo(parts.join);
  proto.get = function get(this: OutputLike & OutputMethods): OutputResult {
    return fastGet(this, memo) ?? inkGet.call(this);
  };
  installed = () => {
    proto.get = inkGet;
    installed = undefined;
    unchecked = undefined;
  };
  return undefined;
}

/** The probe frame of an install with checkLater: undefined when it matched (or there was
 *  nothing to check), else why Ink's own get is back in place. */
export function checkFastInkOutput(): string | undefined {
  const same = unchecked;
  unchecked = undefined;
  if (same === undefined || same()) return undefined;
  uninstallFastInkOutput();
  return 'probe frame differs';
}

export function uninstallFastInkOutput(): void {
  installed?.();
}
