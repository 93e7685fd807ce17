// ls / ns / ps: one or two samples, then a table or JSON on stdout.
import { isolatedShort } from './ns-short.js';
import type { ContainerRow, ProcessRow, Snapshot } from '../model/types.js';
import { formatBytes, formatCount, formatOf, formatPct } from '../model/format.js';
import { containerJson, jsonText, namespaceJson, netJson, processJson } from './json.js';
import { renderTable, type TextColumn } from './table.js';
import { NS_TYPES, type NsType } from '../host/vocabulary.js';
import { confinementText } from '../model/capabilities.js';
import { UserError } from '../host/errors.js';
import { ambiguityText, selectContainers } from '../model/select.js';
import { peakText, stoppedText } from '../model/ending.js';

/** The command line is wrong (unknown command or option, bad value): one line, exit 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/** "running", "paused", and for a stopped one how it ended ("oom-killed", "sig 9",
 *  "exit 0"): the words of the dashboard's STATUS. */
export function statusText(c: ContainerRow): string {
  return c.status === 'stopped' ? stoppedText(c) : c.status;
}

// a stopped one has no group left: its peak against its limit, read before the group went
const memCell = (c: ContainerRow): string =>
  c.status === 'stopped' && c.managed ? (peakText(c.managed) ?? '-') : formatOf(c.stats?.memory.current, c.stats?.memory.max, formatBytes);
const pidsCell = (c: ContainerRow): string => (c.status === 'stopped' ? '-' : formatOf(c.stats?.pids.current, c.stats?.pids.max));

/** The dashboard's titles for the same figures (ui/columns/container-columns.ts; a test
 *  holds them equal); CONFINE, IMAGE and CGROUP are ls's own (the dashboard has no room for them). */
export const LS_COLUMNS: TextColumn<ContainerRow>[] = [
  { title: 'NAME', value: (c) => c.name },
  { title: 'RUNTIME', value: (c) => c.runtime },
  { title: 'STATUS', value: (c) => statusText(c) },
  // nstop's own: default / privileged / +ADDED -DROPPED; others: not known here
  { title: 'CONFINE', value: (c) => (c.runtime === 'nstop' && c.managed ? confinementText(c.managed.confine) : '-') },
  { title: 'PID', align: 'right', value: (c) => formatCount(c.initPid) },
  { title: 'PROCS', align: 'right', value: (c) => String(c.nprocs) },
  { title: 'CPU%', align: 'right', value: (c) => formatPct(c.cpuPct) },
  { title: 'MEMORY', align: 'right', value: memCell },
  { title: 'PIDS', align: 'right', value: pidsCell },
  { title: 'OOMK', align: 'right', value: (c) => formatCount(c.counters.oomKill.value) },
  { title: 'PMAX', align: 'right', value: (c) => formatCount(c.counters.pidsMax.value) },
  { title: 'NET', value: netCell },
  { title: 'NS', value: (c) => isolatedShort(c.isolated) },
  // the runtime's record: docker's and podman's image as it was asked for. Late in the
  // row: scripts that cut the first columns of `nstop ls` keep working
  { title: 'IMAGE', value: (c) => c.image ?? '-' },
  { title: 'CGROUP', value: (c) => c.cgroupPath ?? '-' },
];

/** Its first address outside lo, else how it is networked (host, own, none...). */
function netCell(c: ContainerRow): string {
  const j = netJson(c);
  if (j.mode === 'host') return 'host';
  const addr = j.interfaces.filter((i) => i.name !== 'lo').flatMap((i) => i.addresses)[0];
  return addr ?? j.mode ?? '-';
}

export function lsOutput(s: Snapshot, json: boolean): string {
  if (json) return jsonText({ containers: s.containers.map(containerJson) }, 2) + '\n';
  if (s.containers.length === 0) return 'no containers\n';
  return renderTable(s.containers, LS_COLUMNS);
}

export function nsOutput(s: Snapshot, json: boolean, type?: string, pid?: number): string {
  if (type !== undefined && !(NS_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(`unknown namespace type "${type}" (one of: ${NS_TYPES.join(', ')})`);
  }
  let rows = s.namespaces.filter((r) => type === undefined || r.type === (type as NsType));
  if (pid !== undefined) {
    const p = s.processes.find((q) => q.pid === pid);
    if (!p) throw new UsageError(`no process with pid ${pid}`);
    rows = rows.filter((r) => p.ns[r.type] === r.ns);
  }
  const names = new Map(s.containers.map((c) => [c.id, c.name]));
  if (json) return jsonText({ namespaces: rows.map((r) => namespaceJson(r, names)) }, 2) + '\n';
  return renderTable(rows, [
    { title: 'NS', align: 'right', value: (r) => String(r.ns) },
    { title: 'TYPE', value: (r) => r.type },
    { title: 'NPROCS', align: 'right', value: (r) => String(r.nprocs) },
    { title: 'PID', align: 'right', value: (r) => String(r.pid) },
    { title: 'USER', value: (r) => r.user },
    { title: 'CONTAINERS', value: (r) => (r.host ? 'host' : r.containers.map((id) => names.get(id) ?? id).join(',') || '-') },
    { title: 'COMMAND', value: (r) => r.command },
  ]);
}

/** NAME, RUNTIME:NAME, an id prefix, or a pid (of a container's process: its container). */
export function findContainer(s: Snapshot, name: string): ContainerRow {
  const sel = selectContainers(s.containers, name);
  if (sel.kind === 'one') return sel.row;
  // no such container, or more than one: nstop's own error (125), as kill and set say it
  if (sel.kind === 'many') throw new UserError(ambiguityText(name, sel.rows));
  if (/^\d+$/.test(name)) {
    const byPid = s.containers.find((c) => c.pids.includes(Number(name)));
    if (byPid) return byPid;
  }
  throw new UserError(`no container named "${name}" (see nstop ls)`);
}

export function psOutput(s: Snapshot, name: string, json: boolean): string {
  const c = findContainer(s, name);
  const members = new Set(c.pids);
  const procs: ProcessRow[] = s.processes.filter((p) => members.has(p.pid));
  if (json) return jsonText({ container: c.name, id: c.id, processes: procs.map(processJson) }, 2) + '\n';
  return renderTable(procs, [
    { title: 'PID', align: 'right', value: (p) => String(p.pid) },
    { title: 'NSPID', align: 'right', value: (p) => formatCount(p.nspid[p.nspid.length - 1]) },
    { title: 'USER', value: (p) => p.user },
    { title: 'S', value: (p) => p.state ?? '?' },
    { title: 'CPU%', align: 'right', value: (p) => formatPct(p.cpuPct) },
    { title: 'RSS', align: 'right', value: (p) => formatBytes(p.rssBytes) },
    { title: 'NS', value: (p) => isolatedShort(p.isolated) },
    { title: 'COMMAND', value: (p) => (p.cmdline.length > 0 ? p.cmdline.join(' ') : p.comm) },
  ]);
}
