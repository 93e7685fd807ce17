// A table that renders only the rows that fit: header with the sort mark, selected row
// in inverse, tagged rows marked with "*".
import { Box, Text } from 'ink';
import type { Cell, Column, Ctx, Tone } from '../columns.js';
import { fitColumns } from '../columns.js';

export type TableProps<R> = {
  columns: Column<R>[];
  rows: R[];
  keys: string[];
  selected: number;
  sort: number;
  desc: boolean;
  tagged: ReadonlySet<string>;
  width: number;
  height: number;
  color: boolean;
  ctx: Ctx;
};

const TONES: Record<Exclude<Tone, undefined>, string> = { ok: 'green', warn: 'yellow', bad: 'red', dim: 'gray', hot: 'magentaBright' };

const fit = (text: string, width: number, right?: boolean): string => {
  const t = text.length > width ? text.slice(0, Math.max(0, width - 1)) + (width > 0 ? '~' : '') : text;
  return right ? t.padStart(width) : t.padEnd(width);
};

/** First visible row so that `selected` is on screen. */
export const scrollTop = (selected: number, height: number, total: number): number =>
  Math.max(0, Math.min(selected - Math.floor(height / 2), total - height));

export function Table<R>(p: TableProps<R>) {
  const cols = fitColumns(p.columns, p.width - 1);
  const bodyHeight = Math.max(1, p.height - 1);
  const top = scrollTop(p.selected, bodyHeight, p.rows.length);
  const visible = p.rows.slice(top, top + bodyHeight);
  const head = cols
    .map(({ col, width }) => {
      const mark = p.columns.indexOf(col) === p.sort ? (p.desc ? 'v' : '^') : '';
      return fit(col.title + mark, width, col.align === 'right');
    })
    .join(' ');
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Text inverse={!p.color} backgroundColor={p.color ? 'green' : undefined} color={p.color ? 'black' : undefined} wrap="truncate">
        {fit(' ' + head, p.width)}
      </Text>
      {visible.map((row, i) => {
        const index = top + i;
        const key = p.keys[index] ?? String(index);
        const sel = index === p.selected;
        const cells = cols.map(({ col, width }) => ({ cell: col.cell(row, p.ctx), width, right: col.align === 'right' }));
        return (
          <Text key={key} inverse={sel} wrap="truncate">
            {p.tagged.has(key) ? '*' : ' '}
            {cells.map(({ cell, width, right }, j) => (
              <Text key={j} color={p.color && !sel && cell.tone ? TONES[cell.tone] : undefined}>
                {fit(cell.text, width, right) + (j < cells.length - 1 ? ' ' : '')}
              </Text>
            ))}
          </Text>
        );
      })}
      {p.rows.length === 0 ? <Text dimColor>  (nothing to show)</Text> : null}
    </Box>
  );
}

export type { Cell };
