// displayText: every control character spelled out, everything else untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerformanceObserver } from 'node:perf_hooks';
import { displayText } from '../../src/host/display-text.js';
import { parseCmdline } from '../../src/host/procfs/cmdline.js';
import { cells } from '../../src/ui/format.js';

test('C0 controls: \\n \\r \\t by name, the rest as \\xHH', () => {
  assert.equal(displayText('a\nb\rc\td'), 'a\\nb\\rc\\td');
  assert.equal(displayText('\x1b]2;pwned\x07'), '\\x1b]2;pwned\\x07');
  assert.equal(displayText('\x1b[2J\x1b[H'), '\\x1b[2J\\x1b[H');
  assert.equal(displayText('\0'), '\\x00');
  assert.equal(displayText('\x1f'), '\\x1f');
  for (let c = 0; c < 0x20; c++) {
    const out = displayText(String.fromCharCode(c));
    assert.match(out, /^\\([nrt]|x[01][0-9a-f])$/, `U+${c.toString(16)}: ${out}`);
  }
});

test('DEL and the C1 range as code points, \\x7f and \\x80..\\x9f', () => {
  assert.equal(displayText('a\x7fb'), 'a\\x7fb');
  assert.equal(displayText('\x9b2J'), '\\x9b2J', 'the 8-bit CSI');
  assert.equal(displayText('\x80\x9f'), '\\x80\\x9f');
  assert.equal(displayText('\xa0'), '\xa0', 'no-break space is printable');
});

test('the Unicode line separators', () => {
  assert.equal(displayText('a\u2028b\u2029c'), 'a\\u2028b\\u2029c');
});

/** Scavenges while `f` runs `n` times on `text`: a JS string has no identity to compare,
 *  but a copy per call of a long string fills the young generation within a few calls. */
async function gcsDuring(f: (s: string) => string, text: string, n: number): Promise<number> {
  let gcs = 0;
  const obs = new PerformanceObserver((list) => void (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  let keep = 0;
  for (let i = 0; i < n; i++) keep += f(text).length;
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  obs.disconnect();
  assert.equal(keep, n * f(text).length);
  return gcs;
}

test('a clean string comes back unchanged and uncopied', async () => {
  for (const s of ['nginx: master process nginx -g daemon off;', 'C:\\path\\x1b is text', '']) assert.equal(displayText(s), s);
  const long = 'xx/usr/bin/containerd-shim-runc-v2 -namespace moby -id 3f2a9c0b7d1e '.repeat(4).slice(2);
  const copies = await gcsDuring((s) => (s + ' ').slice(0, -1), long, 100_000);
  assert.ok(copies > 0, 'the measure sees a copy per call');
  assert.equal(await gcsDuring(displayText, long, 100_000), 0, 'no allocation on the clean path');
});

test('surrogate pairs, wide and combining characters are untouched', () => {
  for (const s of ['emoji 😀 x', '日本語のプロセス', 'e\u0301', 'ü', '\ufffd\ufffd', '\u{1F468}\u200D\u{1F469}']) assert.equal(displayText(s), s);
  assert.equal(displayText('😀\x1b😀'), '😀\\x1b😀', 'a pair next to a control');
});

test('escaping twice changes nothing: the output has no controls left', () => {
  const once = displayText('\x1b]2;x\x07\r\n\x9b\u2028\t\x7f');
  assert.equal(displayText(once), once);
  assert.doesNotMatch(once, /[\u0000-\u001f\u007f-\u009f]/);
});

test('invalid UTF-8 in a command line: one U+FFFD per bad sequence, so one cell, never a C1', () => {
  // 0x9b alone is not UTF-8 (no 8-bit CSI gets through); C2 9B is U+009B, escaped
  const argv = parseCmdline(Buffer.from([0x61, 0x9b, 0x32, 0x4a, 0, 0xc3, 0x28, 0, 0xe2, 0x82, 0, 0xc2, 0x9b, 0x5b, 0, 0xff, 0xfe, 0]));
  assert.deepEqual(argv, ['a\ufffd2J', '\ufffd(', '\ufffd', '\x9b[', '\ufffd\ufffd']);
  const shown = argv.map(displayText);
  assert.deepEqual(shown, ['a\ufffd2J', '\ufffd(', '\ufffd', '\\x9b[', '\ufffd\ufffd']);
  assert.deepEqual(shown.map(cells), [4, 2, 1, 5, 2]);
});
