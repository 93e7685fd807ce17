// The line above the F-keys: the search/filter input while typing, else the last message,
// else what narrows the view (filter, search, drill-in, tags).
import type { Glyphs } from '../glyphs.js';
import type { UiTarget } from '../actions.js';
import { SIGNAL_CHOICES } from '../state/confirm.js';
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
  /** K hid kernel threads (Processes view) */
  kernelHidden?: boolean;
  width: number;
  color: boolean;
  g: Glyphs;
};

/** "box (every process)", "stress (pid 4101)", "3 tagged containers" */
function signalled(ts: readonly UiTarget[]): string {
  const one = ts[0];
  if (ts.length === 1 && one) return one.kind === 'container' ? `${one.name} (every process)` : one.name;
  return `${ts.length} tagged ${one?.kind === 'container' ? 'containers' : 'processes'}`;
}

function promptPieces(p: Prompt): Piece[] {
  const who = p.target?.name ?? '';
  if (p.kind === 'quit') return [{ text: 'Containers you launched are still running: ', style: 'title' }, { text: 'l: leave them running   k: kill them   Esc: stay' }];
  if (p.kind === 'confirm') return [{ text: p.text, style: 'alert' }, { text: '   y: yes, any other key: no', style: 'dim' }];
  if (p.kind === 'signal') {
    return [
      { text: `Signal to ${signalled(p.targets ?? [])}: `, style: 'title' }, { text: `${p.text}_` },
      { text: `   Up/Down: ${SIGNAL_CHOICES.join(' ')}, or type a name or 1-64   Enter:send  Esc:cancel`, style: 'dim' },
    ];
  }
  if (p.kind === 'user') return [{ text: 'User: ', style: 'title' }, { text: `${p.text}_` }, { text: '   Up/Down: the users with processes, or type one   Enter:show  Esc:cancel', style: 'dim' }];
  if (p.kind === 'limits') return [{ text: `Limits for ${who}: `, style: 'title' }, { text: `${p.text}_` }, { text: '   e.g. memory=128M pids=50 cpus=0.5 weight=200 swap=0   Enter:set  Esc:cancel', style: 'dim' }];
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
  if (p.kernelHidden) add('kernel threads', 'hidden (K)');
  return parts;
}

export function StatusLine(p: StatusLineProps) {
  const pieces = p.prompt ? promptPieces(p.prompt) : p.message ? [{ text: p.message, style: 'warn' as const }] : summary(p);
  return <Line pieces={pieces.length > 0 ? pieces : [{ text: ' ' }]} width={p.width} g={p.g} color={p.color} />;
}
