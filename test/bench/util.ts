// Small helpers of the benchmark: one wall clock shared with nstop's frame trace,
// synchronous sleeps (cleanup runs in exit handlers too), statistics, formatting.
import { spawnSync } from 'node:child_process';

/** Wall-clock ms with µs digits: the same clock as src/ui/ink/frame-trace.ts writes. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const cell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread: only for cleanup, which must also work inside process.on('exit'). */
export const sleepSync = (ms: number): void => void Atomics.wait(cell, 0, 0, ms);

export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

export function quantile(xs: number[], q: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}
export const median = (xs: number[]): number | undefined => quantile(xs, 0.5);

/** "12.3" / "1234" / "-" : three significant figures, no exponent. */
export function num(x: number | undefined, digits?: number): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  if (digits !== undefined) return x.toFixed(digits);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** A plain text table: the first row is the header, columns padded, numbers right-aligned. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const numeric = (c: string) => /^[-+]?[\d.]+(x|%| ms| MB)?$|^-$/.test(c);
  const line = (r: string[]) => r.map((c, i) => (numeric(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const [head, ...body] = rows;
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** `--name N` of this process's arguments, a positive number; `dflt` without it. */
export function numArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const n = i === -1 ? dflt : Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: not a number`);
  return n;
}
