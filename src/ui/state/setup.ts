// F2 setup, as data: one line per setting (the screen draws them, the keys change them),
// and the settings <-> state mapping the saved file goes through. Pure.
// Keys: Up/Down pick a line, Left/Right (or Space, Enter) change it, F2 / Esc / q close
// and save. The interval is here as in htop's setup; + and - change it live too, outside
// the Processes tree (where they fold, as htop's do).
import { COLUMNS } from '../columns.js';
import { stepInterval } from './interval.js';
import { allColumns, defaultSettings, intervalText, METERS, THEMES, type Settings } from '../settings.js';
import { VIEW_TITLES, VIEWS, type View } from '../views.js';
import type { UiState } from './types.js';

export type SetupItem = {
  /** a section title line: not selectable */
  section?: boolean;
  label: string;
  value: (s: UiState, startMs: number) => string;
  /** dir: +1 next value, -1 previous */
  change?: (s: UiState, dir: 1 | -1, startMs: number) => UiState;
};

const cycle = <T>(all: readonly T[], cur: T, dir: 1 | -1): T => all[(all.indexOf(cur) + dir + all.length) % all.length]!;

export const shownColumns = (s: UiState, v: View): readonly string[] => s.columns?.[v] ?? allColumns(v);

function toggleColumn(s: UiState, v: View, id: string): UiState {
  const cur = shownColumns(s, v);
  const next = cur.includes(id) ? cur.filter((x) => x !== id) : allColumns(v).filter((x) => x === id || cur.includes(x));
  return next.length === 0 ? s : { ...s, columns: { ...s.columns, [v]: next } };
}

function sortItems(v: View): SetupItem[] {
  const ids = allColumns(v);
  return [
    {
      label: 'sort by',
      value: (s) => COLUMNS[v].find((c) => c.id === s.views[v].sort)?.title ?? s.views[v].sort,
      change: (s, dir) => {
        const sort = cycle(ids, s.views[v].sort, dir);
        return { ...s, views: { ...s.views, [v]: { ...s.views[v], sort, desc: COLUMNS[v].find((c) => c.id === sort)?.desc === true } } };
      },
    },
    { label: 'order', value: (s) => (s.views[v].desc ? 'descending' : 'ascending'), change: (s) => ({ ...s, views: { ...s.views, [v]: { ...s.views[v], desc: !s.views[v].desc } } }) },
  ];
}

function columnItems(v: View): SetupItem[] {
  // the first column names the row: it always shows
  return COLUMNS[v].slice(1).map((c) => ({
    label: `column ${c.title.trim() || c.id}`,
    value: (s: UiState) => (shownColumns(s, v).includes(c.id) ? '[x] shown' : '[ ] hidden'),
    change: (s: UiState) => toggleColumn(s, v, c.id),
  }));
}

export const SETUP_ITEMS: readonly SetupItem[] = [
  { section: true, label: 'Display', value: () => '' },
  { label: 'refresh interval', value: (s, ms) => intervalText(s.intervalMs ?? ms), change: (s, dir, ms) => ({ ...s, intervalMs: stepInterval(s.intervalMs ?? ms, dir) }) },
  { label: 'mouse', value: (s) => (s.mouse === false ? 'off' : 'on'), change: (s) => ({ ...s, mouse: s.mouse === false }) },
  { label: 'colours', value: (s) => s.theme ?? 'default', change: (s, dir) => ({ ...s, theme: cycle(THEMES, s.theme ?? 'default', dir) }) },
  { label: 'CPU meters', value: (s) => ((s.meters ?? 'cores') === 'cores' ? 'per core' : 'one bar'), change: (s, dir) => ({ ...s, meters: cycle(METERS, s.meters ?? 'cores', dir) }) },
  { label: 'process tree', value: (s) => (s.tree ? 'on' : 'off'), change: (s) => ({ ...s, tree: !s.tree }) },
  { label: 'pods grouped', value: (s) => (s.pods ? 'on' : 'off'), change: (s) => ({ ...s, pods: !s.pods }) },
  { label: 'kernel threads', value: (s) => (s.hideKernel ? 'hidden' : 'shown'), change: (s) => ({ ...s, hideKernel: !s.hideKernel }) },
  ...VIEWS.flatMap((v): SetupItem[] => [{ section: true, label: `${VIEW_TITLES[v]} view`, value: () => '' }, ...sortItems(v), ...columnItems(v)]),
];

const selectable = (i: number): boolean => SETUP_ITEMS[i] !== undefined && SETUP_ITEMS[i]!.section !== true;

function moveCursor(at: number, by: number): number {
  let i = at;
  for (let n = Math.abs(by); n > 0; n--) {
    let j = i + Math.sign(by);
    while (j >= 0 && j < SETUP_ITEMS.length && !selectable(j)) j += Math.sign(by);
    if (j < 0 || j >= SETUP_ITEMS.length) break;
    i = j;
  }
  return i;
}

export const FIRST_SETUP_LINE = moveCursor(0, 1);

/** A key on the setup screen; `closed` is set when it closes (the App saves then). */
export function setupKey(s: UiState, key: string, startMs: number, page: number): UiState {
  const cursor = s.setup?.cursor ?? FIRST_SETUP_LINE;
  const item = SETUP_ITEMS[cursor];
  const to = (c: number): UiState => ({ ...s, setup: { cursor: c } });
  switch (key) {
    case 'up': return to(moveCursor(cursor, -1));
    case 'down': return to(moveCursor(cursor, 1));
    case 'pageup': return to(moveCursor(cursor, -page));
    case 'pagedown': return to(moveCursor(cursor, page));
    case 'home': return to(FIRST_SETUP_LINE);
    case 'end': return to(moveCursor(cursor, SETUP_ITEMS.length));
    case 'left': case 'right': case 'space': case 'enter':
      return item?.change ? { ...item.change(s, key === 'left' ? -1 : 1, startMs), setup: { cursor } } : s;
    case 'f2': case 'S': case 'escape': case 'q': case 'f10':
      return { ...s, setup: undefined, message: undefined };
    default: return s;
  }
}

/** What the file keeps, from the state. */
export function settingsOf(s: UiState): Settings {
  const d = defaultSettings();
  const view = (v: View) => ({ sort: s.views[v].sort, desc: s.views[v].desc, columns: [...shownColumns(s, v)] });
  return {
    ...(s.intervalMs !== undefined ? { intervalMs: s.intervalMs } : {}),
    mouse: s.mouse ?? d.mouse,
    theme: s.theme ?? d.theme,
    meters: s.meters ?? d.meters,
    tree: s.tree,
    pods: s.pods ?? false,
    hideKernel: s.hideKernel ?? false,
    views: { containers: view('containers'), namespaces: view('namespaces'), processes: view('processes') },
  };
}

/** The state with the file's settings in it. */
export function withSettings(s: UiState, c: Settings): UiState {
  const views = { ...s.views };
  const columns: Partial<Record<View, readonly string[]>> = {};
  for (const v of VIEWS) {
    views[v] = { ...views[v], sort: c.views[v].sort, desc: c.views[v].desc };
    if (c.views[v].columns.length !== allColumns(v).length) columns[v] = c.views[v].columns;
  }
  return { ...s, views, columns, mouse: c.mouse, theme: c.theme, meters: c.meters, tree: c.tree, pods: c.pods, hideKernel: c.hideKernel, ...(c.intervalMs !== undefined ? { intervalMs: c.intervalMs } : {}) };
}
