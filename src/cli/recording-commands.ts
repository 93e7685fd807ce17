// Reading a recording: `nstop events --since 1h [--dir D] [--json]` (the events with
// their OOM forensics) and `nstop dump --dir D --from T --to T --format F`.
import { writeSync } from 'node:fs';
import { entryText, localTime } from '../record/entry-text.js';
import { dumpRecording, type DumpFormat } from '../record/dump.js';
import { readRecording, type ReadSummary } from '../record/read.js';
import type { EventFrame } from '../record/records.js';
import { UserError } from '../host/errors.js';
import { jsonText } from './json.js';
import { UsageError } from './commands.js';

/** what a reader met on the way: damaged frames, a torn last write, nothing in range */
function notes(dir: string, r: ReadSummary, what: string, from: number): void {
  if (r.damagedFrames > 0) process.stderr.write(`nstop: ${r.damagedFrames} damaged frame${r.damagedFrames === 1 ? '' : 's'} in ${dir} skipped\n`);
  if (r.segments === 0) throw new UserError(`no recording in ${dir} (start one with nstop record --dir ${dir})`);
  if (r.first === undefined && r.recordedFrom !== undefined && from < r.recordedFrom) process.stderr.write(`nstop: the recording in ${dir} starts at ${localTime(r.recordedFrom, false)}\n`);
  if (r.first === undefined) process.stderr.write(`nstop: no ${what} in that time\n`);
}

export function recordedEvents(dir: string, since: number, names: readonly string[], json: boolean): number {
  const wanted = new Set(names);
  const picked: EventFrame[] = [];
  const r = readRecording(dir, since, Date.now(), { event: (e) => (wanted.size === 0 || wanted.has(e.e.container) || wanted.has(e.e.id) ? picked.push(e) : 0) });
  for (const e of picked) writeAll(json ? jsonText({ time: new Date(e.t).toISOString(), container: e.e.container, id: e.e.id, kind: e.e.kind, value: e.e.value, delta: e.e.delta, ...(e.e.detail !== undefined ? { detail: e.e.detail } : {}), ...(e.f ? { forensics: e.f } : {}) }) + '\n' : entryText(e));
  notes(dir, r, 'events', since);
  return 0;
}

const FORMATS: readonly DumpFormat[] = ['json', 'csv', 'openmetrics'];

export function dumpCommand(dir: string, from: number, to: number, format: string): number {
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`bad --format "${format}": one of ${FORMATS.join(', ')}`);
  if (from > to) throw new UsageError('--from is after --to');
  // large dumps go through a buffer written in 1 MB pieces, not a write() per line
  let pending = '';
  const out = (s: string) => {
    pending += s;
    if (pending.length >= 1 << 20) {
      writeAll(pending);
      pending = '';
    }
  };
  const r = dumpRecording(dir, from, to, format as DumpFormat, out);
  writeAll(pending);
  notes(dir, r, 'samples', from);
  return 0;
}

function writeAll(s: string): void {
  const buf = Buffer.from(s, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off, buf.length - off);
    } catch (err) {
      // `nstop dump | head`: a closed pipe ends the dump quietly
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}
