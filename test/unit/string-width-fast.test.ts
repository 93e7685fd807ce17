// The bundle's string-width for Ink (ui/ink/string-width-fast.ts) must give string-width's
// own widths: its fast set is checked here character by character against string-width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import fastStringWidth, { isFastNarrow } from '../../src/ui/ink/string-width-fast.js';
import { ASCII, UNICODE, type Glyphs } from '../../src/ui/glyphs.js';

const fastSet = (): number[] => {
  const out: number[] = [];
  for (let c = 0; c <= 0xffff; c++) if (isFastNarrow(c)) out.push(c);
  return out;
};

test('every character of the fast set is one column in string-width', () => {
  const set = fastSet();
  assert.ok(set.length > 95 + 160, `fast set has ${set.length}`);
  for (const c of set) {
    const ch = String.fromCharCode(c);
    assert.equal(stringWidth(ch), 1, `U+${c.toString(16)} ${ch}`);
    assert.equal(fastStringWidth(ch), 1);
  }
  for (let c = 0x10000; c <= 0x10ffff; c += 0x100) assert.equal(isFastNarrow(c), false);
});

test("the dashboard's glyphs are all in the fast set (a new one: add it to isFastNarrow)", () => {
  const chars = (g: Glyphs) => Object.values(g).flatMap((v) => (Array.isArray(v) ? v : [v])).join('');
  for (const ch of chars(UNICODE) + chars(ASCII)) assert.ok(isFastNarrow(ch.charCodeAt(0)), `${ch} U+${ch.charCodeAt(0).toString(16)}`);
});

test('rows with bars give the same width as string-width, and anything else takes its path', () => {
  const rows = [
    '',
    'web-1        ███████▌░░░░  62.5%',
    '├─ 1234 sleep 100000  ▁▂▃▅▇█',
    'sorted ▼ … →',
    // combining acute accent after a fast character: one grapheme, one column
    'e\u0301█\u0301',
    '\u001b[31m█▌\u001b[39m red',
    '\u001b[1;38;5;208m▼ MEM%\u001b[22;39m',
    '\u001b]8;;http://x\u0007link\u001b]8;;\u0007 ▌',
    '\u001b[31',
    '\u001b[',
    'x\u001b',
    '\u001b[2K▌',
    '漢字 container ▌',
    '🙂 emoji ▍',
    'tab\there',
    'zero\u200bwidth',
    'ﾊﾟ half',
  ];
  for (const r of rows) assert.equal(fastStringWidth(r), stringWidth(r), JSON.stringify(r));
  assert.equal(fastStringWidth('\u001b[31m█\u001b[39m', { countAnsiEscapeCodes: true }), stringWidth('\u001b[31m█\u001b[39m', { countAnsiEscapeCodes: true }));
  // ambiguous counted wide when asked: the fast path must not answer
  assert.equal(fastStringWidth('██', { ambiguousIsNarrow: false }), stringWidth('██', { ambiguousIsNarrow: false }));
  assert.equal(fastStringWidth('██', { ambiguousIsNarrow: false }), 4);
  assert.equal(fastStringWidth(undefined as unknown as string), 0);
});
