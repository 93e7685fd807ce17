// Every key the dashboard knows, as data: the input handler, the F-key bar and the help
// screen are all generated from these tables. htop's keys where htop has them.
// Key names are what decodeKeys (key-decode.ts) produces: "f1", "up", "pageup", "enter",
// "space", "shift-tab", or the typed character itself ("q", "?", "\\").
import type { View } from './views.js';

export type Action =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'
  | 'help' | 'setup' | 'search' | 'searchNext' | 'filter' | 'tree' | 'hideKernel' | 'slower' | 'faster' | 'foldAll' | 'follow' | 'userFilter'
  | 'sortNext' | 'sortPrev' | 'sortInvert'
  | 'tag' | 'kill' | 'quit'
  | 'launch' | 'exec' | 'limits' | 'memUp' | 'memDown' | 'pidsUp' | 'pidsDown' | 'freeze' | 'remove' | 'logs' | 'net' | 'demoMunch' | 'demoBomb'
  | 'nextView' | 'prevView' | 'view1' | 'view2' | 'view3'
  | 'drill' | 'back';

export type KeyBinding = {
  keys: string[];
  /** short name: the F-key bar label for bindings with an F-key. */
  label: string;
  action: Action;
  help: string;
  /** views where it applies (all when absent). */
  views?: View[];
  /** shown after the F-keys on the bottom line. */
  hint?: boolean;
};

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['up'], label: 'Up', action: 'up', help: 'move the selection up' },
  { keys: ['down'], label: 'Down', action: 'down', help: 'move the selection down' },
  { keys: ['pageup'], label: 'PgUp', action: 'pageUp', help: 'one page up' },
  { keys: ['pagedown'], label: 'PgDn', action: 'pageDown', help: 'one page down' },
  { keys: ['home'], label: 'Home', action: 'home', help: 'first row' },
  { keys: ['end'], label: 'End', action: 'end', help: 'last row' },
  { keys: ['f1', '?'], label: 'Help', action: 'help', help: 'this help (any key returns)' },
  { keys: ['f2', 'S'], label: 'Setup', action: 'setup', help: 'setup: columns, sort, interval, meters, colours, mouse (saved)' },
  { keys: ['f3', '/'], label: 'Search', action: 'search', help: 'search (jump to a match)' },
  { keys: ['n'], label: 'Next', action: 'searchNext', help: 'next search match' },
  { keys: ['f4', '\\'], label: 'Filter', action: 'filter', help: 'filter (keep matching rows)' },
  { keys: ['f5', 't'], label: 'Tree', action: 'tree', help: "process tree on/off; Containers: a pod's containers under its row", views: ['processes', 'containers'] },
  { keys: ['+'], label: 'Slower', action: 'slower', help: 'tree: open the subtree (as htop); else refresh less often (1s..10s)' },
  { keys: ['-'], label: 'Faster', action: 'faster', help: 'tree: fold the subtree (as htop); else refresh more often (to 100ms)' },
  { keys: ['*'], label: 'FoldAll', action: 'foldAll', help: 'tree: fold all / open all', views: ['processes'] },
  { keys: ['F'], label: 'Follow', action: 'follow', help: 'follow the row: if it goes, reselect it when it is back' },
  { keys: ['u'], label: 'User', action: 'userFilter', help: "one user's processes (Up/Down pick, Enter)", views: ['processes'] },
  { keys: ['K'], label: 'Kernel', action: 'hideKernel', help: 'hide / show kernel threads (as htop)', views: ['processes'] },
  { keys: ['f6', '>'], label: 'SortBy', action: 'sortNext', help: 'sort by the next column' },
  { keys: ['<'], label: 'SortPrev', action: 'sortPrev', help: 'sort by the previous column' },
  { keys: ['I'], label: 'Invert', action: 'sortInvert', help: 'invert the sort order' },
  { keys: ['space'], label: 'Tag', action: 'tag', help: 'tag or untag the row (k then signals all tagged)' },
  { keys: ['f7', 'a'], label: 'Launch', action: 'launch', help: 'launch a container (form; Ctrl-] ends attached)' },
  { keys: ['e'], label: 'Exec', action: 'exec', help: 'exec: a shell in its namespaces (exit returns)', views: ['containers', 'processes'] },
  { keys: ['L'], label: 'Limits', action: 'limits', help: 'set limits: memory=128M pids=50 cpus=0.5 ...', views: ['containers'] },
  { keys: [']'], label: 'Mem+', action: 'memUp', help: 'memory limit +64M', views: ['containers'] },
  { keys: ['['], label: 'Mem-', action: 'memDown', help: 'memory limit -64M', views: ['containers'] },
  { keys: ['}'], label: 'Pids+', action: 'pidsUp', help: 'pids limit +16', views: ['containers'] },
  { keys: ['{'], label: 'Pids-', action: 'pidsDown', help: 'pids limit -16', views: ['containers'] },
  { keys: ['z'], label: 'Freeze', action: 'freeze', help: 'freeze / thaw the container', views: ['containers'] },
  { keys: ['M'], label: 'Munch', action: 'demoMunch', help: 'demo: munch eats memory under 64M (swap 0), half a CPU' },
  { keys: ['B'], label: 'Bomb', action: 'demoBomb', help: 'demo: a fork bomb under pids 64, held to half a CPU' },
  { keys: ['l'], label: 'Log', action: 'logs', help: 'log pane of a detached nstop container on/off', views: ['containers'] },
  { keys: ['N'], label: 'Net', action: 'net', help: 'network pane on/off: interfaces, addresses, rx/tx bytes and rates', views: ['containers'] },
  { keys: ['f8', 'D'], label: 'Remove', action: 'remove', help: 'forget a stopped nstop container (asks y/n)', views: ['containers'] },
  { keys: ['f9', 'k'], label: 'Kill', action: 'kill', help: 'signal tagged rows, else the selected; TERM first; asks y/n' },
  { keys: ['tab'], label: 'View', action: 'nextView', help: 'next view', hint: true },
  { keys: ['shift-tab'], label: 'PrevView', action: 'prevView', help: 'previous view' },
  { keys: ['1'], label: 'Containers', action: 'view1', help: 'Containers view' },
  { keys: ['2'], label: 'Namespaces', action: 'view2', help: 'Namespaces view' },
  { keys: ['3'], label: 'Processes', action: 'view3', help: 'Processes view' },
  { keys: ['enter'], label: 'Drill', action: 'drill', help: 'drill in: its processes', views: ['containers', 'namespaces'], hint: true },
  { keys: ['escape', 'backspace'], label: 'Back', action: 'back', help: 'back: leave drill-in/filter', hint: true },
  { keys: ['f10', 'q'], label: 'Quit', action: 'quit', help: 'quit' },
];

