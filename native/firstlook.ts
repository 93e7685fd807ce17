// Where the first-look helper (native/firstlook/*.c, built by native/build-helpers.mjs)
// lives. Unlike the launch helper it is optional: without it the dashboard reads its
// first sight of /proc itself, only later.
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/native/firstlook.js and native/firstlook.ts both sit two levels below the package. */
const BUILT = fileURLToPath(new URL('../../native/build/nstop-firstlook', import.meta.url));

/** The helper's path; undefined when it is not built (no C compiler at install). */
export function firstLookPath(): string | undefined {
  const path = process.env['NSTOP_FIRSTLOOK'] ?? BUILT;
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}
