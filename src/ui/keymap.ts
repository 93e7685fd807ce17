// Every key the dashboard knows, as data: the input handler, the F-key bar and the help
// screen are all generated from this table. htop's keys where htop has them.

export type Action =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'
  | 'help' | 'search' | 'searchNext' | 'filter' | 'tree' | 'sortNext' | 'sortPrev' | 'sortInvert'
  | 'kill' | 'quit' | 'tag' | 'nextView' | 'prevView' | 'view1' | 'view2' | 'view3' | 'drill' | 'back';

export type KeyBinding = {
  action: Action;
  /** names as the input decoder produces them (see decodeKey). */
  keys: string[];
  help: string;
  /** F-key bar label, for the actions that have one. */
  bar?: { key: string; label: string };
};

export const KEYMAP: KeyBinding[] = [
  { action: 'up', keys: ['up'], help: 'move up' },
  { action: 'down', keys: ['down'], help: 'move down' },
  { action: 'pageUp', keys: ['pageup'], help: 'page up' },
  { action: 'pageDown', keys: ['pagedown'], help: 'page down' },
  { action: 'home', keys: ['home'], help: 'first row' },
  { action: 'end', keys: ['end'], help: 'last row' },
  { action: 'help', keys: ['f1', '?'], help: 'this help', bar: { key: 'F1', label: 'Help' } },
  { action: 'search', keys: ['f3', '/'], help: 'search (Enter keeps, Esc cancels)', bar: { key: 'F3', label: 'Search' } },
  { action: 'searchNext', keys: ['n'], help: 'next search match' },
  { action: 'filter', keys: ['f4', '\\'], help: 'filter rows by text', bar: { key: 'F4', label: 'Filter' } },
  { action: 'tree', keys: ['f5', 't'], help: 'process tree on/off', bar: { key: 'F5', label: 'Tree' } },
  { action: 'sortNext', keys: ['f6', '>'], help: 'sort by next column', bar: { key: 'F6', label: 'SortBy' } },
  { action: 'sortPrev', keys: ['<'], help: 'sort by previous column' },
  { action: 'sortInvert', keys: ['I'], help: 'invert sort order' },
  { action: 'tag', keys: ['space'], help: 'tag / untag row' },
  { action: 'kill', keys: ['f9', 'k'], help: 'kill (comes with the Act release)', bar: { key: 'F9', label: 'Kill' } },
  { action: 'nextView', keys: ['tab'], help: 'next view' },
  { action: 'prevView', keys: ['shift-tab'], help: 'previous view' },
  { action: 'view1', keys: ['1'], help: 'Containers view' },
  { action: 'view2', keys: ['2'], help: 'Namespaces view' },
  { action: 'view3', keys: ['3'], help: 'Processes view' },
  { action: 'drill', keys: ['enter'], help: 'processes of the selected container/namespace' },
  { action: 'back', keys: ['escape', 'backspace'], help: 'back to all processes' },
  { action: 'quit', keys: ['f10', 'q'], help: 'quit', bar: { key: 'F10', label: 'Quit' } },
];

const BY_KEY = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));
export const actionFor = (key: string): Action | undefined => BY_KEY.get(key);

/** Raw terminal input -> key names. Ink's useInput hides F-keys (their `input` is empty
 *  and it has no flag for them), so the dashboard decodes the raw bytes itself. One read
 *  can hold several keys (typed fast, pasted): all are returned, in order.
 *  xterm/VT sequences: F1 "\x1bOP" or "\x1b[11~", F5 "\x1b[15~", Up "\x1b[A", PgUp "\x1b[5~". */
const SEQUENCES: Record<string, string> = {
  OP: 'f1', '[11~': 'f1', OQ: 'f2', '[12~': 'f2', OR: 'f3', '[13~': 'f3', OS: 'f4', '[14~': 'f4',
  '[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10',
  '[[A': 'f1', '[[B': 'f2', '[[C': 'f3', '[[D': 'f4', '[[E': 'f5',
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', OA: 'up', OB: 'down', OC: 'right', OD: 'left',
  '[5~': 'pageup', '[6~': 'pagedown', '[Z': 'shift-tab', '[3~': 'delete',
  '[H': 'home', '[1~': 'home', '[7~': 'home', OH: 'home', '[F': 'end', '[4~': 'end', '[8~': 'end', OF: 'end',
};
const SINGLE: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', ' ': 'space', '\x7f': 'backspace', '\b': 'backspace' };

export function decodeRaw(data: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '\x1b') {
      const m = /^\x1b(\[\[[A-E]|\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(data.slice(i));
      if (m) {
        // drop modifier parameters ("\x1b[1;5A" is Ctrl-Up): same key for us
        const seq = m[1]!.replace(/^\[1;\d+([A-Za-z])$/, '[$1').replace(/;\d+~$/, '~');
        const name = SEQUENCES[seq];
        if (name) out.push(name);
        i += m[0].length;
        continue;
      }
      out.push('escape');
      i++;
      continue;
    }
    const ch = String.fromCodePoint(data.codePointAt(i)!);
    const code = ch.codePointAt(0)!;
    if (SINGLE[ch]) out.push(SINGLE[ch]);
    else if (code >= 32) out.push(ch);
    // other control bytes (Ctrl-C is Ink's) are ignored
    i += ch.length;
  }
  return out;
}
