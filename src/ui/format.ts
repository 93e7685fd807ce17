// Text for the dashboard: times, namespace masks, and fitting text to a cell. The
// numbers (bytes, percent, counts) are spelled in model/format.ts, shared with the CLI;
// they are re-exported here so the dashboard's modules keep one import for their cells.
import { displayText } from '../host/display-text.js';
import { NS_TYPES, type NsIds, type NsType } from '../host/vocabulary.js';
import { NA } from '../model/format.js';

export { NA, formatBytes, formatCount, formatOf, formatPct, formatShortCount } from '../model/format.js';

/** Local wall-clock time, "12:03:04". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Uptime like htop: "3 days, 04:12:09" shortened to "3d 04:12". */
export function formatUptime(sec: number | undefined): string {
  if (sec === undefined) return NA;
  const days = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${hm}` : hm;
}

/** Refresh interval: 1000 -> "1s", 500 -> "0.5s". */
export function formatInterval(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))}s`;
}

/** One letter per namespace kind, in NS_TYPES order: mnt net pid uts ipc user cgroup time. */
export const NS_LETTERS: Record<NsType, string> = { mnt: 'm', net: 'n', pid: 'p', uts: 'u', ipc: 'i', user: 'U', cgroup: 'c', time: 't' };

/** Which kinds isolate it from the host as a fixed-width mask: ["pid","mnt"] -> "m-p-----".
 *  n/a when none of its namespace links could be read. */
export function formatNsMask(isolated: readonly NsType[], ns: NsIds): string {
  let known = false;
  for (const t of NS_TYPES) known ||= ns[t] !== undefined;
  if (!known) return NA;
  // isolatedKinds hands out one array per set of links: one mask each
  let mask = masks.get(isolated);
  if (mask === undefined) {
    mask = '';
    for (const t of NS_TYPES) mask += isolated.includes(t) ? NS_LETTERS[t] : '-';
    masks.set(isolated, mask);
  }
  return mask;
}

const masks = new WeakMap<readonly NsType[], string>();

/** Pad or cut `text` to exactly `width` cells; cut text ends with `more` ("…" or "~").
 *  Control characters are spelled out first (displayText): padding and cutting must count
 *  the cells the escaped text takes, or the columns after it move. */
export function fit(raw: string, width: number, align: 'left' | 'right' = 'left', more = '~'): string {
  if (width <= 0) return '';
  const text = displayText(raw);
  const n = cells(text);
  if (n > width) return Array.from(text).slice(0, width - 1).join('') + more;
  const pad = ' '.repeat(width - n);
  return align === 'right' ? pad + text : text + pad;
}

/** Display width in cells (one per code point: the dashboard draws no wide glyphs).
 *  Without surrogate pairs that is the length; only those need the code-point walk
 *  (every cell of every frame comes through here). */
export const cells = (text: string): number => (SURROGATE.test(text) ? Array.from(text).length : text.length);
const SURROGATE = /[\uD800-\uDFFF]/;
