// The last limit events (oom_kill, pids max, start, exit…) under the containers table.
import { Box, Text } from 'ink';
import type { LimitEvent } from '../../model/types.js';

const hhmmss = (t: number): string => new Date(t).toTimeString().slice(0, 8);

export function EventLog({ events, rows, width, color }: { events: LimitEvent[]; rows: number; width: number; color: boolean }) {
  const last = events.filter((e) => e.kind !== 'throttled').slice(-rows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <Text dimColor>events</Text>
      {last.map((e, i) => (
        <Text key={i} wrap="truncate" color={color && (e.kind === 'oom_kill' || e.kind === 'pids_max') ? 'red' : undefined}>
          {`${hhmmss(e.time)} ${e.container} ${e.kind}${e.value !== undefined ? ` ${e.value}` : ''}${e.delta ? ` (+${e.delta})` : ''}`}
        </Text>
      ))}
    </Box>
  );
}
