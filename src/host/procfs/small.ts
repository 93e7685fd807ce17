// The one-line host files. Real lines from this machine:
//   /proc/loadavg:        0.07 0.03 0.01 1/79 2198
//   /proc/pressure/cpu:   some avg10=0.45 avg60=1.38 avg300=0.50 total=4064467
//                         full avg10=0.00 avg60=0.00 avg300=0.00 total=0
//   /proc/meminfo:        MemTotal:       24594364 kB
//   /proc/uptime:         2459.31 4870.12
import { ParseError } from '../errors.js';
import type { LoadAvg, Pressure, PressureLine } from '../types.js';

export function parseLoadavg(text: string, path = 'loadavg'): LoadAvg {
  const m = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\/(\d+)/.exec(text.trim());
  if (!m) throw new ParseError(path, 1, `not a loadavg line: "${text.trim()}"`);
  return { one: Number(m[1]), five: Number(m[2]), fifteen: Number(m[3]), running: Number(m[4]), total: Number(m[5]) };
}

const PSI_LINE = /^(some|full) avg10=(\d+\.\d+) avg60=(\d+\.\d+) avg300=(\d+\.\d+) total=(\d+)$/;

/** cgroup X.pressure and /proc/pressure/X; "full" is absent for cpu on older kernels. */
export function parsePressure(text: string, path = 'pressure'): Pressure {
  let some: PressureLine | undefined;
  let full: PressureLine | undefined;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = PSI_LINE.exec(line.trim());
    if (!m) throw new ParseError(path, i + 1, `not a PSI line: "${line}"`);
    const v = { avg10: Number(m[2]), avg60: Number(m[3]), avg300: Number(m[4]), total: Number(m[5]) };
    if (m[1] === 'some') some = v;
    else full = v;
  });
  if (!some) throw new ParseError(path, 0, 'no "some" line');
  return full ? { some, full } : { some };
}

export type Meminfo = { totalBytes?: number; availableBytes?: number; swapTotalBytes?: number; swapFreeBytes?: number };

export function parseMeminfo(text: string, path = 'meminfo'): Meminfo {
  const kb = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const m = /^([\w()]+):\s+(\d+)(?: kB)?$/.exec(line);
    if (!m) throw new ParseError(path, i + 1, `bad meminfo line "${line}"`);
    kb.set(m[1]!, Number(m[2]) * 1024);
  });
  return {
    totalBytes: kb.get('MemTotal'),
    availableBytes: kb.get('MemAvailable'),
    swapTotalBytes: kb.get('SwapTotal'),
    swapFreeBytes: kb.get('SwapFree'),
  };
}

export function parseUptime(text: string, path = 'uptime'): number {
  const m = /^(\d+(?:\.\d+)?)\s/.exec(text);
  if (!m) throw new ParseError(path, 1, `bad uptime "${text.trim()}"`);
  return Number(m[1]);
}
