// Ink's Output class and its copy of ansi-tokenize's row joiner, reached past Ink's
// "exports" by their file paths (install-fast-output.ts says why). In the bundle
// (esbuild.config.mjs) this module is replaced by one that imports the same two files
// statically, so that the Output patched is the one the bundled Ink draws with, not a
// second copy loaded from node_modules beside it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Cell, OutputLike, OutputResult } from './fast-output.js';
import { inkDir } from './version.js';

export type OutputClass = { new (o: { width: number; height: number }): OutputLike & OutputMethods; prototype: OutputMethods };
export type OutputMethods = {
  get(): OutputResult;
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
};
export type InkParts = { version: string; Output: OutputClass; join: (cells: Cell[]) => string };

/** The two files, as Node resolves them from Ink's own directory. */
export function inkPartFiles(dir = inkDir()): { output: string; tokenize: string } {
  const tokPkgPath = createRequire(join(dir, 'package.json')).resolve('@alcalzone/ansi-tokenize/package.json');
  const tokPkg = JSON.parse(readFileSync(tokPkgPath, 'utf8')) as { exports?: { '.'?: { import?: string } } };
  return { output: join(dir, 'build', 'output.js'), tokenize: join(dirname(tokPkgPath), tokPkg.exports?.['.']?.import ?? 'build/index.js') };
}

/** Ink's Output class and the row joiner from Ink's own copy of ansi-tokenize. */
export async function loadInkParts(): Promise<InkParts> {
  const dir = inkDir();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const files = inkPartFiles(dir);
  const output = (await import(pathToFileURL(files.output).href)) as { default: OutputClass };
  const tok = (await import(pathToFileURL(files.tokenize).href)) as { styledCharsToString: (c: Cell[]) => string };
  return { version: pkg.version, Output: output.default, join: tok.styledCharsToString };
}
