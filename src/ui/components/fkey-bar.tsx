// htop's bottom line, generated from the keymap: "F1Help  F3Search F4Filter…F10Quit",
// then short hints (Tab, Enter, Esc) when they fit whole.
import type { Glyphs } from '../glyphs.js';
import { fkeyItems, hintItems, keyNamed } from '../keymap.js';
import type { Span } from '../mouse.js';
import { Line, piecesWidth, type Piece } from './line.js';

export type FKeyBarProps = { width: number; color: boolean; g: Glyphs };

export function fkeyPieces(width: number): Piece[] {
  // htop pads labels to 6; narrower when that would cut F10Quit off (80 columns)
  let pieces: Piece[] = [];
  for (const pad of [6, 5, 4]) {
    pieces = fkeyItems().flatMap(({ key, label }): Piece[] => [{ text: key }, { text: label.padEnd(pad), style: 'key' }]);
    if (piecesWidth(pieces) <= width) break;
  }
  for (const { key, label } of hintItems()) {
    const hint: Piece[] = [{ text: ` ${key}` }, { text: label, style: 'key' }];
    if (piecesWidth(pieces) + piecesWidth(hint) > width) break;
    pieces.push(...hint);
  }
  return pieces;
}

/** Where each F-key (and hint) is on the bar, as the key it presses: "f5", "tab". */
export function fkeySpans(width: number): Span<string>[] {
  const pieces = fkeyPieces(width);
  const out: Span<string>[] = [];
  let x = 0;
  for (let i = 0; i + 1 < pieces.length; i += 2) {
    const w = piecesWidth([pieces[i]!, pieces[i + 1]!]);
    const label = 'text' in pieces[i]! ? (pieces[i] as { text: string }).text.trim() : '';
    const key = keyNamed(label);
    if (key) out.push({ value: key, from: x, to: Math.min(width, x + w) });
    x += w;
  }
  return out;
}

export function FKeyBar({ width, color, g }: FKeyBarProps) {
  return <Line pieces={fkeyPieces(width)} width={width} g={g} color={color} />;
}
