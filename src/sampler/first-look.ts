// The dashboard's first sight of a big host, read by native/build/nstop-firstlook while
// node loads Ink and React (the helper's comment says what it reads). The first tick
// takes its reads (process-table.ts) and reads the rest itself; without the helper, or
// when it failed or is still reading after `maxWaitMs`, the tick reads everything, as
// it did before. The reads are up to a module load old (~0.5 s): a pid that went is
// not in the tick's list and its record is never asked for; one that came is read by
// the tick; a pid reused in between shows its old process until its stat is read (a
// new starttime: read as new) or its identity completed, both within a few ticks.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLookPath } from '../../native/firstlook.js';
import { parseFirstLookFile, type AheadReads } from '../host/procfs/first-look.js';

export type FirstLook = {
  /** the helper's reads once it is done, for the first caller; undefined: none (the
   *  caller reads) */
  reads(maxWaitMs: number): Promise<AheadReads | undefined>;
  /** node may exit while it reads */
  unref(): void;
  /** ends it by its pid if it still runs (its reads are not wanted) */
  cancel(): void;
};

/** `onDone`: told when the helper's output is parsed (the trace's "look" mark). */
export function startFirstLook(procRoot: string, onDone: () => void = () => undefined): FirstLook | undefined {
  const path = firstLookPath();
  if (path === undefined) return undefined;
  // its output into a file nobody else can open (unlinked at once), read when it exits:
  // a pipe woke node's loop ~60 times while the modules were loading
  let fd: number;
  try {
    // a new file (O_EXCL: never one someone put there, nor a link to one)
    const file = join(tmpdir(), `nstop-firstlook-${process.pid}-${randomBytes(6).toString('hex')}`);
    fd = openSync(file, 'wx+', 0o600);
    unlinkSync(file);
  } catch {
    return undefined;
  }
  const child = spawn(path, [procRoot], { stdio: ['ignore', fd, 'ignore'] });
  /** false once cancelled: its output is not parsed */
  let wanted = true;
  let done: Promise<AheadReads | undefined> | undefined = new Promise((resolve) => {
    // 'error' (it could not start) and 'exit' may both come: the file is closed once
    let open = true;
    const finish = (read: () => AheadReads | undefined): void => {
      if (!open) return;
      open = false;
      try {
        const got = wanted ? read() : undefined;
        resolve(got);
        if (got !== undefined) onDone();
      } catch {
        resolve(undefined); // a helper of another build: the tick reads it all
      } finally {
        closeSync(fd);
      }
    };
    child.on('error', () => finish(() => undefined));
    child.on('exit', (code) => finish(() => (code === 0 ? parseFirstLookFile(fd) : undefined)));
  });
  const end = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    unref: () => child.unref(),
    cancel: () => {
      wanted = false;
      done = undefined;
      end();
    },
    async reads(maxWaitMs) {
      // once: a promise holds its value, and the reads are megabytes the first tick is done with
      const reading = done;
      done = undefined;
      if (reading === undefined) return undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), maxWaitMs);
      });
      const got = await Promise.race([reading, late]);
      clearTimeout(timer);
      // still reading (a process stuck in the kernel can hold a read of its cmdline):
      // the tick goes on without it
      if (got === undefined) end();
      return got;
    },
  };
}
