// The header's CPU meters, htop/btop-style: a bar per CPU ("0[|||||   23%]") in columns,
// or, when the bars would take more lines than the size allows, a one-line graph with a
// cell per CPU (btop's compact look); below 30 lines (80x24) the graph and the average
// go at the start of the refresh line, so the header stays three lines.
import type { Meters } from '../settings.js';
import type { Piece } from './line.js';

export type CpuLoad = { all: number | undefined; cores: readonly (number | undefined)[] };

export type CoreLayout = { mode: 'bars' | 'graph' | 'inline'; lines: number; perLine: number };

/** a bar cell: "12[" + bar + " 100%]" */
const BAR_MIN = 22;

export function coreLines(cpus: number, width: number, height: number, meters: Meters): CoreLayout {
  if (meters === 'summary' || height < 30 || cpus === 0) return { mode: 'inline', lines: 0, perLine: 0 };
  const perLine = Math.max(1, Math.min(4, cpus, Math.floor(width / BAR_MIN)));
  const lines = Math.ceil(cpus / perLine);
  const most = height >= 45 ? 4 : 2;
  return lines <= most ? { mode: 'bars', lines, perLine } : { mode: 'graph', lines: 1, perLine: 0 };
}

const pct = (x: number | undefined): string => (x === undefined ? ' n/a' : `${x.toFixed(0).padStart(3)}%`);
const frac = (x: number | undefined): number => (x === undefined ? 0 : x / 100);

/** One cell per CPU: its load as a sparkline level (the newest value only). */
function graph(load: CpuLoad, width: number): Piece[] {
  const cells = load.cores.slice(0, Math.max(1, width - 22));
  return [
    { text: 'CPU', style: 'accent' },
    { text: '[' },
    // spark of one value each, max 100: ▁..█ per CPU
    ...cells.map((c): Piece => ({ spark: [c ?? 0], width: 1, max: 100, tone: c === undefined ? 'dim' : c >= 85 ? 'bad' : c >= 60 ? 'warn' : 'ok' })),
    { text: `]${pct(load.all)} ` },
  ];
}

export function cpuPieces(load: CpuLoad, layout: CoreLayout, width: number): { lines: Piece[][]; inline: Piece[] } {
  if (layout.mode === 'inline') {
    if (load.cores.length === 0 && load.all === undefined) return { lines: [], inline: [] };
    // a few CPUs: a bar for all of them; many: the graph
    const inline: Piece[] = load.cores.length > 16 ? graph(load, Math.min(width, 40)) : [{ text: 'CPU', style: 'accent' }, { text: '[' }, { bar: frac(load.all), width: width < 100 ? 8 : 16 }, { text: ` ${pct(load.all)}] ` }];
    return { lines: [], inline };
  }
  if (layout.mode === 'graph') return { lines: [graph(load, width)], inline: [] };
  const cell = Math.floor(width / layout.perLine);
  // a cell is "NNN[" + bar + " NNN%]" + " ": 11 cells besides the bar, so the line fits
  const barWidth = Math.max(4, cell - 11);
  const lines: Piece[][] = [];
  for (let l = 0; l < layout.lines; l++) {
    const line: Piece[] = [];
    for (let c = 0; c < layout.perLine; c++) {
      // column-major like htop: CPU 0 and 1 side by side only when they do not fit in one column
      const i = c * layout.lines + l;
      if (i >= load.cores.length) break;
      line.push({ text: String(i).padStart(3), style: 'accent' }, { text: '[' }, { bar: frac(load.cores[i]), width: barWidth }, { text: ` ${pct(load.cores[i])}]` }, { text: ' ' });
    }
    lines.push(line);
  }
  return { lines, inline: [] };
}
