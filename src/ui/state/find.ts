// Text matching for filter and search: case-insensitive substring.
export const matches = (text: string, needle: string): boolean => needle === '' || text.toLowerCase().includes(needle.toLowerCase());

/** First of `count` rows at or after `start` (wrapping around) whose text contains
 *  `needle`. Texts come one at a time: a 10k-row view never builds them all per frame. */
export function findRow(count: number, textAt: (index: number) => string, needle: string, start: number): number | undefined {
  if (needle === '' || count === 0) return undefined;
  for (let i = 0; i < count; i++) {
    const j = (((start + i) % count) + count) % count;
    if (matches(textAt(j), needle)) return j;
  }
  return undefined;
}
