// Puts fastGet (fast-output.ts) in place of Ink's Output.prototype.get, for the dashboard
// only. Ink exports no way to change how a frame is joined, so this reaches the Output class
// and the @alcalzone/ansi-tokenize copy Ink itself loads (by their file paths, past Ink's
// "exports"), and replaces the method on the class. It installs only when the Ink found is
// a 6.x and a probe frame comes out byte-identical from both methods; otherwise Ink is left
// as it is and the dashboard is only slower.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FrameMemo, fastGet, type Cell, type OutputLike, type OutputResult } from './fast-output.js';

type OutputClass = { new (o: { width: number; height: number }): OutputLike & OutputMethods; prototype: OutputMethods };
type OutputMethods = {
  get(): OutputResult;
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
};
export type InkParts = { version: string; Output: OutputClass; join: (cells: Cell[]) => string };

/** Ink's Output class and the row joiner from Ink's own copy of ansi-tokenize. */
export async function loadInkParts(): Promise<InkParts> {
  const inkDir = join(dirname(fileURLToPath(import.meta.resolve('ink'))), '..');
  const pkg = JSON.parse(readFileSync(join(inkDir, 'package.json'), 'utf8')) as { version: string };
  const tokPkgPath = createRequire(join(inkDir, 'package.json')).resolve('@alcalzone/ansi-tokenize/package.json');
  const tokPkg = JSON.parse(readFileSync(tokPkgPath, 'utf8')) as { exports?: { '.'?: { import?: string } } };
  const tokEntry = join(dirname(tokPkgPath), tokPkg.exports?.['.']?.import ?? 'build/index.js');
  const output = (await import(pathToFileURL(join(inkDir, 'build', 'output.js')).href)) as { default: OutputClass };
  const tok = (await import(pathToFileURL(tokEntry).href)) as { styledCharsToString: (c: Cell[]) => string };
  return { version: pkg.version, Output: output.default, join: tok.styledCharsToString };
}

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
 * (the second time from what the first kept). */
export function sameAsInk(parts: InkParts): boolean {
  const memo = new FrameMemo(parts.join);
  for (let i = 0; i < 2; i++) {
    const a = new parts.Output({ width: 24, height: 8 });
    const b = new parts.Output({ width: 24, height: 8 });
    probeFrame(a);
    probeFrame(b);
    const mine = fastGet(b, memo);
    const ink = parts.Output.prototype.get.call(a);
    if (!mine || mine.output !== ink.output || mine.height !== ink.height) return false;
  }
  return true;
}

let installed: (() => void) | undefined;

/** Installs the fast get; returns why not when it does not. Undo with uninstallFastInkOutput. */
export async function installFastInkOutput(): Promise<string | undefined> {
  if (installed) return undefined;
  let parts: InkParts;
  try {
    parts = await loadInkParts();
  } catch (err) {
    return `Ink's Output not found (${(err as Error).message})`;
  }
  if (!parts.version.startsWith('6.')) return `Ink ${parts.version} is not 6.x`;
  if (!sameAsInk(parts)) return `Ink ${parts.version}: the probe frame differs`;
  const proto = parts.Output.prototype;
  const inkGet = proto.get;
  const memo = new FrameMemo(parts.join);
  proto.get = function get(this: OutputLike & OutputMethods): OutputResult {
    return fastGet(this, memo) ?? inkGet.call(this);
  };
  installed = () => {
    proto.get = inkGet;
    installed = undefined;
  };
  return undefined;
}

export function uninstallFastInkOutput(): void {
  installed?.();
}
