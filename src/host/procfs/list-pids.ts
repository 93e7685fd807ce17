// Numeric entries of /proc: one readdir per tick is all a pid costs until first sight.
import { readdirSync } from 'node:fs';

export function listPids(procRoot: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57 && /^\d+$/.test(name)) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/** NUL-separated argv; kernel threads have none. A process that rewrote its argv with
 *  spaces and no NULs comes back as one element. */
export function parseCmdline(buf: Buffer): string[] {
  const text = buf.toString('utf8');
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
