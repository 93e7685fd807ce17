// Text that other people choose reaches nstop's terminal: a process names itself
// anything (comm, argv), and container names come from comms, cgroup paths and state
// files. Printed raw, "\x1b]2;x\x07" retitles the operator's terminal, "\x1b[2J" clears
// it, "\r" or "\n" breaks a table row, and U+009B is a one-character CSI to terminals
// that honour 8-bit controls. Everything that prints such text passes it through here.
//
// The spelling is Python's repr() and systemd's: \n \r \t, else \x and two hex digits of
// the code point (\x1b, \x07, \x9b), \u for the two Unicode line separators. Unlike ps's
// "?" it says which byte it was, it is ASCII (so one cell per character, as the column
// fitting counts), and printf, bash's $'…' and every C-like language read it back.
// Backslash itself is left alone: the output has no controls left, so escaping twice
// changes nothing, and paths and regexes in command lines stay readable.
// Lives in host, the lowest layer: the dashboard, the CLI, act and image all print with it.

// U+2028/U+2029 do nothing on a terminal, but logs and JS consumers split lines on them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  const code = c.charCodeAt(0);
  return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
}

/** `text` with every control character spelled out; the same string (no copy) when it
 *  has none, which is nearly always: the dashboard asks for every cell of every frame. */
export function displayText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, escapeOne) : text;
}
