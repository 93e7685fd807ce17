// How the screen's lines are shared: header, tabs, table, event pane, status, F-keys.
import { HEADER_LINES } from './components/header.js';

export type ScreenLayout = {
  /** table lines, its header line included */
  table: number;
  /** table body rows (a page, for PgUp/PgDn) */
  body: number;
  /** event lines in the pane (0 = no pane); the pane adds a title line */
  events: number;
};

const CHROME = 1 /* tabs */ + 1 /* status */ + 1; /* F-keys */

/** `events`: how many event lines there are to show (the pane only takes what it needs
 *  and never leaves the table fewer than 6 lines). */
export function screenLayout(height: number, events: number, header = HEADER_LINES): ScreenLayout {
  const free = Math.max(2, height - CHROME - header);
  const cap = height >= 40 ? 6 : height >= 30 ? 4 : 3;
  const ev = Math.max(0, Math.min(events, cap, free - 1 - 6));
  const table = free - (ev > 0 ? ev + 1 : 0);
  return { table, body: Math.max(1, table - 1), events: ev };
}
