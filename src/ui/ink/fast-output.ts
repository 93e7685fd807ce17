// A drop-in for Ink 6's Output.get() (node_modules/ink/build/output.js) that gives the
// same string with far less work. Ink's own get() builds a fresh cell object for each of
// the 7,200 cells of a 160x45 frame, tokenizes every line again and joins every row again
// through a per-cell ANSI diff: measured at 10-14 ms and ~17 MB of garbage per frame at
// 10k processes, most of the dashboard's CPU once the reads were cut. Here:
// - empty cells are one shared object (Ink only reads cells, never mutates them);
// - a line's styled characters are kept from one frame to the next (keyed by the line's
//   text after Ink's transformers, so the same text always gives the same characters);
// - a row whose cells are the very same objects as last frame's row keeps last frame's
//   joined string, so only rows that changed are joined again.
// Horizontal clipping (slice-ansi) is left to Ink's own get(): the dashboard's boxes clip
// only vertically, and one path less is one way less to differ from Ink.

export type Cell = { type: string; value: string; fullWidth: boolean; styles: unknown[] };
export type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
export type Transformer = (line: string, index: number) => string;
export type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };
/** The parts of an Ink Output instance the drop-in reads. */
export type OutputLike = {
  width: number;
  height: number;
  operations: Operation[];
  caches: { getStyledChars(line: string): Cell[]; getStringWidth(text: string): number };
};
export type OutputResult = { output: string; height: number };

const BLANK: Cell = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) as unknown as unknown[] });
const WIDTHS_KEPT = 20_000;

/** What is kept between frames. One per screen: a second Output (Ink's <Static>) would
 * only lower the hit rate, never change a result, since a hit needs identical cells. */
export class FrameMemo {
  private styled = new Map<string, Cell[]>();
  private styledBefore = new Map<string, Cell[]>();
  private widths = new Map<string, number>();
  private fillers = new WeakMap<Cell, Cell>();
  private rows: { cells: Cell[]; text: string }[] = [];

  constructor(private readonly join: (cells: Cell[]) => string) {}

  /** Start of a frame: lines not used in the last two frames are let go. */
  nextFrame(): void {
    this.styledBefore = this.styled;
    this.styled = new Map();
  }

  styledChars(line: string, o: OutputLike): Cell[] {
    let chars = this.styled.get(line);
    if (chars) return chars;
    chars = this.styledBefore.get(line) ?? o.caches.getStyledChars(line).map(plainCell);
    this.styled.set(line, chars);
    return chars;
  }

  width(text: string, o: OutputLike): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      if (this.widths.size >= WIDTHS_KEPT) this.widths.clear();
      w = o.caches.getStringWidth(text);
      this.widths.set(text, w);
    }
    return w;
  }

  /** The cell Ink puts behind a wide character: same styles, empty value. */
  filler(ch: Cell): Cell {
    let f = this.fillers.get(ch);
    if (!f) {
      f = { type: 'char', value: '', fullWidth: false, styles: ch.styles };
      this.fillers.set(ch, f);
    }
    return f;
  }

  rowText(y: number, cells: Cell[]): string {
    const before = this.rows[y];
    if (before && sameCells(before.cells, cells)) return before.text;
    const text = this.join(cells).trimEnd();
    this.rows[y] = { cells, text };
    return text;
  }
}

/** The same cell as a plain literal. ansi-tokenize makes cells as {...token, styles},
 *  and on Node 20's V8 each such spread copy has a hidden class of its own: kept for
 *  two frames, 7,000 cells were 7,000 maps (~2 MB). Ink's join reads value and styles. */
const plainCell = (c: Cell): Cell => ({ type: c.type, value: c.value, fullWidth: c.fullWidth, styles: c.styles });

function sameCells(a: Cell[], b: Cell[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const clipsHorizontally = (c: Clip | undefined): boolean => typeof c?.x1 === 'number' && typeof c?.x2 === 'number';
const clipsVertically = (c: Clip | undefined): boolean => typeof c?.y1 === 'number' && typeof c?.y2 === 'number';

/** Output.get() for `o`, or undefined when the frame clips horizontally (Ink's own get() then). */
export function fastGet(o: OutputLike, memo: FrameMemo): OutputResult | undefined {
  for (const op of o.operations) if (op.type === 'clip' && clipsHorizontally(op.clip)) return undefined;
  memo.nextFrame();
  const columns = Math.max(0, Math.ceil(o.width));
  const rows: Cell[][] = [];
  for (let y = 0; y < o.height; y++) rows.push(new Array<Cell>(columns).fill(BLANK));
  const clips: Clip[] = [];
  for (const op of o.operations) {
    if (op.type === 'clip') clips.push(op.clip);
    if (op.type === 'unclip') clips.pop();
    if (op.type !== 'write') continue;
    let { y } = op;
    let lines = op.text.split('\n');
    const clip = clips.at(-1);
    if (clip && clipsVertically(clip)) {
      const { y1, y2 } = clip as Required<Clip>;
      const height = lines.length;
      if (y + height < y1 || y > y2) continue;
      lines = lines.slice(y < y1 ? y1 - y : 0, y + height > y2 ? y2 - y : height);
      if (y < y1) y = y1;
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      const row = rows[y + offsetY];
      // as in Ink: a line below the frame is dropped without moving on a row
      if (!row) continue;
      let line = lines[index]!;
      for (const t of op.transformers) line = t(line, index);
      let x = op.x;
      for (const ch of memo.styledChars(line, o)) {
        row[x] = ch;
        const w = Math.max(1, memo.width(ch.value, o));
        for (let i = 1; i < w; i++) row[x + i] = memo.filler(ch);
        x += w;
      }
      offsetY++;
    }
  }
  const text = rows.map((row, y) => memo.rowText(y, row.length === columns ? row : row.filter((c) => c !== undefined)));
  return { output: text.join('\n'), height: rows.length };
}
