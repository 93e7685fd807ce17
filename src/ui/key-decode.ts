// Raw terminal input -> key names. Ink's useInput reports F-keys with an empty `input`
// and no flag (parse-keypress names them, use-input drops the name), so the dashboard
// decodes what Ink's input emitter delivers: one escape sequence per event, or a run of
// plain characters (typed fast or pasted) — all keys are returned, in order.
// xterm/VT forms: F1 "\x1bOP" or "\x1b[11~", F5 "\x1b[15~", Up "\x1b[A", PgUp "\x1b[5~".

const SEQUENCES: Record<string, string> = {
  OP: 'f1', '[11~': 'f1', OQ: 'f2', '[12~': 'f2', OR: 'f3', '[13~': 'f3', OS: 'f4', '[14~': 'f4',
  '[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10',
  '[[A': 'f1', '[[B': 'f2', '[[C': 'f3', '[[D': 'f4', '[[E': 'f5',
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', OA: 'up', OB: 'down', OC: 'right', OD: 'left',
  '[5~': 'pageup', '[6~': 'pagedown', '[Z': 'shift-tab', '[3~': 'delete', '[2~': 'insert',
  '[H': 'home', '[1~': 'home', '[7~': 'home', OH: 'home', '[F': 'end', '[4~': 'end', '[8~': 'end', OF: 'end',
};

const SINGLE: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', ' ': 'space', '\x7f': 'backspace', '\b': 'backspace' };

// any other CSI (its parameter bytes 0x30-0x3f include < = > ?) is swallowed whole
const ESCAPE_SEQUENCE = /^\x1b{1,2}(\[\[[A-E]|\[[0-?]*[ -/]*[@-~]|O[0-9;]*[A-Za-z])/;

/** An SGR mouse report: button;x;y then M (press) or m (release). Decoded before any
 *  other escape so none of it ever reaches a text field as typed characters. */
const MOUSE = /^\x1b\[<(\d+);(\d+);(\d+)([Mm])/;

export function decodeKeys(data: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '\x1b') {
      const mouse = MOUSE.exec(data.slice(i, i + 24));
      if (mouse) {
        out.push(`mouse:${mouse[1]}:${mouse[2]}:${mouse[3]}:${mouse[4]}`);
        i += mouse[0].length;
        continue;
      }
      const m = ESCAPE_SEQUENCE.exec(data.slice(i));
      if (m) {
        // modifiers ("\x1b[1;5A" Ctrl-Up, "\x1b[15;2~" Shift-F5, "\x1bO2P") name the same key
        const seq = m[1]!.replace(/^\[1;\d+([A-Za-z])$/, '[$1').replace(/;\d+~$/, '~').replace(/^O\d+([A-Za-z])$/, 'O$1');
        const name = SEQUENCES[seq];
        if (name) out.push(name);
        i += m[0].length;
        continue;
      }
      // a lone Esc, or Esc then a key that arrived in the same read
      out.push('escape');
      i++;
      continue;
    }
    const ch = String.fromCodePoint(data.codePointAt(i)!);
    const single = SINGLE[ch];
    if (single) out.push(single);
    else if (ch.codePointAt(0)! >= 32) out.push(ch);
    // other control bytes are ignored (Ctrl-C is Ink's)
    i += ch.length;
  }
  return out;
}
