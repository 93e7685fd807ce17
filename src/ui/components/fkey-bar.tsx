// htop's bottom line, generated from the keymap: "F1Help  F3Search F4Filter…F10Quit",
// then short hints (Tab, Enter, Esc) when they fit whole.
import type { Glyphs } from '../glyphs.js';
import { fkeyItems, hintItems } from '../keymap.js';
import { Line, piecesWidth, type Piece } from './line.js';

export type FKeyBarProps = { width: number; color: boolean; g: Glyphs };

export function fkeyPieces(width: number): Piece[] {
  const pieces: Piece[] = fkeyItems().flatMap(({ key, label }): Piece[] => [{ text: key }, { text: label.padEnd(6), style: 'key' }]);
  for (const { key, label } of hintItems()) {
    const hint: Piece[] = [{ text: ` ${key}` }, { text: label, style: 'key' }];
    if (piecesWidth(pieces) + piecesWidth(hint) > width) break;
    pieces.push(...hint);
  }
  return pieces;
}

export function FKeyBar({ width, color, g }: FKeyBarProps) {
  return <Line pieces={fkeyPieces(width)} width={width} g={g} color={color} />;
}
