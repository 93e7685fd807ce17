// /proc/PID/statm, in pages. A real line from this machine (size resident shared text lib data dt):
//   765 423 394 5 0 123 0
// Zombies and kernel threads read "0 0 0 0 0 0 0".
import { ParseError } from '../errors.js';
import type { ProcStatm } from '../types.js';

export function parseStatm(text: string, path = 'statm'): ProcStatm {
  const f = text.trim().split(/\s+/);
  if (f.length < 3 || f.some((v) => !/^\d+$/.test(v))) throw new ParseError(path, 1, `not a statm line: "${text.trim()}"`);
  return { size: Number(f[0]), resident: Number(f[1]), shared: Number(f[2]) };
}
