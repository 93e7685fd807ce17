// Every non-letter the dashboard draws, in Unicode and in plain ASCII (non-UTF-8 locale).
// Components and columns take a Glyphs set; nothing else spells a box-drawing character.

export type Glyphs = {
  /** bar cells: full, empty, and partial eighths (1/8..7/8) for a finer edge. */
  barFull: string;
  barEmpty: string;
  barEighths: readonly string[];
  /** sparkline levels, lowest first. */
  spark: readonly string[];
  tee: string;
  elbow: string;
  pipe: string;
  gap: string;
  more: string;
  sortDesc: string;
  sortAsc: string;
  tag: string;
  sep: string;
  ellipsis: string;
  /** the limit line at the end of a usage bar */
  limit: string;
};

export const UNICODE: Glyphs = {
  barFull: '█',
  barEmpty: '░',
  barEighths: ['▏', '▎', '▍', '▌', '▋', '▊', '▉'],
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  tee: '├─',
  elbow: '└─',
  pipe: '│ ',
  gap: '  ',
  more: '…',
  sortDesc: '▼',
  sortAsc: '▲',
  tag: '*',
  sep: '│',
  ellipsis: '…',
  limit: '▕',
};

export const ASCII: Glyphs = {
  barFull: '#',
  barEmpty: '.',
  barEighths: [],
  spark: ['.', ':', '-', '=', '+', '*', '#', '%', '@'],
  tee: '|-',
  elbow: '`-',
  pipe: '| ',
  gap: '  ',
  more: '~',
  sortDesc: 'v',
  sortAsc: '^',
  tag: '*',
  sep: '|',
  ellipsis: '...',
  limit: '|',
};

export const glyphsFor = (unicode: boolean): Glyphs => (unicode ? UNICODE : ASCII);

/** `fraction` (0..1) of `width` cells filled; exactly `width` cells long. */
export function barText(fraction: number, width: number, g: Glyphs): string {
  if (width <= 0) return '';
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  let full = Math.floor(eighths / 8);
  let part = '';
  const rest = eighths % 8;
  if (rest > 0 && full < width) {
    if (g.barEighths.length > 0) part = g.barEighths[rest - 1]!;
    else if (rest >= 4) full++;
  }
  return g.barFull.repeat(full) + part + g.barEmpty.repeat(width - full - (part ? 1 : 0));
}

/** The last `width` values as a sparkline scaled 0..max (default: the largest value);
 *  right-aligned, blank where there is no history yet. */
export function sparkText(values: readonly number[], width: number, g: Glyphs, max?: number): string {
  if (width <= 0) return '';
  const v = values.slice(-width);
  const top = max !== undefined && Number.isFinite(max) && max > 0 ? max : Math.max(0, ...v);
  const levels = g.spark.length;
  const s = v.map((x) => {
    const i = top > 0 ? Math.round((Math.max(0, x) / top) * (levels - 1)) : 0;
    return g.spark[Math.min(levels - 1, i)]!;
  });
  return ' '.repeat(width - s.length) + s.join('');
}
