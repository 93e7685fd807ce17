// Bars and sparklines, in Unicode or plain ASCII (non-UTF-8 terminals).

export type Glyphs = { full: string; empty: string; spark: string[]; tee: string; elbow: string; pipe: string };

export const UNICODE: Glyphs = { full: '█', empty: '░', spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'], tee: '├─', elbow: '└─', pipe: '│ ' };
export const ASCII: Glyphs = { full: '#', empty: '.', spark: ['_', '.', '-', '=', '+', '*', '#', '@'], tee: '|-', elbow: '`-', pipe: '| ' };

/** fraction 0..1 of width cells filled. */
export function bar(fraction: number, width: number, g: Glyphs): string {
  const f = Math.max(0, Math.min(1, fraction));
  const filled = Math.round(f * width);
  return g.full.repeat(filled) + g.empty.repeat(width - filled);
}

/** last `width` values scaled to max (or to the largest value). */
export function sparkline(values: readonly number[], width: number, g: Glyphs, max?: number): string {
  const v = values.slice(-width);
  const top = max ?? Math.max(1e-9, ...v);
  const s = v.map((x) => g.spark[Math.min(g.spark.length - 1, Math.max(0, Math.round((x / top) * (g.spark.length - 1))))]!).join('');
  return s.padStart(width);
}
