// Where the launch helper (native/stage/*.c, built by native/build-helpers.mjs) lives.
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/native/stage.js and native/stage.ts both sit two levels below the package. */
const BUILT = fileURLToPath(new URL('../../native/build/nstop-stage', import.meta.url));

export function stagePath(): string {
  const path = process.env['NSTOP_STAGE'] ?? BUILT;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`the launch helper ${path} is missing: install a C compiler (e.g. apt-get install gcc) and run npm rebuild`);
  }
  return path;
}
