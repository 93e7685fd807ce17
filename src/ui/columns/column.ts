// What a column is: data the Table, the sorter, the filter and the help screen all read.
import type { Glyphs } from '../glyphs.js';

/** How a piece of a cell is coloured; mapped to colours (or to nothing) by components/tone.ts. */
export type Tone = 'ok' | 'warn' | 'bad' | 'hot' | 'dim' | 'accent';

/** A cell drawn in pieces: text, a bar or a sparkline (each exactly as wide as it says). */
export type Seg =
  | { text: string; tone?: Tone }
  /** limit: the last cell is the limit line (usage is drawn against it) */
  | { bar: number; width: number; tone?: Tone; limit?: boolean; limitTone?: Tone }
  | { spark: readonly number[]; max?: number; width: number; tone?: Tone };

/** What columns may look up besides the row itself. */
export type Ctx = {
  g: Glyphs;
  /** container id -> name */
  names: ReadonlyMap<string, string>;
  /** the snapshot's time (ms): what "recently" means for highlights */
  now: number;
};

export type SortKey = number | string | undefined;

/** What a column (or a view, a pane) needs the sampler to read, like htop's column
 *  flags; demand.ts turns the reads of what is on screen into the sampler's demand.
 *  - processStats: per-process stat/statm (CPU %, RSS, state, threads)
 *  - groupStats: the container's cgroup files (figures, PSI, limit counters), read in
 *    full for rows on screen and their event files watched between ticks
 *  - net: its network namespace's counters, every tick for rows on screen
 *  - processTable / namespaceTable: the table rebuilt whenever processes come and go */
export type Read = 'processStats' | 'groupStats' | 'net' | 'processTable' | 'namespaceTable';

export type Column<R> = {
  id: string;
  title: string;
  /** one line for the help screen's column legend */
  help: string;
  /** width in cells (the minimum for flex columns) */
  width: number;
  /** flex columns share the spare width, each up to `max` */
  flex?: boolean;
  max?: number;
  align?: 'left' | 'right';
  /** 0 = always shown; on a narrow terminal the highest is dropped first */
  drop: number;
  /** direction when first sorted by this column (numbers: largest first) */
  desc?: boolean;
  /** undefined (not known) sorts last in both directions */
  sortKey: (row: R, ctx: Ctx) => SortKey;
  /** plain text: what filter and search match, and the cell unless `draw` is given */
  render: (row: R, ctx: Ctx) => string;
  tone?: (row: R, ctx: Ctx) => Tone | undefined;
  /** a richer cell (bars, sparklines) exactly `width` cells wide */
  draw?: (row: R, ctx: Ctx, width: number) => Seg[];
  /** what the sampler must read for this column (absent: the row's identity only) */
  reads?: readonly Read[];
};

/** Colour for a fill level against a limit: green < 60 %, yellow < 85 %, red at or above. */
export const levelTone = (fraction: number | undefined): Tone | undefined =>
  fraction === undefined ? undefined : fraction >= 0.85 ? 'bad' : fraction >= 0.6 ? 'warn' : 'ok';

/** A limit that is a real number (not unknown, not "max"). */
export const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n > 0;
