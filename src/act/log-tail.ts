// The last lines of a detached container's log, for the dashboard's log pane: only the
// file's tail is read, and terminal escapes are removed (a container's output must not
// move the dashboard's cursor or change its colours).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function cleanLine(line: string): string {
  return line.replace(/\t/g, '  ').replace(ESCAPES, '');
}

/** undefined when there is no log (a foreground container). */
export function tailLines(path: string, lines: number, maxBytes = 16_384): string[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    // the first line may be cut in the middle when we did not read from the start
    if (len < size) all.shift();
    return all.slice(-lines).map(cleanLine);
  } finally {
    closeSync(fd);
  }
}
