// A drop-in for Ink 6's Output.get() (node_modules/ink/build/output.js) that gives the
// same string with far less work. Ink's own get() builds a fresh cell object for each of
// the 7,200 cells of a 160x45 frame, tokenizes every line again and joins every row again
// through a per-cell ANSI diff: measured at 10-14 ms and ~17 MB of garbage per frame at
// 10k processes, most of the dashboard's CPU once the reads were cut. Here:
// - empty cells are one shared object (Ink only reads cells, never mutates them);
// - a line's styled characters are kept from one frame to the next (keyed by the line's
//   text after Ink's transformers, so the same text always gives the same characters);
// - a row's text is kept by what was written on it (x and line, in order, and the frame's
//   width): a row written the same way in the last two frames, at any height, is not laid
//   out in cells or joined again; only new rows are.
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
  private joined = new Map<string, string>();
  private joinedBefore = new Map<string, string>();

  constructor(private readonly join: (cells: Cell[]) => string) {}

  /** Start of a frame: lines not used in the last two frames are let go. */
  nextFrame(): void {
    this.styledBefore = this.styled;
    this.styled = new Map();
    this.joinedBefore = this.joined;
    this.joined = new Map();
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

  rowText(columns: number, writes: readonly Write[], o: OutputLike): string {
    const sig = signature(columns, writes);
    let text = this.joined.get(sig);
    if (text !== undefined) return text;
    text = this.joinedBefore.get(sig) ?? this.join(layOut(columns, writes, o, this)).trimEnd();
    this.joined.set(sig, text);
    return text;
  }
}

/** The same cell as a plain literal. ansi-tokenize makes cells as {...token, styles},
 *  and on Node 20's V8 each such spread copy has a hidden class of its own: kept for
 *  two frames, 7,000 cells were 7,000 maps (~2 MB). Ink's join reads value and styles. */
const plainCell = (c: Cell): Cell => ({ type: c.type, value: c.value, fullWidth: c.fullWidth, styles: c.styles });

const clipsHorizontally = (c: Clip | undefined): boolean => typeof c?.x1 === 'number' && typeof c?.x2 === 'number';
const clipsVertically = (c: Clip | undefined): boolean => typeof c?.y1 === 'number' && typeof c?.y2 === 'number';

/** Output.get() for `o`, or undefined when the frame clips horizontally (Ink's own get() then). */
export function fastGet(o: OutputLike, memo: FrameMemo): OutputResult | undefined {
  for (const op of o.operations) if (op.type === 'clip' && clipsHorizontally(op.clip)) return undefined;
  memo.nextFrame();
  const columns = Math.max(0, Math.ceil(o.width));
  // first what lands on each row: (x, line) in order
  const writes: Write[][] = [];
  for (let y = 0; y < o.height; y++) writes.push([]);
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
      const row = writes[y + offsetY];
      // as in Ink: a line below the frame is dropped without moving on a row
      if (!row) continue;
      let line = lines[index]!;
      for (const t of op.transformers) line = t(line, index);
      row.push({ x: op.x, line });
      offsetY++;
    }
  }
  // then each row's text: the same writes on the same width give the same text, so only
  // a row never seen in the last two frames is laid out in cells and joined (a sorted
  // table moves its lines between rows every frame: they are still found)
  const text: string[] = [];
  for (const row of writes) text.push(memo.rowText(columns, row, o));
  return { output: text.join('\n'), height: writes.length };
}

type Write = { x: number; line: string };

function signature(columns: number, writes: readonly Write[]): string {
  let sig = String(columns);
  for (const w of writes) sig += `\u0001${w.x}\u0000${w.line}`;
  return sig;
}

/** The row's cells as Ink lays them out: each line's styled characters from x on, a wide
 *  character followed by filler cells, later writes over earlier ones. */
function layOut(columns: number, writes: readonly Write[], o: OutputLike, memo: FrameMemo): Cell[] {
  const row = new Array<Cell>(columns).fill(BLANK);
  for (const w of writes) {
    let x = w.x;
    for (const ch of memo.styledChars(w.line, o)) {
      row[x] = ch;
      const width = Math.max(1, memo.width(ch.value, o));
      for (let i = 1; i < width; i++) row[x + i] = memo.filler(ch);
      x += width;
    }
  }
  return row.length === columns ? row : row.filter(isCell);
}

const isCell = (c: Cell | undefined): c is Cell => c !== undefined;
