// /proc/uptime: seconds since boot, then idle seconds summed over CPUs. A real line:
//   7146.80 14079.57
import { ParseError } from '../errors.js';

/** Seconds since boot. */
export function parseUptime(text: string, path = 'uptime'): number {
  const m = /^(\d+(?:\.\d+)?) \d+(?:\.\d+)?$/.exec(text.trim());
  if (!m) throw new ParseError(path, 1, `not an uptime line: "${text.trim()}"`);
  return Number(m[1]);
}
