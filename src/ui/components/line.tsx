// One screen line made of styled pieces (text, bars, sparklines), cut to `width` cells so
// Ink never wraps or adds its own ellipsis, and painted into one string (tone.ts says why).
// Every line of the dashboard is drawn here: text pieces get their control characters
// spelled out (displayText) whatever built them, a name, a message or a log line.
import { Text } from 'ink';
import { displayText } from '../../host/display-text.js';
import { levelTone, type Tone } from '../columns/column.js';
import { cells } from '../format.js';
import { barText, sparkText, type Glyphs } from '../glyphs.js';
import { paint, type Style } from './tone.js';

export type Piece =
  | { text: string; style?: Style }
  /** a meter: `bar` of `width` cells filled, green/yellow/red by level; with `limit`,
   *  the last cell is the limit line the usage runs into */
  | { bar: number; width: number; tone?: Tone; limit?: boolean; limitTone?: Tone }
  /** recent values as ▁▂▃▄▅▆▇█ (ASCII: .:-=+*#%@), newest on the right */
  | { spark: readonly number[]; width: number; max?: number; tone?: Tone };

const widthOf = (p: Piece): number => ('text' in p ? cells(p.text) : p.width);

/** The pieces that fit in `width` cells, their text escaped; a cut text piece ends with g.more. */
export function clip(pieces: readonly Piece[], width: number, g: Glyphs): Piece[] {
  const out: Piece[] = [];
  let left = width;
  for (let p of pieces) {
    if ('text' in p) {
      const text = displayText(p.text);
      if (text !== p.text) p = { ...p, text };
    }
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

export function piecesWidth(pieces: readonly Piece[]): number {
  let w = 0;
  for (const p of pieces) w += widthOf(p);
  return w;
}

function pieceText(p: Piece, g: Glyphs, color: boolean): string {
  if ('text' in p) return paint(p.text, p.style, color);
  if ('spark' in p) return paint(sparkText(p.spark, p.width, g, p.max), p.tone, color);
  const withLimit = p.limit === true && p.width > 1;
  const fill = paint(barText(p.bar, withLimit ? p.width - 1 : p.width, g), p.tone ?? levelTone(p.bar), color);
  return withLimit ? fill + paint(g.limit, p.limitTone, color) : fill;
}

export type LineProps = { pieces: readonly Piece[]; width: number; g: Glyphs; color: boolean; fill?: Style; inverse?: boolean };

/** The line as one string with its escape codes (inverse is left to the Text around it). */
export function lineText({ pieces, width, g, color, fill, inverse }: LineProps): string {
  const shown = clip(pieces, width, g);
  let out = '';
  for (const p of shown) out += pieceText(p, g, color);
  if (fill !== undefined || inverse) out += paint(' '.repeat(Math.max(0, width - piecesWidth(shown))), fill, color);
  return out;
}

/** `fill`: style of the padding up to `width` (a full-width bar, like htop's table header). */
export function Line(p: LineProps) {
  return (
    <Text wrap="truncate-end" inverse={p.inverse}>
      {lineText(p)}
    </Text>
  );
}
