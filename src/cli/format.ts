// Number formatting for CLI tables (the dashboard has its own in src/ui/format.ts with
// width-aware variants). undefined = "n/a", Infinity = "max" (as cgroup files write it).

export function bytes(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return 'n/a';
  if (n === Infinity) return 'max';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v}B` : `${v.toFixed(1)}${units[i]}`;
}

export const count = (n: number | undefined): string => (n === undefined ? 'n/a' : n === Infinity ? 'max' : String(n));
export const pct = (n: number | undefined): string => (n === undefined ? 'n/a' : n.toFixed(1));

/** JSON has no Infinity: limits that are unlimited are written "max", unknowns null. */
export function jsonNumber(n: number | undefined): number | 'max' | null {
  if (n === undefined || Number.isNaN(n)) return null;
  return n === Infinity ? 'max' : n;
}
