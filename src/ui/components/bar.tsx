// A horizontal meter: `fraction` of `width` cells filled, green/yellow/red by level.
import { Text } from 'ink';
import { levelTone, type Tone } from '../columns/column.js';
import { barText, type Glyphs } from '../glyphs.js';
import { styleProps } from './tone.js';

export type BarProps = { fraction: number; width: number; g: Glyphs; color: boolean; tone?: Tone };

export function Bar({ fraction, width, g, color, tone }: BarProps) {
  return <Text {...styleProps(tone ?? levelTone(fraction), color)}>{barText(fraction, width, g)}</Text>;
}
