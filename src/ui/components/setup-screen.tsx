// F2 setup: one line per setting (state/setup.ts), the chosen one highlighted, scrolled
// so it stays on screen (the list is longer than 80x24's table), under a title line that
// says where the settings are saved and the keys.
import { Box } from 'ink';
import { fit } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { scrollFor } from '../state/selection.js';
import { SETUP_ITEMS } from '../state/setup.js';
import type { UiState } from '../state/types.js';
import { Line, type Piece } from './line.js';

export type SetupScreenProps = { ui: UiState; startMs: number; path?: string | undefined; width: number; height: number; color: boolean; g: Glyphs };

const LABEL = 24;

/** The first setup line shown for this cursor and height (the mouse maps rows with it). */
export const setupScroll = (cursor: number, height: number): number => scrollFor(cursor, 0, Math.max(1, height - 1), SETUP_ITEMS.length);

export function SetupScreen({ ui, startMs, path, width, height, color, g }: SetupScreenProps) {
  const cursor = ui.setup?.cursor ?? 0;
  const body = Math.max(1, height - 1);
  const top = setupScroll(cursor, height);
  const title: Piece[] = [
    { text: ' Setup ', style: 'title' },
    { text: 'Up/Down pick  Left/Right/Space change  F2/Esc done', style: 'dim' },
    ...(path ? [{ text: `  saved to ${path}`, style: 'dim' as const }] : []),
  ];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Line pieces={title} width={width} g={g} color={color} fill="head" />
      {SETUP_ITEMS.slice(top, top + body).map((item, i) => {
        const at = top + i;
        const pieces: Piece[] = item.section
          ? [{ text: ` ${item.label}`, style: 'accent' }]
          : [{ text: `   ${fit(item.label, LABEL)} ` }, { text: item.value(ui, startMs), style: at === cursor ? undefined : 'ok' }];
        return <Line key={at} pieces={pieces} width={width} g={g} color={color} inverse={at === cursor} />;
      })}
    </Box>
  );
}
