// A detached container's last output lines, in place of the event log (l toggles it).
import { Box } from 'ink';
import type { Glyphs } from '../glyphs.js';
import { Line } from './line.js';

export type LogPaneProps = { name: string; lines: readonly string[] | undefined; rows: number; width: number; color: boolean; g: Glyphs };

export function LogPane({ name, lines, rows, width, color, g }: LogPaneProps) {
  const shown = (lines ?? []).slice(-rows);
  const note = lines === undefined ? '  no log: it runs in the foreground' : lines.length === 0 ? '  (no output yet)' : '';
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <Line pieces={[{ text: `Log of ${name}`, style: 'title' }, { text: `${note}  (l closes)`, style: 'dim' }]} width={width} g={g} color={color} />
      {shown.map((l, i) => (
        <Line key={i} pieces={[{ text: l || ' ' }]} width={width} g={g} color={color} />
      ))}
    </Box>
  );
}
