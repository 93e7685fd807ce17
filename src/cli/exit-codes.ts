// One exit code per kind of error (README, Exit codes): a name that matches no container
// is nstop's own error, 125, as `kill nosuch` says it; the listing's lookup (findContainer)
// throws it as a usage error. Turned around here, at the call site, so the lookup itself
// stays as it is.
import { UserError } from '../host/errors.js';
import { UsageError } from './commands.js';

/** `f`, with its usage errors about the name (no container named…, matches N…) as 125. */
export function notFoundIsFailure<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return f(...args);
    } catch (err) {
      if (err instanceof UsageError && /^no container named |^".*" matches \d+ containers/.test(err.message)) throw new UserError(err.message, 'failure');
      throw err;
    }
  };
}
