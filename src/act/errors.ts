import { UserError } from '../host/errors.js';

/** A refusal or failure of an action (bad input, name in use, launch failed), explained
 *  in one line; nothing was changed, or what was half made has been undone. The CLI exits
 *  125 on it (UserError's 'failure'), so it is not confused with a command's own code. */
export class ActError extends UserError {
  constructor(message: string) {
    super(message, 'failure');
  }
}
