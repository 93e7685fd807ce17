// The help screen, generated from the keymap and column tables: nothing written twice.
import { Box } from 'ink';
import { COLUMNS } from '../columns.js';
import { fit } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { KEYMAP, keyLabel, PROMPT_KEYS } from '../keymap.js';
import { VIEW_TITLES, type View } from '../views.js';
import { Line, type Piece } from './line.js';

export type HelpScreenProps = { view: View; width: number; height: number; color: boolean; g: Glyphs };

type Entry = { key: string; help: string };

const KEY_WIDTH = 11;

export function helpEntries(): { keys: Entry[]; prompt: Entry[] } {
  const keys = KEYMAP.map((b) => ({ key: b.keys.map(keyLabel).join(' '), help: b.help }));
  const prompt = PROMPT_KEYS.map((b) => ({ key: b.keys.map(keyLabel).join(' '), help: b.help }));
  return { keys, prompt };
}

/** Entries laid out in `cols` columns, row-major down each column. */
function grid(entries: Entry[], cols: number, width: number, style: 'title' | 'accent'): Piece[][] {
  const per = Math.ceil(entries.length / cols);
  const colWidth = Math.floor(width / cols);
  return Array.from({ length: per }, (_, r) =>
    Array.from({ length: cols }, (_, c) => entries[c * per + r]).flatMap((e): Piece[] =>
      e ? [{ text: fit(e.key, KEY_WIDTH), style }, { text: fit(e.help, colWidth - KEY_WIDTH - 1) + ' ' }] : [],
    ),
  );
}

export function HelpScreen({ view, width, height, color, g }: HelpScreenProps) {
  const { keys, prompt } = helpEntries();
  const cols = width >= 80 ? 2 : 1;
  const legend = COLUMNS[view].map((c) => ({ key: c.title, help: c.help }));
  const lines: Piece[][] = [
    [{ text: 'nstop help', style: 'title' }, { text: ` - keys (any key returns); columns of the ${VIEW_TITLES[view]} view below` }],
    ...grid(keys, cols, width, 'title'),
    [{ text: 'In the bottom line (search, filter, signal, y/n):', style: 'accent' }],
    ...grid(prompt, cols, width, 'title'),
    [{ text: `Columns (${VIEW_TITLES[view]}); n/a = not known on this host, max = no limit:`, style: 'accent' }],
    ...grid(legend, width >= 120 ? 1 : cols, width, 'accent'),
  ];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {lines.slice(0, height).map((pieces, i) => (
        <Line key={i} pieces={pieces} width={width} g={g} color={color} />
      ))}
    </Box>
  );
}
