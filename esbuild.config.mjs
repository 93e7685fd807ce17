// The build's last step (npm run build, prepare): bundles the built CLI (dist/src/cli.js,
// tsc's output) into dist/src/cli.js plus chunks beside it (dist/src/chunk-*.js) with esbuild, so that the dashboard starts from a few
// files instead of ~1,000 ES modules: Node 20's loader spent ~0.5 s of CPU resolving,
// reading and linking them before the first frame (src/README.md, Start-up). Dynamic
// imports stay lazy chunks (subcommands never load Ink; systeminformation comes after the
// first frame). The rest of dist/ stays tsc's output, which the tests import.
// Without esbuild (installed without devDependencies) tsc's cli.js is left as it is: it
// works, only slower to start.
import { readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, 'dist', 'src');
const entry = join(outdir, 'cli.js');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('nstop: esbuild not installed: dist/src/cli.js left unbundled (slower start)\n');
  process.exit(0);
}

// a chunk's URL is not the URL of the modules inside it: each module's import.meta.url
// becomes its own file's URL again, from the chunk's (all outputs sit in dist/src, so one
// relative path serves every chunk). act/context.ts finds cli.js, native/stage.ts the
// launch helper, Ink its package.json this way.
const posix = (p) => p.split(sep).join('/');
const ownUrl = (file) => `new URL(${JSON.stringify(posix(relative(outdir, file)))}, import.meta.url).href`;

// ink-parts.js imports Ink's Output and ansi-tokenize by computed paths at run time; in
// the bundle it must patch the Output the bundled Ink uses, so it imports the same files
// statically (src/ui/ink/ink-parts.ts)
const { inkPartFiles } = await import(join(outdir, 'ui', 'ink', 'ink-parts.js'));
const parts = inkPartFiles();
const inkParts = (file) => `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Output from ${JSON.stringify(posix(parts.output))};
import { styledCharsToString } from ${JSON.stringify(posix(parts.tokenize))};
import { inkDir } from './version.js';
export async function loadInkParts() {
  const pkg = JSON.parse(readFileSync(join(inkDir(), 'package.json'), 'utf8'));
  return { version: pkg.version, Output, join: styledCharsToString };
}
`;

// Ink's `string-width` (the copy at node_modules/string-width, which Ink, widest-line and
// cli-truncate resolve to) is ui/ink/string-width-fast.js: the same widths with a fast path
// for the dashboard's bar and line glyphs (that file says why). Other copies (wrap-ansi's
// own older one) stay theirs.
const fastWidth = join(outdir, 'ui', 'ink', 'string-width-fast.js');
// by its real path: esbuild resolves through symlinks (a node_modules linked from elsewhere)
const topWidth = realpathSync(join(root, 'node_modules', 'string-width', 'index.js'));

// string-width compiles its emoji regex (/^\p{RGI_Emoji}$/v: a set of ~3,600 sequences)
// when its module loads, ~13 ms before the first frame; it is only used for a string
// outside the fast path's characters (above), so in the bundle it is compiled on its
// first use. The build fails when the line is not there (a new string-width: look again).
const RGI_LINE = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const RGI_LAZY = 'let rgiEmojiRegexCompiled; const rgiEmojiRegex = { test: (s) => (rgiEmojiRegexCompiled ??= /^\\p{RGI_Emoji}$/v).test(s) };';
const lazyRgi = (text) => {
  if (!text.includes(RGI_LINE)) throw new Error(`${topWidth}: "${RGI_LINE}" not found (esbuild.config.mjs makes it lazy)`);
  return text.replace(RGI_LINE, RGI_LAZY);
};

const plugin = {
  name: 'nstop-paths',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.importer === fastWidth || args.pluginData === 'own') return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'own' });
      if (r.errors.length > 0 || r.path !== topWidth) return undefined;
      return { path: fastWidth };
    });
    build.onLoad({ filter: /\.m?js$/ }, (args) => {
      if (args.path === join(outdir, 'ui', 'ink', 'ink-parts.js')) return { contents: inkParts(args.path), loader: 'js', resolveDir: dirname(args.path) };
      const text = readFileSync(args.path, 'utf8');
      if (args.path === topWidth) return { contents: lazyRgi(text), loader: 'js', resolveDir: dirname(args.path) };
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', ownUrl(args.path)), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// the previous build's chunks (their names carry a hash)
for (const f of readdirSync(outdir)) if (/^chunk-.*\.js$/.test(f)) rmSync(join(outdir, f));

const result = await esbuild.build({
  entryPoints: [entry],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // koffi loads a native addon from its own directory
  // react-devtools-core: Ink imports it only with DEV=true, and it is not installed
  external: ['koffi', 'react-devtools-core'],
  // CommonJS packages (React, systeminformation) require Node's modules; an ES module has
  // no require of its own
  banner: { js: "import { createRequire as __nstopRequire } from 'node:module';\nconst require = __nstopRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [plugin],
});
rmSync(`${entry}.map`, { force: true });
const outputs = Object.entries(result.metafile.outputs);
const inputs = Object.keys(result.metafile.inputs).length;
// each output's modules (relative to the top): what a test of which chunks a command
// loads looks up (no Ink or React for subcommands)
writeFileSync(join(outdir, 'bundle.json'), JSON.stringify({ inputs, outputs: outputs.map(([f, o]) => ({ file: posix(relative(outdir, join(root, f))), bytes: o.bytes, modules: Object.keys(o.inputs).map(posix) })) }, null, 1) + '\n');
process.stderr.write(`nstop: bundled ${inputs} modules into dist/src/cli.js and ${outputs.length - 1} chunk(s)\n`);
