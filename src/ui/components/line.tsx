// One screen line made of styled pieces (text, bars, sparklines), cut to `width` cells so
// Ink never wraps or adds its own ellipsis.
import { Text } from 'ink';
import type { Tone } from '../columns/column.js';
import { cells } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { Bar } from './bar.js';
import { Sparkline } from './sparkline.js';
import { styleProps, type Style } from './tone.js';

export type Piece =
  | { text: string; style?: Style }
  | { bar: number; width: number; tone?: Tone; limit?: boolean; limitTone?: Tone }
  | { spark: readonly number[]; width: number; max?: number; tone?: Tone };

const widthOf = (p: Piece): number => ('text' in p ? cells(p.text) : p.width);

/** The pieces that fit in `width` cells; a cut text piece ends with g.more. */
export function clip(pieces: readonly Piece[], width: number, g: Glyphs): Piece[] {
  const out: Piece[] = [];
  let left = width;
  for (const p of pieces) {
    const w = widthOf(p);
    if (w <= left) {
      out.push(p);
      left -= w;
      continue;
    }
    if (left > 0) {
      if ('text' in p) out.push({ ...p, text: Array.from(p.text).slice(0, left - 1).join('') + g.more });
      else out.push({ ...p, width: left });
    }
    break;
  }
  return out;
}

export const piecesWidth = (pieces: readonly Piece[]): number => pieces.reduce((a, p) => a + widthOf(p), 0);

export type LineProps = { pieces: readonly Piece[]; width: number; g: Glyphs; color: boolean; fill?: Style; inverse?: boolean };

/** `fill`: style of the padding up to `width` (a full-width bar, like htop's table header). */
export function Line({ pieces, width, g, color, fill, inverse }: LineProps) {
  const shown = clip(pieces, width, g);
  const pad = width - piecesWidth(shown);
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {shown.map((p, i) =>
        'text' in p ? (
          <Text key={i} {...styleProps(p.style, color)}>{p.text}</Text>
        ) : 'bar' in p ? (
          <Bar key={i} fraction={p.bar} width={p.width} g={g} color={color} tone={p.tone} limit={p.limit} limitTone={p.limitTone} />
        ) : (
          <Sparkline key={i} values={p.spark} width={p.width} max={p.max} g={g} color={color} tone={p.tone} />
        ),
      )}
      {fill !== undefined || inverse ? <Text {...styleProps(fill, color)}>{' '.repeat(Math.max(0, pad))}</Text> : null}
    </Text>
  );
}
