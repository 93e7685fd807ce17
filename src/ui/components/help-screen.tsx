// The help screen, generated from the keymap and column tables: nothing written twice.
// Taller than the screen on 80x24: it scrolls (Up/Down, PgUp/PgDn, Home/End, Space) under
// a title line that stays; below 120 columns it is one column and long entries wrap, so
// every key and every column's legend can be read in full.
import { Box } from 'ink';
import { COLUMNS } from '../columns.js';
import { HOST_COLUMN } from '../columns/host-column.js';
import { fit } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { KEYMAP, keyLabel, PROMPT_KEYS } from '../keymap.js';
import { REPLAY_KEYS, REPLAY_TOGGLE } from '../state/replay-keys.js';
import { VIEW_TITLES, type View } from '../views.js';
import { Line, type Piece } from './line.js';

export type HelpScreenProps = { view: View; scroll: number; width: number; height: number; color: boolean; g: Glyphs };

type Entry = { key: string; help: string };

const KEY_WIDTH = 11;
/** below this, one column: two would cut the help texts to ~28 cells */
const TWO_COLUMNS = 120;

export function helpEntries(): { keys: Entry[]; prompt: Entry[]; replay: Entry[] } {
  const keys = KEYMAP.map((b) => ({ key: b.keys.map(keyLabel).join(' '), help: b.help }));
  const prompt = PROMPT_KEYS.map((b) => ({ key: b.keys.map(keyLabel).join(' '), help: b.help }));
  const replay = [
    { key: REPLAY_TOGGLE, help: "live: into the running recorder's recording; in it: back to live" },
    ...REPLAY_KEYS.map((b) => ({ key: b.keys.map(keyLabel).join(' '), help: b.help })),
  ];
  return { keys, prompt, replay };
}

/** `text` in pieces of at most `width` cells, broken at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 3 ? cut : width;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

/** One entry a line or more: the key, then its help wrapped beside it. */
function column(entries: Entry[], width: number, style: 'title' | 'accent'): Piece[][] {
  const helpWidth = Math.max(10, width - KEY_WIDTH - 1);
  return entries.flatMap((e) => wrap(e.help, helpWidth).map((part, i): Piece[] => [{ text: fit(i === 0 ? e.key : '', KEY_WIDTH), style }, { text: ' ' + part }]));
}

/** Entries laid out in two columns, row-major down each column (wide terminals). */
function grid(entries: Entry[], width: number, style: 'title' | 'accent'): Piece[][] {
  const per = Math.ceil(entries.length / 2);
  const colWidth = Math.floor(width / 2);
  return Array.from({ length: per }, (_, r) =>
    [entries[r], entries[per + r]].flatMap((e): Piece[] =>
      e ? [{ text: fit(e.key, KEY_WIDTH), style }, { text: fit(e.help, colWidth - KEY_WIDTH - 1) + ' ' }] : [],
    ),
  );
}

/** Every line below the title, for `view` at `width`. */
export function helpLines(view: View, width: number): Piece[][] {
  const { keys, prompt, replay } = helpEntries();
  const lay = (entries: Entry[], style: 'title' | 'accent') => (width >= TWO_COLUMNS ? grid(entries, width, style) : column(entries, width, style));
  // HOST is shown only for a source of many hosts (--prometheus), after NAME
  const cols = view === 'containers' ? [COLUMNS.containers[0]!, HOST_COLUMN, ...COLUMNS.containers.slice(1)] : COLUMNS[view];
  const legend = cols.map((c) => ({ key: c.title, help: c.help }));
  return [
    ...lay(keys, 'title'),
    [{ text: 'In the bottom line (search, filter, signal, y/n):', style: 'accent' }],
    ...lay(prompt, 'title'),
    [{ text: `Columns (${VIEW_TITLES[view]}); n/a = not known on this host, max = no limit:`, style: 'accent' }],
    ...column(legend, width, 'accent'),
    [{ text: 'Replay (R, nstop replay; actions are off there):', style: 'accent' }],
    ...lay(replay, 'title'),
  ];
}

/** How far the help scrolls (its last line at the bottom) and a page, for `height` lines. */
export function helpRange(view: View, width: number, height: number): { max: number; page: number } {
  const body = Math.max(1, height - 1);
  return { max: Math.max(0, helpLines(view, width).length - body), page: body };
}

export function HelpScreen({ view, scroll, width, height, color, g }: HelpScreenProps) {
  const lines = helpLines(view, width);
  const body = Math.max(1, height - 1);
  const from = Math.max(0, Math.min(scroll, lines.length - body));
  const to = Math.min(lines.length, from + body);
  // short enough for 80 columns: the section lines below say what each part is
  const where = lines.length > body ? `  lines ${from + 1}-${to} of ${lines.length}  Up/Down PgUp/PgDn: scroll ` : '';
  const title: Piece[] = [{ text: 'nstop help', style: 'title' }, { text: `${where} other keys: back` }];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Line pieces={title} width={width} g={g} color={color} />
      {lines.slice(from, to).map((pieces, i) => (
        <Line key={i} pieces={pieces} width={width} g={g} color={color} />
      ))}
    </Box>
  );
}
