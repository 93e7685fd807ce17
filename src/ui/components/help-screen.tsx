// The help screen: every binding of the keymap table, nothing written twice.
import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

const NAMES: Record<string, string> = { up: 'Up', down: 'Down', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', space: 'Space', tab: 'Tab', 'shift-tab': 'Shift-Tab', enter: 'Enter', escape: 'Esc', backspace: 'Backspace' };
const keyName = (k: string): string => NAMES[k] ?? (k.startsWith('f') && k.length > 1 ? k.toUpperCase() : k);

export function HelpScreen({ width, height }: { width: number; height: number }) {
  const rows = KEYMAP.map((b) => `${b.keys.map(keyName).join(', ').padEnd(18)} ${b.help}`);
  const perCol = Math.max(1, height - 4);
  const cols = Math.ceil(rows.length / perCol);
  const colWidth = Math.floor((width - 2) / Math.max(1, cols));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>nstop help — keys (any key returns)</Text>
      <Box>
        {Array.from({ length: cols }, (_, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {rows.slice(c * perCol, (c + 1) * perCol).map((r) => (
              <Text key={r} wrap="truncate">{r}</Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text dimColor wrap="truncate">MEMORY bar: green &lt;60% of limit, yellow &lt;85%, red above. n/a = not known on this host. TASKS counts threads.</Text>
    </Box>
  );
}
