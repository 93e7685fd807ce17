// The mouse, pure: SGR reports (xterm's mode 1006: "\x1b[<B;X;YM" press, "...m" release,
// X and Y from 1) decoded by key-decode.ts into "mouse:B:X:Y:M", and a click's cell
// mapped to what the frame drew there: a table row, a column title, a view tab, an F-key
// label, a setup line. The map is built from the same layout and column fitting the
// frame is drawn with, so a click lands where the eye sees it.
import type { View } from './views.js';

/** enable: button presses and releases (1000, wheel included), in SGR form (1006, no
 *  223-column limit, never bytes Ink could read as text) */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';

export type MouseEvent = { button: number; x: number; y: number; press: boolean };

/** "mouse:0:10:5:M" -> { button 0, x 9, y 4, press }: x and y from 0 here. */
export function parseMouseKey(key: string): MouseEvent | undefined {
  const m = /^mouse:(\d+):(\d+):(\d+):([Mm])$/.exec(key);
  if (!m) return undefined;
  return { button: Number(m[1]), x: Number(m[2]) - 1, y: Number(m[3]) - 1, press: m[4] === 'M' };
}

/** Where things are on screen (lines and cells from 0). */
export type ScreenMap = {
  tabsY: number;
  tabs: readonly Span<View>[];
  /** the table's title line; rows below it */
  tableY: number;
  /** body rows shown (a page) and the first row's index */
  body: number;
  scroll: number;
  rowCount: number;
  columns: readonly ColumnSpan[];
  fkeysY: number;
  fkeys: readonly Span<string>[];
};

export type Span<T> = { value: T; from: number; to: number };

/** What hit-testing needs of a fitted column (ui/columns.ts FittedColumn, any row type). */
export type ColumnSpan = { col: { readonly id: string }; width: number };

export type Hit =
  | { kind: 'row'; index: number }
  | { kind: 'sort'; id: string }
  | { kind: 'tab'; view: View }
  | { kind: 'key'; key: string }
  | { kind: 'wheel'; dir: 1 | -1 }
  /** a line of the area the table takes (the setup screen maps it to its lines) */
  | { kind: 'line'; line: number }
  | { kind: 'none' };

const inSpan = <T>(spans: readonly Span<T>[], x: number): T | undefined => spans.find((s) => x >= s.from && x < s.to)?.value;

/** The cell each column starts at: a one-cell tag mark, then columns one space apart. */
export function columnAt(columns: readonly ColumnSpan[], x: number): string | undefined {
  let at = 1;
  for (const { col, width } of columns) {
    if (x >= at && x < at + width + 1) return col.id;
    at += width + 1;
  }
  return undefined;
}

export function hitTest(map: ScreenMap, e: MouseEvent): Hit {
  // wheel: buttons 64 (up) and 65 (down), modifiers in bits 2..4
  if (e.button & 64) return e.press ? { kind: 'wheel', dir: (e.button & 1) === 1 ? 1 : -1 } : { kind: 'none' };
  // only a left press counts (motion has bit 32; releases are 'm')
  if (!e.press || (e.button & ~28) !== 0) return { kind: 'none' };
  if (e.y === map.tabsY) {
    const v = inSpan(map.tabs, e.x);
    return v ? { kind: 'tab', view: v } : { kind: 'none' };
  }
  if (e.y === map.fkeysY) {
    const k = inSpan(map.fkeys, e.x);
    return k ? { kind: 'key', key: k } : { kind: 'none' };
  }
  if (e.y === map.tableY) {
    const id = columnAt(map.columns, e.x);
    return id ? { kind: 'sort', id } : { kind: 'line', line: 0 };
  }
  const row = e.y - map.tableY - 1;
  if (row >= 0 && row < map.body) {
    const index = map.scroll + row;
    return index < map.rowCount ? { kind: 'row', index } : { kind: 'line', line: row + 1 };
  }
  return { kind: 'none' };
}

/** Spans of consecutive labels drawn from `x0`: [text, value] in order, `gap` cells apart. */
export function spansOf<T>(items: readonly { text: string; value: T; gap?: number }[], x0 = 0): Span<T>[] {
  const out: Span<T>[] = [];
  let x = x0;
  for (const it of items) {
    const w = Array.from(it.text).length;
    out.push({ value: it.value, from: x, to: x + w });
    x += w + (it.gap ?? 0);
  }
  return out;
}
