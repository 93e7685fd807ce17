#!/usr/bin/env node
// The README's picture of the dashboard, from a real run: nstop in a private tmux server,
// its screen captured with colours (capture-pane -e), replayed into @xterm/headless (a
// terminal emulator without a display, a devDependency only), and each cell written out
// as SVG. Also prints the plain 80x24 capture the README shows as text.
//   npm run build && node demo/screenshot.mjs [out.svg] [cols] [rows]
// Run as root on a host with containers for a fuller picture (e.g. after `nstop demo`).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import xterm from '@xterm/headless';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'demo', 'dashboard.svg');
const cols = Number(process.argv[3] ?? 160);
const rows = Number(process.argv[4] ?? 45);
const socket = `nstop-shot-${process.pid}`;
const tmux = (...a) => spawnSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The dashboard at cols x rows once it has refreshed a few times: the screen with its SGR. */
async function capture(w, h) {
  const session = `s${w}`;
  const cli = join(root, 'dist', 'src', 'cli.js');
  // its own config dir: the picture shows the defaults, not this machine's F2 choices
  const r = tmux('new-session', '-d', '-s', session, '-x', String(w), '-y', String(h), `env -u CI XDG_CONFIG_HOME=/nonexistent LANG=C.UTF-8 ${process.execPath} ${cli}`);
  if (r.status !== 0) throw new Error(`tmux: ${r.stderr.trim()}`);
  const until = Date.now() + 60_000;
  for (;;) {
    const s = tmux('capture-pane', '-p', '-e', '-t', session).stdout;
    // sample #4: CPU % and rates have had three intervals
    if (/Sample #([4-9]|\d\d)/.test(s.replace(/\u001b\[[0-9;:]*m/g, ""))) return s;
    if (Date.now() > until) throw new Error(`the dashboard never got to sample #4:\n${s}`);
    await sleep(200);
  }
}

// xterm's default 16 colours; 16..255 the standard cube and greys
const BASE = ['#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5', '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff'];
function palette(n) {
  if (n < 16) return BASE[n];
  if (n >= 232) {
    const v = (8 + (n - 232) * 10).toString(16).padStart(2, '0');
    return `#${v}${v}${v}`;
  }
  const i = n - 16;
  const c = (x) => (x === 0 ? 0 : 55 + x * 40).toString(16).padStart(2, '0');
  return `#${c(Math.floor(i / 36))}${c(Math.floor(i / 6) % 6)}${c(i % 6)}`;
}
const FG = '#d0d0d0';
const BG = '#1c1c1c';
const colour = (cell, fg) => {
  const isDefault = fg ? cell.isFgDefault() : cell.isBgDefault();
  if (isDefault) return fg ? FG : BG;
  const v = fg ? cell.getFgColor() : cell.getBgColor();
  const rgb = fg ? cell.isFgRGB() : cell.isBgRGB();
  return rgb ? `#${v.toString(16).padStart(6, '0')}` : palette(v);
};
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The capture replayed in a headless terminal, as SVG: a rect per background run, a
 *  text per foreground run (cells are 8.4 x 17 px, DejaVu Sans Mono-like metrics). */
async function svgOf(screen, w, h) {
  const term = new xterm.Terminal({ cols: w, rows: h, allowProposedApi: true });
  await new Promise((r) => term.write(screen.replace(/\n/g, '\r\n').replace(/\r\n$/, ''), r));
  const CW = 8.4;
  const CH = 17;
  const parts = [];
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  for (let y = 0; y < h; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    let run = null;
    const flush = () => {
      if (!run) return;
      const x = (run.x * CW).toFixed(1);
      if (run.bg !== BG) parts.push(`<rect x="${x}" y="${y * CH}" width="${(run.n * CW).toFixed(1)}" height="${CH}" fill="${run.bg}"/>`);
      if (run.text.trim()) parts.push(`<text x="${x}" y="${y * CH + 13}" fill="${run.fg}"${run.bold ? ' font-weight="bold"' : ''} textLength="${(run.n * CW).toFixed(1)}" lengthAdjust="spacingAndGlyphs">${esc(run.text)}</text>`);
      run = null;
    };
    for (let x = 0; x < w; x++) {
      line.getCell(x, cell);
      let fg = colour(cell, true);
      let bg = colour(cell, false);
      if (cell.isInverse()) [fg, bg] = [bg === BG ? BG : bg, fg];
      const bold = cell.isBold() !== 0;
      const ch = cell.getChars() || ' ';
      if (run && run.fg === fg && run.bg === bg && run.bold === bold) {
        run.text += ch;
        run.n++;
      } else {
        flush();
        run = { x, fg, bg, bold, text: ch, n: 1 };
      }
    }
    flush();
  }
  term.dispose();
  const W = Math.ceil(w * CW);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h * CH}" viewBox="0 0 ${W} ${h * CH}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">\n<rect width="100%" height="100%" fill="${BG}"/>\n${parts.join('\n')}\n</svg>\n`;
}

try {
  const wide = await capture(cols, rows);
  writeFileSync(out, await svgOf(wide, cols, rows));
  process.stderr.write(`wrote ${out} (${cols}x${rows})\n`);
  const small = await capture(80, 24);
  process.stdout.write(small.replace(/\u001b\[[0-9;:]*m/g, ''));
} finally {
  tmux('kill-server');
}
