// The line above the F-keys: the search/filter input while typing, else the last message,
// else what narrows the view (filter, search, drill-in, tags).
import type { Glyphs } from '../glyphs.js';
import type { Prompt } from '../state/types.js';
import { Line, type Piece } from './line.js';

export type StatusLineProps = {
  prompt?: Prompt;
  message?: string;
  filter: string;
  search: string;
  /** drill-in label when the Processes view is scoped */
  scope?: string;
  tagged: number;
  width: number;
  color: boolean;
  g: Glyphs;
};

function promptPieces(p: Prompt): Piece[] {
  return [
    { text: p.kind === 'search' ? 'Search: ' : 'Filter: ', style: 'title' },
    { text: `${p.text}_` },
    ...(p.missed ? [{ text: '  no match', style: 'bad' as const }] : []),
    { text: `   Enter:keep  Esc:cancel${p.kind === 'search' ? '  F3:next' : ''}`, style: 'dim' },
  ];
}

function summary(p: StatusLineProps): Piece[] {
  const parts: Piece[] = [];
  const add = (label: string, text: string) => parts.push({ text: `${parts.length ? '  ' : ''}${label} `, style: 'accent' }, { text });
  if (p.scope) add('processes of', `${p.scope} (Esc: all)`);
  if (p.filter) add('filter', `"${p.filter}" (Esc clears)`);
  if (p.search) add('search', `"${p.search}" (n: next)`);
  if (p.tagged > 0) add('tagged', String(p.tagged));
  return parts;
}

export function StatusLine(p: StatusLineProps) {
  const pieces = p.prompt ? promptPieces(p.prompt) : p.message ? [{ text: p.message, style: 'warn' as const }] : summary(p);
  return <Line pieces={pieces.length > 0 ? pieces : [{ text: ' ' }]} width={p.width} g={p.g} color={p.color} />;
}
