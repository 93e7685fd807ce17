// Numbers and text for the dashboard. undefined = not known = "n/a" (never 0);
// Infinity = no limit = "max" (as cgroup files write it).
import { displayText } from '../host/display-text.js';
import { NS_TYPES, type NsIds, type NsType } from '../host/types.js';

export const NA = 'n/a';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 -> "1.5KiB", 62914560 -> "60.0MiB"; bytes below 1 KiB as "512B". */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return NA;
  if (n === Infinity) return 'max';
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)}B` : `${v.toFixed(1)}${UNITS[i]}`;
}

/** A percentage, one decimal by default: 93.75 -> "93.8". */
export function formatPct(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return NA;
  if (n === Infinity) return 'max';
  return n.toFixed(digits);
}

export function formatCount(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return NA;
  if (n === Infinity) return 'max';
  return String(n);
}

/** Counters in a 4-wide cell: 57282 -> "57k", 2500000 -> "2.5M" (a fork bomb's pids.events
 *  max reaches millions in seconds). */
export function formatShortCount(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n) || n === Infinity || n < 10_000) return formatCount(n);
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  const m = n / 1_000_000;
  return m < 10 ? `${m.toFixed(1)}M` : `${Math.round(m)}M`;
}

/** "cur/max" for a counted resource against its limit ("5/20", "5/max"); n/a when both unknown. */
export function formatOf(cur: number | undefined, max: number | undefined, f = formatCount): string {
  if (cur === undefined && max === undefined) return NA;
  return `${f(cur)}/${f(max)}`;
}

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
