import { UserError, type UserErrorKind } from '../host/errors.js';

/** A refusal or failure of an action (bad input, name in use, launch failed), explained
 *  in one line; nothing was changed, or what was half made has been undone. The CLI exits
 *  125 on it (UserError's 'failure'), so it is not confused with a command's own code. */
export class ActError extends UserError {
  constructor(message: string, kind: UserErrorKind = 'failure') {
    super(message, kind);
  }
}

/** The stage's "cannot run CMD: strerror" (its execve failed inside the container): 127
 *  when there is no such file, 126 when there is one that cannot be run, as a shell and
 *  docker say it; any other launch error is nstop's own (125). */
export function stageError(line: string): ActError {
  const run = /^cannot run .*: (.*)$/.exec(line);
  const why = run?.[1];
  const kind: UserErrorKind = why === undefined ? 'failure' : /No such file or directory|Not a directory/.test(why) ? 'not-found' : /Permission denied|Exec format error|Is a directory/.test(why) ? 'cannot-run' : 'failure';
  return new ActError(line, kind);
}
