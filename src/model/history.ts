// Fixed-size history per key for sparklines. Keys not seen in a tick are dropped, so a
// gone container's history does not leak into one that reuses its name.

export const HISTORY_LENGTH = 60;

export function pushHistory(prev: readonly number[] | undefined, value: number | undefined, size = HISTORY_LENGTH): number[] {
  const next = prev ? prev.slice(Math.max(0, prev.length - size + 1)) : [];
  // A missing reading is not a zero: repeat nothing, keep the line short instead.
  if (value !== undefined && Number.isFinite(value)) next.push(value);
  return next;
}
