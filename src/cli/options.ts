// Global options shared by every subcommand: parsed and checked once, one-line errors.
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { RECORD_KINDS, type RecordKind, type RuntimeRoots } from '../host/runtimes/record.js';
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

/** `--runtime-root KIND=DIR` (repeatable): DIR replaces KIND's default roots; several
 *  for one kind add up. Kinds not named keep `base` (the defaults on the real trees,
 *  none on others: a fixture /proc must not be named from this host's docker). */
export function parseRuntimeRoots(values: readonly string[], base: RuntimeRoots | undefined): RuntimeRoots | undefined {
  if (values.length === 0) return base;
  const given = new Map<RecordKind, string[]>();
  for (const v of values) {
    const eq = v.indexOf('=');
    const kind = v.slice(0, eq) as RecordKind;
    const dir = v.slice(eq + 1);
    if (eq < 0 || !(RECORD_KINDS as readonly string[]).includes(kind)) throw new UsageError(`bad --runtime-root "${v}": use KIND=DIR, KIND one of ${RECORD_KINDS.join(', ')}`);
    if (!isAbsolute(dir) || !isDirectory(dir)) throw new UsageError(`bad --runtime-root "${v}": ${dir || '(empty)'} is not ${isAbsolute(dir) ? 'a directory' : 'an absolute path'}`);
    given.set(kind, [...(given.get(kind) ?? []), dir]);
  }
  const out = {} as Record<RecordKind, readonly string[]>;
  for (const k of RECORD_KINDS) out[k] = given.get(k) ?? base?.[k] ?? [];
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
