// The recorder: each snapshot becomes a sample frame, each event an event frame written
// the moment the watcher reports it (its own time, not the tick's). Containers near a
// limit have their processes' RSS and memory.stat kept from each sample, so an OOM kill
// or a pids.max burst is recorded with what the container held just before.
import type { CgroupLayout } from '../host/cgroup/types.js';
import type { ContainerRow, LimitEvent, SampleDemand, Snapshot } from '../model/types.js';
import { findVictim, limitCountsNow, memoryBreakdown, readKernelLog } from './forensics.js';
import { NS_FULL_EVERY, nsKey, type EventFrame, type Forensics, type NamespaceEntry, type NamespacesFrame } from './records.js';
import { createSampleEncoder } from './sample-codec.js';
import { applyRetention, createSegmentWriter } from './segments.js';
import { limitChanges } from './limit-changes.js';
import { processesNow } from './procs-now.js';
import { downsampleOld } from './downsample.js';

export type RecorderOptions = {
  dir: string;
  intervalMs: number;
  retainMs: number;
  maxBytes: number;
  host: string;
  layout: CgroupLayout;
  kmsgPath?: string;
  /** where a container's processes are read at an event (default /proc) */
  procRoot?: string;
  /** a problem that does not stop recording (a full disk): one line on stderr */
  warn: (text: string) => void;
};

/** near enough to a limit that the next sample may be the last before a kill */
function atRisk(c: ContainerRow): boolean {
  const s = c.stats;
  if (!s || !c.ownCgroup) return false;
  const m = s.memory;
  if (m.max !== undefined && m.max !== Infinity && m.current !== undefined && m.current >= m.max * 0.5) return true;
  const p = s.pids;
  return p.max !== undefined && p.max !== Infinity && p.current !== undefined && p.current >= p.max * 0.5;
}

const nul = (v: number | undefined): number | null => (v === undefined ? null : v);

/** a pids_max burst: the first event after this long without one */
const BURST_GAP_MS = 60_000;

/** a container's figures from one sample, with its counters read just after them */
type Kept = { f: Forensics; oomKill: number | null; pidsMax: number | null };
/** samples' figures kept per container near a limit, newest first */
const KEEP = 3;

