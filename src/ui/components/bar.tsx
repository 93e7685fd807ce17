// A horizontal meter: `fraction` of `width` cells filled, green/yellow/red by level;
// with `limit`, the last cell is the limit line the usage runs into.
import { Text } from 'ink';
import { levelTone, type Tone } from '../columns/column.js';
import { barText, type Glyphs } from '../glyphs.js';
import { styleProps } from './tone.js';

export type BarProps = { fraction: number; width: number; g: Glyphs; color: boolean; tone?: Tone; limit?: boolean; limitTone?: Tone | undefined };

export function Bar({ fraction, width, g, color, tone, limit, limitTone }: BarProps) {
  const fill = <Text {...styleProps(tone ?? levelTone(fraction), color)}>{barText(fraction, limit && width > 1 ? width - 1 : width, g)}</Text>;
  if (!limit || width <= 1) return fill;
  return (
    <Text>
      {fill}
      <Text {...styleProps(limitTone, color)}>{g.limit}</Text>
    </Text>
  );
}
