/** A refusal or failure nstop explains in one line (bad input, name in use, launch
 *  failed). Nothing was changed, or what was half made has been undone. */
export class ActError extends Error {}
