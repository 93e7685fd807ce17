// Where the C helpers built by native/build-helpers.mjs live: native/build/<name>, or the
// path in an environment variable (tests, a packaged install elsewhere).
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The helper's path and whether it is there and executable. dist/native/helpers.js sits
 *  two levels below the package, as its import.meta.url says in the bundle too. */
export function builtHelper(name: string, envVar: string): { path: string; found: boolean } {
  const path = process.env[envVar] ?? fileURLToPath(new URL(`../../native/build/${name}`, import.meta.url));
  try {
    accessSync(path, constants.X_OK);
    return { path, found: true };
  } catch {
    return { path, found: false };
  }
}
