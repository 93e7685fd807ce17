// Text matching for filter and search: case-insensitive substring.
export const matches = (text: string, needle: string): boolean => needle === '' || text.toLowerCase().includes(needle.toLowerCase());

/** First row at or after `start` (wrapping around) whose text contains `needle`. */
export function findRow(texts: readonly string[], needle: string, start: number): number | undefined {
  if (needle === '' || texts.length === 0) return undefined;
  for (let i = 0; i < texts.length; i++) {
    const j = (((start + i) % texts.length) + texts.length) % texts.length;
    if (matches(texts[j]!, needle)) return j;
  }
  return undefined;
}
