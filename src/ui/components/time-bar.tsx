// The replay's time bar, one line under the header: the shown sample's time, where it
// stands in the recording (a bar from the first sample to the last, events marked), and
// the keys that move it.
import type { Glyphs } from '../glyphs.js';
import { formatClock } from '../format.js';
import { REPLAY_HINTS, REPLAY_HINTS_ASCII, REPLAY_TOGGLE } from '../state/replay-keys.js';
import { Line, type Piece } from './line.js';

/** what the replay source says of its place (record/replay-source.ts's ReplayPlace) */
export type TimePlace = { time: number; at: number; first: number; last: number; events: readonly number[]; complete: boolean; resolutionMs?: number };

const p2 = (n: number) => String(n).padStart(2, '0');
export const dateTime = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${formatClock(t)}`;
};

/** the bar's cells: '-' time, '!' an event, '@' the shown moment */
export function barCells(place: TimePlace, width: number): string {
  const span = Math.max(1, place.last - place.first);
  const cell = (t: number) => Math.min(width - 1, Math.max(0, Math.floor(((t - place.first) / span) * width)));
  const cells = Array.from({ length: width }, () => '-');
  for (const e of place.events) if (e >= place.first && e <= place.last) cells[cell(e)] = '!';
  cells[cell(place.time)] = '@';
  return cells.join('');
}

export function timeBarPieces(place: TimePlace, width: number, g: Glyphs, live: boolean): Piece[] {
  const unicode = g.more === '…';
  const head: Piece[] = [
    { text: ' REPLAY ', style: 'alert' },
    { text: ` ${dateTime(place.time)}`, style: 'title' },
    ...(place.at !== place.time ? [{ text: ` (event ${formatClock(place.at)}.${String(place.at % 1000).padStart(3, '0')})`, style: 'bad' as const }] : []),
    ...(place.resolutionMs ? [{ text: ` 1/${place.resolutionMs / 60_000}min`, style: 'dim' as const }] : []),
    { text: ' ' },
  ];
  const range = ` ${formatClock(place.first)}${unicode ? '…' : '..'}${formatClock(place.last)}${place.complete ? '' : ' (indexing)'}`;
  const hints = `  ${unicode ? REPLAY_HINTS : REPLAY_HINTS_ASCII}${live ? `  ${REPLAY_TOGGLE} live` : ''}`;
  const used = head.reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0) + range.length + 2;
  // the hints only when the bar keeps 16 cells beside them
  const withHints = width - used - hints.length >= 16;
  const barWidth = Math.max(8, Math.min(120, width - used - (withHints ? hints.length : 0)));
  const cells = barCells(place, barWidth);
  const bar: Piece[] = [{ text: '[' }];
  // runs of the same cell kind as one piece each
  for (let i = 0; i < cells.length; ) {
    let j = i;
    while (j < cells.length && cells[j] === cells[i]) j++;
    const c = cells[i]!;
    const text = (c === '-' ? (unicode ? '─' : '-') : c === '!' ? '!' : unicode ? '●' : '@').repeat(j - i);
    bar.push({ text, style: c === '-' ? 'dim' : c === '!' ? 'bad' : 'accent' });
    i = j;
  }
  bar.push({ text: ']' });
  return [...head, ...bar, { text: range }, ...(withHints ? [{ text: hints, style: 'dim' as const }] : [])];
}

export function TimeBar({ place, width, color, g, live }: { place: TimePlace | undefined; width: number; color: boolean; g: Glyphs; live: boolean }) {
  if (!place) return <Line pieces={[{ text: ' REPLAY ', style: 'alert' }, { text: ' nothing to show' }]} width={width} g={g} color={color} />;
  return <Line pieces={timeBarPieces(place, width, g, live)} width={width} g={g} color={color} />;
}
