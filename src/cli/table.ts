// Plain-text tables for the CLI (ls, ns, ps): left-aligned text, right-aligned numbers,
// the last column free to run long like ps/lsns do. Cells hold names and command lines
// that processes chose: each is escaped (displayText) before the widths are measured.
import { displayText } from '../host/display-text.js';

export type Align = 'left' | 'right';
export type TextColumn<T> = { title: string; align?: Align; value: (row: T) => string };

export function renderTable<T>(rows: readonly T[], columns: readonly TextColumn<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => displayText(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => {
        if (i === values.length - 1) return v;
        return columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!);
      })
      .join(' ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n') + '\n';
}