export function createRecorder(o: RecorderOptions) {
  const writer = createSegmentWriter(o.dir, { host: o.host, interval: o.intervalMs });
  let encoder = createSampleEncoder();
  // the Namespaces list as last written: type:inode -> its containers
  let nsList = new Map<string, string>();
  let nsCount = 0;
  let nsFrom: { rows?: Snapshot['namespaces']; named?: string } = {};
  let last: Snapshot | undefined;
  let kept = new Map<string, Kept[]>();
  const lastPidsMax = new Map<string, number>();
  let demand: SampleDemand = { processStats: 'none', watch: 'all', net: 'all', memberCpu: 'background', fresh: { processes: false, namespaces: false }, processRows: false };

  const safely = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      o.warn(`${what}: ${(err as Error).message.split('\n')[0]}`);
    }
  };

  function figures(c: ContainerRow, s: Snapshot, at: number, source: Forensics['source']): Forensics {
    const st = c.stats;
    const psi = st?.psi.memory || st?.psi.cpu ? { memorySome10: nul(st?.psi.memory?.some.avg10), memoryFull10: nul(st?.psi.memory?.full?.avg10), cpuSome10: nul(st?.psi.cpu?.some.avg10) } : null;
    // at the event, a container not near a limit at the last sample: the sample has no
    // rows of its processes (demand.processRows), read them now
    const processes =
      source === 'at-event'
        ? processesNow(c.pids, o.procRoot)
        : s.processes
            .filter((p) => p.containerId === c.id)
            .map((p) => ({ pid: p.pid, comm: p.comm, cmdline: p.cmdline.join(' '), rss: nul(p.rssBytes) }))
            .sort((a, b) => (b.rss ?? 0) - (a.rss ?? 0));
    return { at, source, processes, memoryStat: memoryBreakdown(o.layout, c.cgroupRef), memory: nul(st?.memory.current), memoryMax: nul(st?.memory.max), pids: nul(st?.pids.current), pidsMax: nul(st?.pids.max), psi, kernelLog: '' };
  }

  function forensicsFor(e: LimitEvent): Forensics | undefined {
    const c = last?.containers.find((x) => x.id === e.containerId);
    // the newest figures read wholly before this event's first count: memory.stat is read
    // after the sample, and a kill in between (the watcher reports it after this sample's
    // figures are taken) would hand the event the memory left once the victim was gone
    const before = e.value !== undefined && e.delta !== undefined ? e.value - e.delta : undefined;
    const key = e.kind === 'oom_kill' ? 'oomKill' : 'pidsMax';
    let f = kept.get(e.containerId)?.find((k) => before === undefined || k[key] === null || k[key]! <= before)?.f;
    if (!f && c && last) f = figures(c, last, e.time, 'at-event');
    if (!f) return undefined;
    f = { ...f };
    if (e.kind === 'oom_kill') {
      const log = readKernelLog(o.kmsgPath);
      const cg = c?.cgroupRef?.v1['memory'] ?? c?.cgroupRef?.unified;
      if ('error' in log) f.kernelLog = `kernel log not readable (${log.error})`;
      else {
        const v = cg === undefined ? undefined : findVictim(log.text, cg);
        if (v) f.victim = v;
        f.kernelLog = v ? `${o.kmsgPath ?? '/dev/kmsg'}` : `no OOM kill of ${cg ?? 'its cgroup'} in ${o.kmsgPath ?? '/dev/kmsg'}`;
      }
    } else f.kernelLog = 'not an OOM kill';
    return f;
  }

  return {
    demand: () => demand,
    snapshot(s: Snapshot): void {
      safely('recording a sample', () => {
        if (writer.needsNewSegment(s.time)) {
          writer.startSegment(s.time);
          encoder = createSampleEncoder();
          nsList = new Map();
          nsCount = 0;
          nsFrom = {};
          for (const gone of applyRetention(o.dir, o.retainMs, o.maxBytes, s.time)) o.warn(`retention: deleted ${gone}`);
          // segments older than an hour: one sample a minute (once an hour, ~0.2 s)
          safely('downsampling', () => downsampleOld(o.dir, s.time));
        }
        if (last) for (const ev of limitChanges(last, s)) writer.write(ev, false);
        // a process crash never loses what write() took (it is in the page cache); a power
        // cut could, so the file is synced at each keyframe (once a minute at 5 s) and
        // at each event: an fdatasync per sample was ~2 % of a core here
        const frame = encoder.encode(s.time, s.containers);
        try {
          writer.write(frame, frame.key === 1);
        } catch (err) {
          encoder.forceKey();
          throw err;
        }
        // the model hands back last sample's list while no process came, went or changed
        // (and for a few samples more: STALE_TICKS): then, with the same container names,
        // nothing in it is new to write
        const named = s.containers.map((c) => `${c.id}\n${c.name}`).join('\n');
        if (s.namespaces === nsFrom.rows && named === nsFrom.named && nsCount > 0) return;
        const names = new Map(s.containers.map((c) => [c.id, c.name]));
        // a new list when a namespace came, went or changed hands, not when a count moved
        const now = new Map<string, string>();
        const rows: NamespaceEntry[] = [];
        for (const r of s.namespaces) {
          const e: NamespaceEntry = { ns: r.ns, type: r.type, nprocs: r.nprocs, pid: r.pid, user: r.user, command: r.command, host: r.host, containers: r.containers.map((id) => names.get(id) ?? id) };
          const k = nsKey(e);
          const text = JSON.stringify(e.containers);
          now.set(k, text);
          if (nsList.get(k) !== text) rows.push(e);
        }
        const gone = [...nsList.keys()].filter((k) => !now.has(k));
        if (rows.length > 0 || gone.length > 0 || nsCount === 0) {
          const full = nsCount % NS_FULL_EVERY === 0;
          const frame: NamespacesFrame = full ? { k: 'n', t: s.time, full: 1, rows: s.namespaces.map((r) => ({ ns: r.ns, type: r.type, nprocs: r.nprocs, pid: r.pid, user: r.user, command: r.command, host: r.host, containers: r.containers.map((id) => names.get(id) ?? id) })) } : { k: 'n', t: s.time, rows, ...(gone.length ? { gone } : {}) };
          writer.write(frame);
          nsCount++;
          nsList = now;
        }
        nsFrom = { rows: s.namespaces, named };
      });
      last = s;
      const prev = kept;
      kept = new Map();
      const pids: number[] = [];
      for (const c of s.containers) {
        if (!atRisk(c)) continue;
        const f = figures(c, s, s.time, 'last-sample');
        kept.set(c.id, [{ f, ...limitCountsNow(o.layout, c.cgroupRef) }, ...(prev.get(c.id) ?? [])].slice(0, KEEP));
        for (const p of c.pids) pids.push(p);
      }
      // the next sample reads RSS only of processes in containers near a limit
      // the Namespaces list may be a few samples old (the sampler rebuilds it every 5th
      // tick unless asked): on a host where processes come and go every tick, rebuilding
      // it each time was a tenth of the recorder's CPU
      // Every container by name rather than 'all': its cgroup is then read in full only
      // when its CPU time moved, a PSI average is above zero, the watcher saw an event
      // file change or 3 samples passed (sampler/group-stats.ts, the dashboard's rows on
      // screen); an idle group's figures are its last read's, which nothing without a
      // running task moves. Reading 200 groups in full every sample was a third of the
      // recorder's CPU. A container new since this sample is read in full at its first.
      const ids = s.containers.map((c) => c.id);
      // 'none' rather than an empty list when no container is near a limit: a list, even
      // empty, makes the model build a row with figures for each of the host's processes
      // every sample (10,000 rows of garbage every 5 s, for nothing)
      // A container without a CPU-time counter of its own (an `unshare --pid` tree, a v1
      // group without cpuacct) has its CPU summed from its processes at the dashboard's
      // off-screen budget (memberCpu 'background': ~1000 processes a sample), not every
      // process every sample: 10,000 such processes were half of the recorder's CPU.
      // Its recorded CPU % is then up to ~10 samples old on such a host.
      // An idle group (CPU time, PSI and event files all still) is read in full about once
      // a minute, not every 3rd sample: its figures do not move without a running task,
      // and those reads were a third of the recorder's CPU. A limit changed on an idle
      // container (nstop set and docker update are other processes too) is then recorded
      // up to a minute late.
      demand = { processStats: pids.length > 0 ? pids : 'none', watch: ids, idleFullEvery: Math.max(3, Math.round(60_000 / o.intervalMs)), net: 'all', memberCpu: 'background', fresh: { processes: pids.length > 0, namespaces: false }, processRows: false };
    },
    event(e: LimitEvent): void {
      // throttling rises with nearly every sample of a CPU-limited container: its
      // counters (nrThrottled, throttledUsec) are in every sample already
      if (e.kind === 'throttled') return;
      let f: Forensics | undefined;
      if (e.kind === 'oom_kill') f = forensicsFor(e);
      if (e.kind === 'pids_max') {
        const prev = lastPidsMax.get(e.containerId);
        lastPidsMax.set(e.containerId, e.time);
        if (prev === undefined || e.time - prev >= BURST_GAP_MS) f = forensicsFor(e);
      }
      const frame: EventFrame = { k: 'e', t: e.time, e: { container: e.container, id: e.containerId, kind: e.kind, value: nul(e.value), delta: nul(e.delta), ...(e.detail !== undefined ? { detail: e.detail } : {}) }, ...(f ? { f } : {}) };
      safely('recording an event', () => writer.write(frame));
    },
    close(): void {
      writer.close();
    },
  };
}
