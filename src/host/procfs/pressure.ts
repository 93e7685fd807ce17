// PSI: /proc/pressure/{cpu,memory,io} and cgroup2 X.pressure. Real lines from this machine:
//   some avg10=19.72 avg60=12.28 avg300=6.07 total=42353801
//   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
// /proc/pressure/cpu has no "full" line before Linux 5.13, so it is optional.
import { ParseError } from '../errors.js';
import type { Pressure, PressureLine } from '../types.js';

const PSI_LINE = /^(some|full) avg10=(\d+\.\d+) avg60=(\d+\.\d+) avg300=(\d+\.\d+) total=(\d+)$/;

export function parsePressure(text: string, path = 'pressure'): Pressure {
  let some: PressureLine | undefined;
  let full: PressureLine | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const m = PSI_LINE.exec(line);
    if (!m) throw new ParseError(path, i + 1, `not a PSI line: "${line}"`);
    const v = { avg10: Number(m[2]), avg60: Number(m[3]), avg300: Number(m[4]), total: Number(m[5]) };
    if (m[1] === 'some') some = v;
    else full = v;
  }
  if (!some) throw new ParseError(path, 0, 'no "some" line');
  return full ? { some, full } : { some };
}
