// The JSON shapes of `ls`, `ns` and `ps`. Stable keys; unlimited = "max", unknown = null.
import type { ContainerRow, ManagedInfo, NamespaceRow, ProcessRow } from '../model/types.js';
import { jsonNumber as n } from '../model/format.js';
import { oomKilled } from '../model/ending.js';

// JSON.stringify writes C0 controls as \u001b..., but DEL, the C1 range (U+009B is a
// one-character CSI) and U+2028/9 raw: `nstop ls --json` on a terminal would pass them on.
const RAW = /[\u007f-\u009f\u2028\u2029]/;
const RAWS = /[\u007f-\u009f\u2028\u2029]/g;
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON.stringify with those escaped too: a parser reads back the exact same values. */
export function jsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  return RAW.test(text) ? text.replace(RAWS, unicodeEscape) : text;
}

function managedJson(m: ManagedInfo) {
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  return {
    created: iso(m.createdAt),
    detached: m.detached,
    exitCode: m.exitCode ?? null,
    signal: m.signal ?? null,
    finishedAt: iso(m.finishedAt),
    // the OOM killer ended it (SIGKILL and its oom_kill counted it): STATUS oom-killed
    oomKilled: oomKilled(m),
    final: m.final ?? null,
    // null: launched before nstop confined containers (it ran with every capability)
    confinement: m.confine ? { privileged: m.confine.privileged, capabilities: m.confine.caps } : null,
  };
}

/** How it is networked: nstop's own say their --net; others: own namespace or the host's.
 *  Interfaces include lo; the totals (rx/tx bytes, bytes/s) leave it out. Rates are null
 *  on a first sample. */
export function netJson(c: ContainerRow) {
  const m = c.managed?.net;
  const mode = m ? (m.mode === 'container' ? `container:${m.container}` : m.mode) : c.net ? (c.net.own ? 'own' : 'host') : null;
  if (!c.net) return { mode, namespace: null, sharedWith: [], address: m?.address ?? null, interfaces: [], rxBytes: null, txBytes: null, rxRate: null, txRate: null };
  const x = c.net;
  return {
    mode,
    namespace: x.ns,
    sharedWith: x.sharedWith,
    address: m?.address ?? null,
    interfaces: x.interfaces.map((i) => ({ name: i.name, addresses: i.addresses, rxBytes: i.rxBytes, txBytes: i.txBytes, rxPackets: i.rxPackets, txPackets: i.txPackets, rxRate: n(i.rxRate), txRate: n(i.txRate) })),
    rxBytes: n(x.rxBytes),
    txBytes: n(x.txBytes),
    rxRate: n(x.rxRate),
    txRate: n(x.txRate),
  };
}

export function containerJson(c: ContainerRow) {
  const s = c.stats;
  return {
    name: c.name,
    id: c.id,
    // --prometheus: the machine it runs on (absent for this host's own)
    ...(c.host !== undefined ? { host: c.host } : {}),
    runtime: c.runtime,
    image: c.image ?? null,
    // Kubernetes: the pod and its namespace (null for any other runtime)
    pod: c.pod ?? null,
    namespace: c.podNamespace ?? null,
    status: c.status,
    ...(c.managed ? managedJson(c.managed) : {}),
    ...(c.recorded ? { exitCode: c.recorded.exitCode ?? null, finishedAt: c.recorded.finishedAt === undefined ? null : new Date(c.recorded.finishedAt).toISOString() } : {}),
    pid: c.initPid ?? null,
    nprocs: c.nprocs,
    processes: c.pids,
    cgroup: c.cgroupPath ?? null,
    ownCgroup: c.ownCgroup,
    isolated: c.isolated,
    namespaces: c.ns,
    command: c.command,
    memory: {
      current: n(s?.memory.current),
      max: n(s?.memory.max),
      high: n(s?.memory.high),
      workingSet: n(s?.memory.workingSet),
      swapCurrent: n(s?.memory.swapCurrent),
      swapMax: n(s?.memory.swapMax),
      formula: s?.memoryFormula ?? null,
    },
    // the kernel's pids.current counts tasks: every thread is one, not just processes
    pids: { current: n(s?.pids.current), max: n(s?.pids.max), countsThreads: true },
    cpu: {
      percent: n(c.cpuPct),
      limitCpus: n(s?.cpu.limitCpus),
      weight: n(s?.cpu.weight),
      usageUsec: n(s?.cpu.usageUsec),
    },
    // a limit above is an ancestor group's, tighter than the container's own (a pod
    // slice, nspawn's machine scope): that group's path; null: its own group's or none
    limitFrom: { memory: c.limitFrom?.memory ?? null, pids: c.limitFrom?.pids ?? null, cpu: c.limitFrom?.cpu ?? null },
    psi: s?.psi ?? null,
    frozen: s?.frozen ?? null,
    net: netJson(c),
    counters: Object.fromEntries(
      Object.entries(c.counters).map(([k, v]) => [k, { value: n(v.value), delta: n(v.delta) }]),
    ),
  };
}

/** lsns -J keys first (ns, type, nprocs, pid, user, command), then nstop's extras. */
export function namespaceJson(r: NamespaceRow, names: ReadonlyMap<string, string>) {
  return {
    ns: r.ns,
    type: r.type,
    nprocs: r.nprocs,
    pid: r.pid,
    user: r.user,
    command: r.command,
    host: r.host,
    containers: r.containers.map((id) => names.get(id) ?? id),
  };
}

export function processJson(p: ProcessRow) {
  return {
    pid: p.pid,
    nspid: p.nspid[p.nspid.length - 1] ?? null,
    nspids: p.nspid,
    ppid: p.ppid,
    user: p.user,
    state: p.state ?? null,
    cpuPercent: n(p.cpuPct),
    rss: n(p.rssBytes),
    threads: n(p.threads),
    isolated: p.isolated,
    command: p.cmdline.length > 0 ? p.cmdline.join(' ') : p.comm,
  };
}
