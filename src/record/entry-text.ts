// A recorded event as people read it (`nstop events --since`): the event's line, as
// `nstop events` prints it live, and below an OOM kill or a pids.max burst what the
// container held just before: its limit and use, memory.stat's parts, PSI, the victim
// the kernel named and the processes by RSS.
import { displayText } from '../host/display-text.js';
import { eventWhat } from '../model/event-text.js';
import { formatBytes } from '../model/format.js';
import type { LimitEvent, LimitEventKind } from '../model/types.js';
import type { EventFrame, Forensics } from './records.js';

const p2 = (n: number, w = 2) => String(n).padStart(w, '0');
/** local time, to the millisecond, as `nstop events` prints it */
export function localTime(t: number, ms = true): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}${ms ? `.${p2(d.getMilliseconds(), 3)}` : ''}`;
}

const bytes = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : n === Infinity ? 'max' : formatBytes(n));
const count = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : n === Infinity ? 'max' : String(n));
const kb = (n: number | undefined) => (n === undefined ? 'n/a' : formatBytes(n * 1024));

function what(f: EventFrame): string {
  const e = f.e;
  if (e.kind === 'limit') return `limit changed: ${e.detail ?? ''}`;
  const le: LimitEvent = { time: f.t, containerId: e.id, container: e.container, kind: e.kind as LimitEventKind, ...(e.value !== null ? { value: e.value } : {}), ...(e.delta !== null ? { delta: e.delta } : {}), ...(e.detail !== undefined ? { detail: e.detail } : {}) };
  return eventWhat(le);
}

function forensicsLines(f: Forensics, kind: string): string[] {
  const lines: string[] = [];
  const ms = f.memoryStat;
  const parts = ms ? ` (anon ${bytes(ms.anon)}, file ${bytes(ms.file)}, kernel ${bytes(ms.kernel)}, shmem ${bytes(ms.shmem)}, sock ${bytes(ms.sock)})` : '';
  lines.push(`memory ${bytes(f.memory)} of ${bytes(f.memoryMax)}${parts}; tasks ${count(f.pids)} of ${count(f.pidsMax)}`);
  if (f.psi) lines.push(`PSI avg10: memory some ${f.psi.memorySome10 ?? 'n/a'}% full ${f.psi.memoryFull10 ?? 'n/a'}%, cpu some ${f.psi.cpuSome10 ?? 'n/a'}%`);
  if (kind === 'oom_kill') {
    const v = f.victim;
    lines.push(v ? `victim (${f.kernelLog}): pid ${v.pid} ${v.comm}, anon-rss ${kb(v.anonRssKb)}, file-rss ${kb(v.fileRssKb)}, shmem-rss ${kb(v.shmemRssKb)}, total-vm ${kb(v.totalVmKb)}` : `victim: not known (${f.kernelLog})`);
  }
  const when = f.source === 'last-sample' ? `at the last sample before it, ${localTime(f.at, false)}` : 'at the event (no sample had them: it was not near a limit)';
  lines.push(`processes ${when}: ${f.processes.length}`);
  const shown = f.processes.slice(0, 10);
  if (shown.length > 0) lines.push(`${'PID'.padStart(8)} ${'RSS'.padStart(8)}  COMMAND`);
  for (const p of shown) lines.push(`${String(p.pid).padStart(8)} ${bytes(p.rss).padStart(8)}  ${p.cmdline || p.comm}`);
  if (f.processes.length > shown.length) lines.push(`… ${f.processes.length - shown.length} more`);
  return lines;
}

export function entryText(f: EventFrame): string {
  const head = displayText(`${localTime(f.t)}  ${f.e.container}  ${what(f)}`);
  if (!f.f) return head + '\n';
  return head + '\n' + forensicsLines(f.f, f.e.kind).map((l) => `    ${displayText(l)}\n`).join('');
}
