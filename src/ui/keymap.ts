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

/** Ink's useInput flags + raw input -> one key name. F-keys arrive as escape sequences
 *  (xterm "\x1bOP" for F1, "\x1b[15~" for F5…), some already stripped of the ESC. */
const SEQUENCES: Record<string, string> = {
  OP: 'f1', '[11~': 'f1', OQ: 'f2', '[12~': 'f2', OR: 'f3', '[13~': 'f3', OS: 'f4', '[14~': 'f4',
  '[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10',
  '[H': 'home', '[1~': 'home', OH: 'home', '[F': 'end', '[4~': 'end', OF: 'end',
};

export type InkKey = {
  upArrow: boolean; downArrow: boolean; pageUp: boolean; pageDown: boolean; return: boolean;
  escape: boolean; tab: boolean; shift: boolean; backspace: boolean; delete: boolean;
  home?: boolean; end?: boolean;
};

/** Several keys can arrive in one read (pasted, or typed fast over a slow link): Ink then
 *  hands over the whole chunk as `input`. Split plain text into one key per character. */
export function decodeKeys(input: string, key: InkKey): string[] {
  if (input.length > 1 && !input.includes('\x1b')) {
    return [...input].map((ch) => (ch === '\r' || ch === '\n' ? 'enter' : ch === ' ' ? 'space' : ch === '\t' ? 'tab' : ch));
  }
  const one = decodeKey(input, key);
  return one === undefined ? [] : [one];
}

export function decodeKey(input: string, key: InkKey): string | undefined {
  const seq = input.replace(/^\x1b/, '');
  if (SEQUENCES[seq]) return SEQUENCES[seq];
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.escape) return 'escape';
  if (input === ' ') return 'space';
  return input.length === 1 ? input : undefined;
}
