// Global options shared by every subcommand: parsed and checked once, one-line errors.
import { UsageError } from './commands.js';

/** "1s", "500ms", "0.5s", "2" (seconds) -> ms; 100 ms .. 1 h. */
export function parseInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad --interval "${text}": use e.g. 1s, 500ms, 2`);
  const v = Number.parseFloat(m[1]!);
  const ms = m[2] === 'ms' ? v : m[2] === 'm' ? v * 60_000 : v * 1000;
  if (!(ms >= 100 && ms <= 3_600_000)) throw new UsageError(`bad --interval "${text}": must be between 100ms and 1h`);
  return Math.round(ms);
}

export function parsePid(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = String(text);
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 4194304) throw new UsageError(`bad pid "${s}": a number from 1 to 4194304`);
  return Number(s);
}

export function useColor(flag: boolean): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  return flag && !(process.env['NO_COLOR'] ?? '').length;
}

/** Non-UTF-8 locales get ASCII bars and tree lines. The first set of LC_ALL, LC_CTYPE,
 *  LANG decides, as setlocale does; unset everywhere means the C locale (ASCII). */
export function useUnicode(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
  return /utf-?8/i.test(locale);
}
