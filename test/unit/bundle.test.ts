// The bin is esbuild's bundle of the CLI (esbuild.config.mjs): it must start from any
// directory, and the fast Output.get must patch the Output class the bundled Ink draws
// with (one copy of it, imported statically), not a second copy loaded by path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const dist = join(repoRoot, 'dist', 'src');
const bundled = existsSync(join(dist, 'bundle.json'));
const skip = bundled ? false : 'not bundled (esbuild not installed): dist/src/cli.js is tsc output';

test('the bundle holds one Ink Output class, and ink-parts takes that one', { skip }, () => {
  const chunks = readdirSync(dist).filter((f) => f === 'cli.js' || /^chunk-.*\.js$/.test(f));
  const listed = (JSON.parse(readFileSync(join(dist, 'bundle.json'), 'utf8')) as { outputs: { file: string }[] }).outputs.map((o) => o.file);
  assert.deepEqual([...chunks].sort(), [...listed].sort());
  const texts = chunks.map((f) => readFileSync(join(dist, f), 'utf8'));
  assert.equal(texts.filter((t) => t.includes('var Output = class')).length, 1);
  // the run-time import by path (ui/ink/ink-parts.ts) is replaced in the bundle
  assert.equal(texts.filter((t) => t.includes('files.output')).length, 0);
  assert.ok(texts.some((t) => /async function loadInkParts\(\) \{[^}]*\{ version: pkg\.version, Output, join: styledCharsToString \}/.test(t)));
});

test("Ink's string-width in the bundle is the fast one, wrap-ansi keeps its own", { skip }, () => {
  const outputs = (JSON.parse(readFileSync(join(dist, 'bundle.json'), 'utf8')) as { outputs: { file: string; modules: string[] }[] }).outputs;
  const modules = outputs.flatMap((o) => o.modules);
  assert.ok(modules.includes('dist/src/ui/ink/string-width-fast.js'));
  const texts = outputs.map((o) => readFileSync(join(dist, o.file), 'utf8'));
  assert.ok(texts.some((t) => /function widestLine\(string\) \{[^}]*fastStringWidth\(line\)/.test(t)), 'widest-line calls fastStringWidth');
  // Ink's Output measures with it too
  assert.ok(texts.some((t) => /cached = fastStringWidth\(text\)/.test(t)), "Ink's Output calls fastStringWidth");
});

test('the bundled bin runs from another directory', { skip }, () => {
  const r = spawnSync(process.execPath, [join(dist, 'cli.js'), 'help', 'ls'], { cwd: '/', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /nstop ls/);
});

test("the bundled string-width's emoji regex, compiled on first use, measures as string-width does", { skip }, async () => {
  const outputs = (JSON.parse(readFileSync(join(dist, 'bundle.json'), 'utf8')) as { outputs: { file: string }[] }).outputs;
  const file = outputs.map((o) => o.file).find((f) => readFileSync(join(dist, f), 'utf8').includes('rgiEmojiRegexCompiled ??='));
  assert.ok(file, 'the lazy emoji regex is in the bundle');
  const { fastStringWidth } = (await import(join(dist, file))) as { fastStringWidth: (s: string) => number };
  const { default: stringWidth } = await import('string-width');
  for (const s of ['ab', '👍', '👨‍👩‍👧', '🇺🇸', '1️⃣', '中文', '☺️', 'e\u0301']) assert.equal(fastStringWidth(s), stringWidth(s), JSON.stringify(s));
});
