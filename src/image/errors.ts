// Errors about images and archives. The CLI prints them as one line, and entry names come
// from untrusted archives: a name can hold a newline or a terminal escape sequence, or be
// 4 KiB long, so names are quoted and cut, and every message is escaped (displayText, the
// spelling all of nstop's output uses) as a whole by UserError in case a caller built it
// from raw text.
import { displayText } from '../host/display-text.js';
import { UserError } from '../host/errors.js';

export { errorLine } from '../host/errors.js';

/** A name for a message: "quoted", escaped, and cut to `max` characters with an ellipsis. */
export function quoteName(name: string, max = 100): string {
  const chars = Array.from(name); // code points: a cut never splits a surrogate pair
  const cut = chars.length > max ? chars.slice(0, max - 1).join('') + '…' : name;
  return `"${displayText(cut.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}

/** A refusal about an image or an archive; its message is always one line, and the CLI
 *  exits 125 on it like on any of nstop's own failures. */
export class ImageError extends UserError {
  override name = 'ImageError';
  constructor(message: string) {
    super(message, 'failure');
  }
}

/** `refused "../etc/passwd": path leaves the image` */
export const refused = (entry: string, why: string): ImageError => new ImageError(`refused ${quoteName(entry)}: ${why}`);
