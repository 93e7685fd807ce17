// Where a running recorder writes, for the live dashboard's R: the default directory if
// its lock is held, else the directory of any `lock` file some process holds an flock on
// beside segment files. Read from /proc/locks (a line such as
// `3: FLOCK  ADVISORY  WRITE 18644 fe:00:1451822 0 EOF`: pid, then device:inode), never
// by taking the lock: a recorder starting at that moment would be refused.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

type Held = { pid: number; ino: number };

export function parseLocks(text: string): Held[] {
  const out: Held[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+FLOCK\s+\S+\s+WRITE\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (m) out.push({ pid: Number(m[1]), ino: Number(m[2]) });
  }
  return out;
}

const hasSegments = (dir: string) => {
  try {
    return readdirSync(dir).some((n) => /^seg-\d{13}\.nsr$/.test(n));
  } catch {
    return false;
  }
};

/** The directory a running recorder writes into, or undefined when none runs. */
export function findRecorderDir(defaultDir: string, procRoot = '/proc'): string | undefined {
  let held: Held[];
  try {
    held = parseLocks(readFileSync(join(procRoot, 'locks'), 'utf8'));
  } catch {
    return undefined;
  }
  try {
    const ino = statSync(join(defaultDir, 'lock')).ino;
    if (held.some((h) => h.ino === ino) && hasSegments(defaultDir)) return defaultDir;
  } catch {
    /* no recording there: look at the other locks */
  }
  for (const h of held) {
    let fds: string[];
    try {
      fds = readdirSync(join(procRoot, String(h.pid), 'fd'));
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(join(procRoot, String(h.pid), 'fd', fd));
      } catch {
        continue;
      }
      if (basename(target) !== 'lock' || !target.startsWith('/')) continue;
      try {
        if (statSync(target).ino === h.ino && hasSegments(dirname(target))) return dirname(target);
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return undefined;
}
