// Where the first-look helper (native/firstlook/*.c, built by native/build-helpers.mjs)
// lives. Unlike the launch helper it is optional: without it the dashboard reads its
// first sight of /proc itself, only later.
import { builtHelper } from './helpers.js';

/** The helper's path; undefined when it is not built (no C compiler at install). */
export function firstLookPath(): string | undefined {
  const { path, found } = builtHelper('nstop-firstlook', 'NSTOP_FIRSTLOOK');
  return found ? path : undefined;
}
