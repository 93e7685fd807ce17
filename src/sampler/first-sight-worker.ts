// The body of the dashboard's first-sight worker (first-sight.ts): a worker_threads
// thread that reads, for every pid of the procfs, what the first tick's glance needs
// (glance.ts): the stat line and the pid-namespace link. It runs on the other CPU while
// the main thread loads Ink and React. It imports node's modules only: it is started
// from tsc's file beside the bundle, and each module more is load time on its thread.
// It posts what it read in batches, so a tick that comes before it is done takes what is
// there and reads the rest itself. It keeps no fd open: node closes the fds a worker
// opened when the worker ends, and the number could by then be another file's.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export type FirstSightJob = { procRoot: string };

/** One entry per pid read; `pidNs`: the link's inode, 'denied' (EACCES) or null (not
 *  read: a zombie's or an odd one; the main thread reads it itself). Only types are
 *  imported from here: importing this file runs it. */
export type FirstSightBatch = { pids: number[]; texts: string[]; pidNs: (number | 'denied' | null)[] };

/** pids a batch */
const BATCH = 1000;

const job = workerData as FirstSightJob;
const buf = Buffer.allocUnsafe(4096);

/** a whole stat line (seq_file gives it in one read: a read shorter than asked is all) */
function readStat(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    // never for a stat line (under 1 KB), but whole if so
    return n < buf.length ? buf.toString('utf8', 0, n) : readFileSync(path, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

let out: FirstSightBatch = { pids: [], texts: [], pidNs: [] };
for (const name of readdirSync(job.procRoot)) {
  const c = name.charCodeAt(0);
  if (c < 48 || c > 57 || !/^\d+$/.test(name)) continue;
  const dir = `${job.procRoot}/${name}`;
  let text: string;
  try {
    text = readStat(`${dir}/stat`);
  } catch {
    continue; // gone (or odd): the main thread meets it, or not, on its own
  }
  let ns: number | 'denied' | null;
  try {
    // "pid:[4026531836]"
    const m = /^pid:\[(\d+)\]$/.exec(readlinkSync(`${dir}/ns/pid`));
    ns = m ? Number(m[1]) : null;
  } catch (err) {
    ns = errno(err) === 'EACCES' || errno(err) === 'EPERM' ? 'denied' : null;
  }
  out.pids.push(Number(name));
  out.texts.push(text);
  out.pidNs.push(ns);
  if (out.pids.length >= BATCH) {
    parentPort!.postMessage(out);
    out = { pids: [], texts: [], pidNs: [] };
  }
}
parentPort!.postMessage(out);
