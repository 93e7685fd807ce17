// The recorder's options as people type them: durations (7d, 12h, 30m, 90s), sizes (2G,
// 500M) and points in time (1h = an hour ago, "10m ago", ISO 8601, now). One line each
// when wrong (exit 2), before anything is read or written.
import { UsageError } from './commands.js';

const SPAN: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new UsageError(`bad ${option} "${text}": use e.g. 7d, 12h, 30m`);
  const ms = Number(m[1]) * SPAN[m[2]!]!;
  if (!(ms >= 1000 && ms <= 3650 * SPAN['d']!)) throw new UsageError(`bad ${option} "${text}": must be between 1s and 3650d`);
  return ms;
}

const UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

export function parseSize(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`bad ${option} "${text}": use a size like 2G, 500M`);
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  if (bytes < 2 ** 20) throw new UsageError(`bad ${option} "${text}": at least 1M`);
  return bytes;
}

/** "1h" or "1h ago" -> that long before now; "now"; an ISO date/time (local when it has
 *  no zone, as `date` prints) -> ms since the epoch. */
export function parseTime(option: string, text: string, now = Date.now()): number {
  const t = text.trim();
  if (t === 'now') return now;
  const ago = /^(\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w))(?:\s+ago)?$/.exec(t);
  if (ago) return now - parseDuration(option, ago[1]!);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00' : ''));
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`bad ${option} "${text}": use e.g. 1h, "10m ago", 2026-12-03T03:12, now`);
}
