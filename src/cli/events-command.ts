// `nstop events [NAME...] [--json]`: limit hits and lifecycle events as they happen, one
// line each (JSON: one object per line), until Ctrl-C. Every container is watched
// (inotify / eventfd / fast polling between ticks), so a hit is printed when it happens,
// and a container that ends between two ticks still reports it from its final counters.
import { displayText } from '../host/display-text.js';
import { UserError } from '../host/errors.js';
import type { LimitEvent } from '../model/types.js';
import type { Sampler } from '../sampler/sampler.js';
import { jsonText } from './json.js';
import { ambiguityText, selectContainers } from '../model/select.js';
import { eventWhat } from '../model/event-text.js';

export function eventJson(e: LimitEvent) {
  return {
    time: new Date(e.time).toISOString(),
    container: e.container,
    id: e.containerId,
    kind: e.kind,
    value: e.value ?? null,
    delta: e.delta ?? null,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

/** "2026-11-23 12:03:04.123  munch  oom_kill 1 (+1)" — local time, to the millisecond.
 *  An ad-hoc container is named after its init's comm: escaped, the line stays one line. */
export function eventLine(e: LimitEvent): string {
  const d = new Date(e.time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  return displayText(`${when}  ${e.container}  ${eventWhat(e)}`);
}

export async function eventsCommand(sampler: Sampler, names: string[], json: boolean): Promise<number> {
  /** what the user typed (a name not yet there is watched for by name), and the
   *  containers it meant at the baseline (a qualified name, an id prefix) */
  const wanted = new Set(names);
  const out = process.stdout;
  sampler.setDemand({ processStats: 'none', watch: 'all' });
  return new Promise<number>((resolve, reject) => {
    let failed: UserError | undefined;
    const stop = () => {
      sampler.stop();
      off();
      offFirst();
      if (failed) reject(failed);
      else resolve(0);
    };
    // The first snapshot is the baseline every later event is counted from: say when it
    // is taken, so a person (and a script) knows the stream is live and what it covers.
    let said = false;
    const offFirst = sampler.subscribe((s) => {
      if (said) return;
      said = true;
      // a name no container has would wait for nothing, silently: refuse it in one line
      // (it may be one that has not started yet: start it first, or watch them all); an
      // ambiguous one names its candidates
      for (const name of names) {
        const sel = selectContainers(s.containers, name);
        if (sel.kind === 'one') wanted.add(sel.row.id);
        else {
          failed = new UserError(sel.kind === 'many' ? ambiguityText(name, sel.rows) : `no container named "${name}" (see nstop ls; nstop events without a name watches every one)`);
          return stop();
        }
      }
      const n = wanted.size > 0 ? s.containers.filter((c) => wanted.has(c.name) || wanted.has(c.id)).length : s.containers.length;
      process.stderr.write(`nstop events: watching ${wanted.size > 0 ? `${n} of ${names.join(', ')}` : `${n} container${n === 1 ? '' : 's'}`}; events follow (Ctrl-C ends)\n`);
    });
    const off = sampler.onEvent((e) => {
      if (wanted.size > 0 && !wanted.has(e.container) && !wanted.has(e.containerId)) return;
      out.write((json ? jsonText(eventJson(e)) : eventLine(e)) + '\n');
    });
    // `nstop events | head -3`: a closed pipe ends the stream quietly
    out.on('error', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    sampler.start();
  });
}
