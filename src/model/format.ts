// The model's numbers as text, one spelling for the dashboard, the CLI tables and their
// JSON: undefined = not known = "n/a" (null in JSON), never 0; Infinity = no limit =
// "max", as cgroup files write it. Pure functions of a number, so they live with the
// model both sides read: ui and cli each sit above model and neither imports the other's
// code (subcommands must not load the dashboard's modules). Widths and cutting to a cell
// stay in ui/format.ts.

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

/** JSON has no Infinity: limits that are unlimited are written "max", unknowns null. */
export function jsonNumber(n: number | undefined): number | 'max' | null {
  if (n === undefined || Number.isNaN(n)) return null;
  return n === Infinity ? 'max' : n;
}
