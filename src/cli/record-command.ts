// `nstop record [--dir D] [--interval 5s] [--retain 7d] [--max-size 2G]`: the flight
// recorder. Samples every container at the interval (and at each event the watcher
// brings forward), writes each event the moment it is seen, until SIGTERM/SIGINT.
// One recorder per directory (an flock). Storage: src/record/ and README, Recording.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import os from 'node:os';
import { UserError } from '../host/errors.js';
import { createRecorder } from '../record/recorder.js';
import { lockRecordDir } from '../record/lock.js';
import type { Sampler } from '../sampler/sampler.js';
import { UsageError } from './commands.js';

export const DEFAULT_RECORD_DIR = '/var/lib/nstop/record';

/** The directory, made if missing; one line (exit 2) when it cannot be written. */
export function recordDir(dir: string): string {
  try {
    // each missing directory made in turn: Node 20's recursive mkdir retries forever
    // where the kernel says ENOENT for a parent that exists (/proc/x)
    const parts = resolve(dir).split('/');
    for (let i = 2; i <= parts.length; i++) {
      const at = parts.slice(0, i).join('/');
      if (!existsSync(at)) mkdirSync(at, { mode: 0o750 });
    }
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new UsageError(`--dir ${dir}: cannot record there (${(err as NodeJS.ErrnoException).code ?? 'not a directory'})`);
  }
  return dir;
}

export type RecordOptions = { dir: string; intervalMs: number; retainMs: number; maxBytes: number };

export async function recordCommand(sampler: Sampler, o: RecordOptions): Promise<number> {
  const lock = lockRecordDir(o.dir);
  let lastWarning = '';
  const warn = (text: string) => {
    // a full disk fails every sample: say it once until something else happens
    if (text !== lastWarning) process.stderr.write(`nstop record: ${text}\n`);
    lastWarning = text;
  };
  const recorder = createRecorder({ dir: o.dir, intervalMs: o.intervalMs, retainMs: o.retainMs, maxBytes: o.maxBytes, host: os.hostname(), layout: sampler.driver.layout, warn });
  sampler.setDemand(recorder.demand());
  return new Promise<number>((resolve, reject) => {
    let said = false;
    const offSnap = sampler.subscribe((s) => {
      recorder.snapshot(s);
      sampler.setDemand(recorder.demand());
      if (!said) {
        said = true;
        process.stderr.write(`nstop record: recording ${s.containers.length} container${s.containers.length === 1 ? '' : 's'} every ${o.intervalMs / 1000}s into ${o.dir} (SIGTERM or Ctrl-C ends)\n`);
      }
    });
    const offEvent = sampler.onEvent((e) => recorder.event(e));
    const stop = () => {
      sampler.stop();
      offSnap();
      offEvent();
      try {
        recorder.close();
        lock.release();
        resolve(0);
      } catch (err) {
        reject(err instanceof UserError ? err : new UserError(`closing the recording: ${(err as Error).message}`));
      }
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    sampler.start();
  });
}
