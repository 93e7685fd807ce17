// Tones and styles -> escape codes. Without colour (NO_COLOR, --no-color) only bold,
// underline and inverse are used: no colour escape codes at all.
// A line is painted into one string here rather than drawn as one Ink <Text> per piece:
// the same chalk calls in the same order as Ink's Text (colour, background, bold,
// underline, inverse), so the terminal gets the same bytes, but React reconciles one
// node per screen line instead of ~30 (a 160x45 frame: ~1,300 Text nodes before).
import chalk from 'chalk';
import type { TextProps } from 'ink';
import type { Tone } from '../columns.js';
import type { Theme } from '../settings.js';

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

/** light: for a light background (no cyan/yellow text, which vanish on white) */
const LIGHT: Record<Style, Props> = {
  ...COLOR,
  warn: { color: 'magenta' },
  dim: { color: 'blackBright' },
  accent: { color: 'blue' },
  head: { color: 'white', backgroundColor: 'blue' },
  sorted: { color: 'white', backgroundColor: 'magenta', bold: true },
  key: { color: 'white', backgroundColor: 'blue' },
  title: { color: 'blue', bold: true },
  tagged: { color: 'magenta', bold: true },
};

const THEME_TABLES: Record<Theme, Record<Style, Props>> = { default: COLOR, light: LIGHT, mono: PLAIN };
let active: Record<Style, Props> = COLOR;

/** F2's colours: default, light, or mono (bold and inverse only, as NO_COLOR). */
export function setTheme(theme: Theme): void {
  active = THEME_TABLES[theme];
}

export const styleProps = (style: Style | undefined, color: boolean): Props => (style ? (color ? active : PLAIN)[style] : {});

type Paint = (text: string) => string;
const named = chalk as unknown as Record<string, Paint>;
const bg = (name: string): string => `bg${name[0]!.toUpperCase()}${name.slice(1)}`;

/** `text` in `style`, as Ink's <Text {...styleProps(style, color)}> would print it. */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (style === undefined || text === '') return text;
  const p = styleProps(style, color);
  let out = text;
  if (p.color) out = named[p.color]!(out);
  if (p.backgroundColor) out = named[bg(p.backgroundColor)]!(out);
  if (p.bold) out = chalk.bold(out);
  if (p.underline) out = chalk.underline(out);
  if (p.inverse) out = chalk.inverse(out);
  return out;
}