/** htop keys nstop has no counterpart for: pressed, the status line says so rather than
 *  nothing happening (a person coming from htop learns at once, not by trying twice). */
export const NOT_IN_NSTOP: Readonly<Record<string, string>> = {
  H: 'H (hide threads): not in nstop; it lists processes, never threads',
  f: 'f: not in nstop',
};

/** Keys while the bottom line takes input (everything else is typed text). */
export const PROMPT_KEYS: readonly { keys: string[]; help: string }[] = [
  { keys: ['enter'], help: 'keep it, leave the line; signal: send' },
  { keys: ['escape'], help: 'cancel (filter as before)' },
  { keys: ['f3'], help: 'while searching: next match' },
  { keys: ['backspace'], help: 'delete the last character' },
  { keys: ['up', 'down'], help: 'signal line: the previous/next common signal' },
  { keys: ['y'], help: 'a y/n question: yes (any other key: no)' },
];

const BY_KEY = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b] as const)));

export const bindingFor = (key: string): KeyBinding | undefined => BY_KEY.get(key);
export const bindingOf = (action: Action): KeyBinding => KEYMAP.find((b) => b.action === action)!;

const NAMES: Record<string, string> = {
  up: 'Up', down: 'Down', left: 'Left', right: 'Right', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  space: 'Space', tab: 'Tab', 'shift-tab': 'S-Tab', enter: 'Enter', escape: 'Esc', backspace: 'Bksp',
};

/** "f1" -> "F1", "pageup" -> "PgUp", "q" -> "q". */
export const keyLabel = (key: string): string => NAMES[key] ?? (/^f\d+$/.test(key) ? key.toUpperCase() : key);

/** keyLabel's inverse: "F5" -> "f5", "Esc" -> "escape", "Tab" -> "tab". */
export const keyNamed = (label: string): string | undefined => {
  if (/^F\d+$/.test(label)) return label.toLowerCase();
  return Object.entries(NAMES).find(([, l]) => l === label)?.[0];
};

/** The F-key bar: bindings with an F-key, in F-key order. */
export const fkeyItems = (): readonly { key: string; label: string }[] => FKEY_ITEMS;

/** Short hints after the F-keys: "Tab View  Enter Drill  Esc Back". */
export const hintItems = (): readonly { key: string; label: string }[] => HINT_ITEMS;

// made once: the footer asks every frame
const FKEY_ITEMS = KEYMAP.flatMap((b) => b.keys.filter((k) => /^f\d+$/.test(k)).map((k) => ({ n: Number(k.slice(1)), key: keyLabel(k), label: b.label })))
  .sort((a, b) => a.n - b.n)
  .map(({ key, label }) => ({ key, label }));
const HINT_ITEMS = KEYMAP.filter((b) => b.hint).map((b) => ({ key: keyLabel(b.keys[0]!), label: b.label }));
