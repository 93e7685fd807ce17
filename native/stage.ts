// Where the launch helper (native/stage/*.c, built by native/build-helpers.mjs) lives.
import { UserError } from '../src/host/errors.js';
import { builtHelper } from './helpers.js';

export function stagePath(): string {
  const { path, found } = builtHelper('nstop-stage', 'NSTOP_STAGE');
  // a missing helper is how the install went, not a bug: one line, no stack
  if (!found) throw new UserError(`the launch helper ${path} is missing: install a C compiler (e.g. apt-get install gcc) and run npm rebuild`);
  return path;
}
