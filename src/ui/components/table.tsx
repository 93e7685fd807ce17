// A table that renders only the rows on screen: a header line with the sort mark, then
// rows from `scroll`; the selected row in inverse, tagged rows marked and coloured.
import { Box, Text } from 'ink';
import { fitColumns, type Column, type Ctx, type FittedColumn, type Tone } from '../columns.js';
import { fit } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { Line, type Piece } from './line.js';

export type TableProps = {
  columns: readonly Column<unknown>[];
  rows: readonly unknown[];
  keys: readonly string[];
  selected: number;
  scroll: number;
  sort: string;
  desc: boolean;
  tagged: ReadonlySet<string>;
  width: number;
  /** lines including the header line */
  height: number;
  color: boolean;
  ctx: Ctx;
  /** shown when there are no rows */
  empty: string;
};

function headerPieces(cols: FittedColumn<unknown>[], p: TableProps, g: Glyphs): Piece[] {
  const out: Piece[] = [{ text: ' ', style: 'head' }];
  cols.forEach(({ col, width }, i) => {
    const sorted = col.id === p.sort;
    const title = sorted ? `${col.title}${p.desc ? g.sortDesc : g.sortAsc}` : col.title;
    out.push({ text: fit(title, width, col.align, g.more), style: sorted ? 'sorted' : 'head' });
    if (i < cols.length - 1) out.push({ text: ' ', style: 'head' });
  });
  return out;
}

const SPACE: Piece = { text: ' ' };

/** On the selected (inverse) row colours are dropped, except a limit hit's: it must show
 *  on the row the demo just selected. */
const keep = (tone: Tone | undefined, plain: boolean): Tone | undefined => (plain && tone !== 'hot' ? undefined : tone);

function cellPieces(col: Column<unknown>, row: unknown, ctx: Ctx, width: number, plain: boolean): Piece[] {
  if (col.draw) {
    const segs = col.draw(row, ctx, width);
    // loops, not map() with a closure per call (V8 recompiles dead closures after every
    // full GC; README: "Memory")
    const out: Piece[] = [];
    for (const s of segs) out.push(plain ? { ...s, tone: undefined, ...('bar' in s ? { limitTone: undefined } : {}) } : 'text' in s ? { text: s.text, style: s.tone } : s);
    return out;
  }
  return [{ text: fit(col.render(row, ctx), width, col.align, ctx.g.more), style: keep(col.tone?.(row, ctx), plain) }];
}

function rowPieces(cols: FittedColumn<unknown>[], row: unknown, ctx: Ctx, tagged: boolean, selected: boolean): Piece[] {
  const out: Piece[] = [{ text: tagged ? ctx.g.tag : ' ', style: tagged && !selected ? 'tagged' : undefined }];
  for (let i = 0; i < cols.length; i++) {
    const { col, width } = cols[i]!;
    for (const c of cellPieces(col, row, ctx, width, selected)) out.push(tagged && !selected && 'text' in c ? { ...c, style: 'tagged' as const } : c);
    if (i < cols.length - 1) out.push(SPACE);
  }
  return out;
}

export function Table(p: TableProps) {
  const g = p.ctx.g;
  const cols = fitColumns(p.columns, p.width - 1);
  const body = Math.max(0, p.height - 1);
  const visible = p.rows.slice(p.scroll, p.scroll + body);
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflowY="hidden">
      <Line pieces={headerPieces(cols, p, g)} width={p.width} g={g} color={p.color} fill="head" />
      {visible.map((row, i) => {
        const index = p.scroll + i;
        const key = p.keys[index] ?? String(index);
        const selected = index === p.selected;
        return <Line key={key} pieces={rowPieces(cols, row, p.ctx, p.tagged.has(key), selected)} width={p.width} g={g} color={p.color} inverse={selected} />;
      })}
      {p.rows.length === 0 ? <Text>{fit(`  ${p.empty}`, p.width, 'left', g.more)}</Text> : null}
    </Box>
  );
}
