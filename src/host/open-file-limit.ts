// The soft limit on open files, which bounds every set of fds the read side keeps open
// (cgroup files: host/cgroup/kept-files.ts; /proc/PID/stat: host/procfs/stat-files.ts).
// Node raises the soft limit to the hard one at start, so this is the hard limit too.
import { readFileSync } from 'node:fs';

let limit: number | undefined;

/** RLIMIT_NOFILE's soft value (read once), or 1024 without /proc. */
export function openFileLimit(): number {
  if (limit !== undefined) return limit;
  let text = '';
  try {
    text = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    // no /proc: the usual default
  }
  // /proc/self/limits: "Max open files            20000                20000                files"
  const line = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  limit = line === null ? 1024 : line[1] === 'unlimited' ? 1 << 20 : Number(line[1]);
  return limit;
}
