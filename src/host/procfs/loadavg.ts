// /proc/loadavg. A real line from this machine:
//   1.05 0.51 0.20 3/94 8260
// (1, 5, 15 minute averages; runnable/total scheduling entities; last pid)
import { join } from 'node:path';
import { ParseError } from '../errors.js';
import { readTextFile } from './read-file.js';
import type { LoadAvg } from '../types.js';

export function parseLoadavg(text: string, path = 'loadavg'): LoadAvg {
  const m = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\/(\d+) (\d+)$/.exec(text.trim());
  if (!m) throw new ParseError(path, 1, `not a loadavg line: "${text.trim()}"`);
  return { one: Number(m[1]), five: Number(m[2]), fifteen: Number(m[3]), running: Number(m[4]), total: Number(m[5]), lastPid: Number(m[6]) };
}

/** procRoot's loadavg, or undefined where it cannot be read or parsed (a fixture tree
 *  without one). */
export function readLoadavg(procRoot: string): LoadAvg | undefined {
  try {
    return parseLoadavg(readTextFile(join(procRoot, 'loadavg')));
  } catch {
    return undefined;
  }
}
