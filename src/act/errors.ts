/** A refusal or failure nstop explains in one line (bad input, name in use, launch
 *  failed). Nothing was changed, or what was half made has been undone. Control
 *  characters from the user's input are escaped, so the line stays one line. */
export class ActError extends Error {
  constructor(message: string) {
    super(message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1)));
  }
}
