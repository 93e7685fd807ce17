// Tones and styles -> Ink Text props. Without colour (NO_COLOR, --no-color) only
// bold, underline and inverse are used: no colour escape codes at all.
import type { TextProps } from 'ink';
import type { Tone } from '../columns.js';

export type Style = Tone | 'head' | 'sorted' | 'key' | 'title' | 'tagged' | 'alert';

type Props = Pick<TextProps, 'color' | 'backgroundColor' | 'bold' | 'inverse' | 'underline'>;

const COLOR: Record<Style, Props> = {
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  bad: { color: 'red', bold: true },
  // a limit was just hit: a solid block nobody misses
  hot: { color: 'black', backgroundColor: 'magentaBright', bold: true },
  dim: { color: 'gray' },
  accent: { color: 'cyan' },
  head: { color: 'black', backgroundColor: 'green' },
  sorted: { color: 'black', backgroundColor: 'cyan', bold: true },
  key: { color: 'black', backgroundColor: 'cyan' },
  title: { color: 'cyan', bold: true },
  tagged: { color: 'yellow', bold: true },
  alert: { color: 'black', backgroundColor: 'yellow', bold: true },
};

const PLAIN: Record<Style, Props> = {
  ok: {},
  warn: {},
  bad: { bold: true },
  hot: { inverse: true, bold: true },
  dim: {},
  accent: {},
  head: { inverse: true },
  sorted: { inverse: true, bold: true, underline: true },
  key: { inverse: true },
  title: { bold: true },
  tagged: { bold: true },
  alert: { inverse: true, bold: true },
};

export const styleProps = (style: Style | undefined, color: boolean): Props => (style ? (color ? COLOR : PLAIN)[style] : {});
