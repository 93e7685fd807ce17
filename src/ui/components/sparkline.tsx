// Recent values as ▁▂▃▄▅▆▇█ (ASCII: .:-=+*#%@), newest on the right.
import { Text } from 'ink';
import type { Tone } from '../columns/column.js';
import { sparkText, type Glyphs } from '../glyphs.js';
import { styleProps } from './tone.js';

export type SparklineProps = { values: readonly number[]; width: number; max?: number; g: Glyphs; color: boolean; tone?: Tone };

export function Sparkline({ values, width, max, g, color, tone }: SparklineProps) {
  return <Text {...styleProps(tone, color)}>{sparkText(values, width, g, max)}</Text>;
}
