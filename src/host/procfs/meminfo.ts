// /proc/meminfo. Real lines from this machine:
//   MemTotal:       24684092 kB
//   MemAvailable:   24272972 kB
//   SwapTotal:             0 kB
//   HugePages_Total:       0
// Only the keys nstop shows are checked: the file grows a line every few kernel releases,
// and an odd line nstop never reads should not blank the header.
import { ParseError } from '../errors.js';

/** MemAvailable appeared in Linux 3.14; the other three are always printed. */
export type Meminfo = { totalBytes: number; availableBytes?: number; swapTotalBytes: number; swapFreeBytes: number };

const WANTED = new Set(['MemTotal', 'MemAvailable', 'SwapTotal', 'SwapFree']);

export function parseMeminfo(text: string, path = 'meminfo'): Meminfo {
  const bytes = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const colon = line.indexOf(':');
    const key = line.slice(0, colon);
    if (colon < 0 || !WANTED.has(key)) return;
    const m = /^\s*(\d+) kB$/.exec(line.slice(colon + 1));
    if (!m) throw new ParseError(path, i + 1, `bad ${key} line "${line}"`);
    bytes.set(key, Number(m[1]) * 1024);
  });
  const need = (key: string): number => {
    const v = bytes.get(key);
    if (v === undefined) throw new ParseError(path, 0, `no ${key} line`);
    return v;
  };
  return {
    totalBytes: need('MemTotal'),
    availableBytes: bytes.get('MemAvailable'),
    swapTotalBytes: need('SwapTotal'),
    swapFreeBytes: need('SwapFree'),
  };
}
