import { displayText } from '../host/display-text.js';

/** A refusal or failure nstop explains in one line (bad input, name in use, launch
 *  failed). Nothing was changed, or what was half made has been undone. Control
 *  characters from the user's input or a process's name are escaped as everywhere else
 *  nstop prints them, so the line stays one line. */
export class ActError extends Error {
  constructor(message: string) {
    super(displayText(message));
  }
}
