// A recorded moment as the dashboard's Snapshot: the containers of one sample (with
// the samples before it in its keyframe run as their sparklines, and rates against the
// sample before), the Namespaces list as it stood, and the events up to that moment.
// What a recording does not hold (processes, host figures) is left empty: the replay
// says so on screen.
import type { ContainerRow, LimitEvent, LimitEventKind, NamespaceRow, Snapshot } from '../model/types.js';
import type { NsType } from '../host/vocabulary.js';
import { formatBytes } from '../model/format.js';
import { rowOf } from './container-row.js';
import type { EventFrame, NamespaceEntry } from './records.js';
import type { DecodedSample } from './sample-codec.js';

const HISTORY = 60;

/** `run`: decoded samples oldest first, the one to show last. */
export function snapshotOf(run: readonly DecodedSample[], seq: number, host: string, namespaces: readonly NamespaceEntry[] | undefined, events: readonly EventFrame[]): Snapshot {
  const cur = run[run.length - 1]!;
  const prev = run.length > 1 ? run[run.length - 2] : undefined;
  const cpu = new Map<string, number[]>();
  const mem = new Map<string, number[]>();
  for (const s of run.slice(-HISTORY)) {
    for (const c of s.containers) {
      const p = c.values['cpuPct'];
      const m = c.values['memory'];
      if (p !== null && p !== undefined) (cpu.get(c.id) ?? cpu.set(c.id, []).get(c.id)!).push(p);
      if (m !== null && m !== undefined && m !== Infinity) (mem.get(c.id) ?? mem.set(c.id, []).get(c.id)!).push(m);
    }
  }
  const before = new Map(prev?.containers.map((c) => [c.id, c]));
  const dt = prev ? (cur.time - prev.time) / 1000 : 0;
  const rate = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || dt <= 0 || a < b ? undefined : (a - b) / dt);
  const containers: ContainerRow[] = cur.containers.map((c) => {
    const row = rowOf(c);
    // rowOf keeps a PSI line whose avg10 was not recorded (for its totals): the
    // dashboard reads a line as known
    const psi = row.stats!.psi;
    for (const k of ['cpu', 'memory', 'io'] as const) {
      if (psi[k]?.some.avg10 === undefined) delete psi[k];
      else if (psi[k]!.full && psi[k]!.full!.avg10 === undefined) delete psi[k]!.full;
    }
    row.history = { cpuPct: cpu.get(c.id) ?? [], memoryBytes: mem.get(c.id) ?? [] };
    const rx = c.values['rxBytes'];
    const tx = c.values['txBytes'];
    if (rx != null || tx != null) {
      const b = before.get(c.id);
      const rxRate = rate(rx, b?.values['rxBytes']);
      const txRate = rate(tx, b?.values['txBytes']);
      row.net = { ns: 0, own: true, sharedWith: [], interfaces: [], ...(rx != null ? { rxBytes: rx } : {}), ...(tx != null ? { txBytes: tx } : {}), ...(rxRate !== undefined ? { rxRate } : {}), ...(txRate !== undefined ? { txRate } : {}), history: [] };
    }
    return row;
  });
  const ids = new Map(containers.map((c) => [c.name, c.id]));
  const nsRows: NamespaceRow[] = (namespaces ?? []).map((n) => ({ ns: n.ns, type: n.type as NsType, nprocs: n.nprocs, pid: n.pid, user: n.user, command: n.command, host: n.host, containers: n.containers.map((name) => ids.get(name) ?? name) }));
  return {
    seq,
    time: cur.time,
    ...(prev ? { intervalMs: cur.time - prev.time } : {}),
    host: { hostname: host, kernel: 'n/a', cgroupMode: 'v2', cpus: 0, psi: {} },
    containers,
    namespaces: nsRows,
    processes: [],
    events: events.map(eventOf),
    warnings: [],
    readOnly: true,
  };
}

const size = (n: number | null) => (n === null ? 'n/a' : n === Infinity ? 'max' : formatBytes(n));

/** A recorded event as the event log shows it; an OOM kill's forensics in a few words
 *  (`nstop events --since` prints them in full). */
export function eventOf(f: EventFrame): LimitEvent {
  const e = f.e;
  let detail = e.kind === 'limit' ? `limit changed: ${e.detail ?? ''}` : e.detail;
  if (f.f) {
    const v = f.f.victim;
    const top = f.f.processes[0];
    const said = [`memory ${size(f.f.memory)} of ${size(f.f.memoryMax)}`, v ? `victim ${v.pid} ${v.comm}` : top ? `largest ${top.pid} ${top.comm} ${size(top.rss)}` : ''].filter(Boolean).join(', ');
    detail = detail ? `${detail}; ${said}` : said;
  }
  return {
    time: f.t, containerId: e.id, container: e.container, kind: (e.kind === 'limit' ? 'limit' : e.kind) as LimitEventKind,
    ...(e.value !== null && e.kind !== 'limit' ? { value: e.value } : {}), ...(e.delta !== null && e.kind !== 'limit' ? { delta: e.delta } : {}), ...(detail ? { detail } : {}),
  };
}
