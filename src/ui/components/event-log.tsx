// The last limit events under the containers table: "12:03:04 box oom_kill 1 (+1)".
// A container that keeps hitting one limit shows once (its latest), so one noisy
// container cannot push an OOM kill elsewhere off the pane.
import { Box } from 'ink';
import type { LimitEvent, LimitEventKind } from '../../model/types.js';
import { formatClock } from '../format.js';
import { eventWhat } from '../../model/event-text.js';
import type { Glyphs } from '../glyphs.js';
import { Line } from './line.js';
import type { Style } from './tone.js';

export type EventLogProps = { events: readonly LimitEvent[]; rows: number; width: number; color: boolean; g: Glyphs };

const KIND_STYLE: Record<LimitEventKind, Style> = {
  oom: 'bad', oom_kill: 'bad', pids_max: 'bad', memory_max: 'warn', memory_high: 'warn', throttled: 'warn',
  frozen: 'accent', thawed: 'accent', start: 'ok', exit: 'dim',
};

export function eventText(e: LimitEvent): string {
  return `${formatClock(e.time)} ${e.container} ${eventWhat(e)}`;
}

/** The newest `rows` events, newest last, one per (container, kind). */
export function recentEvents(events: readonly LimitEvent[], rows: number): LimitEvent[] {
  const seen = new Set<string>();
  const out: LimitEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < rows; i--) {
    const e = events[i]!;
    const k = `${e.containerId}\u0000${e.kind}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out.reverse();
}

export function EventLog({ events, rows, width, color, g }: EventLogProps) {
  const shown = recentEvents(events, rows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <Line pieces={[{ text: 'Events', style: 'title' }, { text: `  last ${shown.length} of ${events.length}` }]} width={width} g={g} color={color} />
      {shown.map((e, i) => (
        <Line key={i} pieces={[{ text: eventText(e), style: KIND_STYLE[e.kind] }]} width={width} g={g} color={color} />
      ))}
    </Box>
  );
}
