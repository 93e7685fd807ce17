// Errors about images and archives. The CLI prints them as one line, and entry names come
// from untrusted archives: a name can hold a newline or a terminal escape sequence, or be
// 4 KiB long, so names are quoted JSON-style and cut, and every message is escaped again
// as a whole in case a caller built it from raw text.

// C0 and C1 controls (0x9b alone starts a CSI sequence on some terminals) and the two
// Unicode line separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

const escapeControl = (c: string): string => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Control characters as JSON-style escapes: the text stays on one line. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** A name for a message: "quoted", escaped, and cut to `max` characters with an ellipsis. */
export function quoteName(name: string, max = 100): string {
  const chars = Array.from(name); // code points: a cut never splits a surrogate pair
  const cut = chars.length > max ? chars.slice(0, max - 1).join('') + '…' : name;
  return `"${escapeControls(cut.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}

/** A refusal about an image or an archive; its message is always one line. */
export class ImageError extends Error {
  override name = 'ImageError';
  constructor(message: string) {
    super(escapeControls(message));
  }
}

/** `refused "../etc/passwd": path leaves the image` */
export const refused = (entry: string, why: string): ImageError => new ImageError(`refused ${quoteName(entry)}: ${why}`);

/** The first line of an error's message (a system call's, say), for a one-line message of ours. */
export const errorLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
