// string-width as Ink calls it (widest-line for every text node of every frame, its
// Output, cli-truncate), with a fast path for the characters the dashboard draws on most
// rows: string-width takes its own fast path only for printable ASCII, and sends a row
// with a usage bar (█▌░), a sparkline or a tree line through Intl.Segmenter, emoji and
// East Asian Width lookups, several microseconds a call. Each character below is one
// column in string-width too (box drawing and block elements are East Asian Width
// "ambiguous", which it counts narrow unless told otherwise; test/unit/string-width-fast
// checks every one against it), and none of them joins a grapheme with what follows: a
// combining mark after one is not in the set and takes the full path; of escape codes
// only colours are skipped here, anything else takes the full path too.
// The bundle (esbuild.config.mjs) resolves Ink's `string-width` imports to this module;
// tsc's output, which the tests import, keeps string-width itself.
import stringWidth from 'string-width';

type Options = { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean };

/** one column each in string-width with its default options */
export function isFastNarrow(c: number): boolean {
  if (c >= 0x20 && c <= 0x7e) return true;
  // box drawing (U+2500..U+257F) and block elements (U+2580..U+259F)
  if (c >= 0x2500 && c <= 0x259f) return true;
  // — … ← → ≠ ▲ ▼ ● (messages, the ellipsis, sort arrows, the time bar's event mark)
  return c === 0x2014 || c === 0x2026 || c === 0x2190 || c === 0x2192 || c === 0x2260 || c === 0x25b2 || c === 0x25bc || c === 0x25cf;
}

/** The width when every character is in the fast set, after the colour codes (SGR:
 *  ESC [ digits and ; m, as Ink's nested <Text color> leaves them in a text node) are
 *  taken out as string-width takes them out (strip-ansi); else -1. */
function fastWidth(s: string): number {
  const n = s.length;
  let width = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x1b) {
      if (s.charCodeAt(i + 1) !== 0x5b) return -1;
      let j = i + 2;
      for (let d = s.charCodeAt(j); (d >= 0x30 && d <= 0x39) || d === 0x3b; d = s.charCodeAt(++j));
      if (s.charCodeAt(j) !== 0x6d) return -1;
      i = j;
      continue;
    }
    if (!isFastNarrow(c)) return -1;
    width++;
  }
  return width;
}

export default function fastStringWidth(input: string, options?: Options): number {
  if (typeof input !== 'string') return 0;
  if (options === undefined || (options.ambiguousIsNarrow !== false && !options.countAnsiEscapeCodes)) {
    const w = fastWidth(input);
    if (w >= 0) return w;
  }
  return stringWidth(input, options);
}
