// `nstop serve [--listen 127.0.0.1:9758] [--allow-remote]`: every container to Prometheus
// (src/serve/). It only reads: no reaper, no launch, no write, root or not. This file
// wires the sampler and the CLI's JSON shapes (ls --json, events --json) into it.
import { hostSizes } from '../../native/sysconf.js';
import type { ContainerRow, Snapshot } from '../model/types.js';
import { createSampler, type SamplerOptions } from '../sampler/sampler.js';
import { createExporter } from '../serve/exporter.js';
import { parseListen } from '../serve/listen.js';
import type { Sample, SampleContext } from '../serve/metric-defs.js';
import { createServeServer, listen } from '../serve/server.js';
import { UserError } from '../host/errors.js';
import { eventJson } from './events-command.js';
import { containerJson, jsonText } from './json.js';

const SERVE_EVENT_POLL_MS = 2000;

export type ServeOptions = Omit<SamplerOptions, 'watchEvents'> & { listen: string; allowRemote: boolean };

export async function serveCommand(o: ServeOptions): Promise<number> {
  const at = parseListen(o.listen, o.allowRemote);
  // v1's pids.events and memory.failcnt polled every 2 s, not every 250 ms: a scrape
  // comes every few seconds at the most, the counters are the kernel's running totals
  // (a slower poll delays a hit's time, never its count, unless the group is removed
  // within the poll), and those polls were most of serve's CPU between scrapes (at 1 s:
  // 0.80-1.05 % of a core at 200 containers; v1 OOM kills come by eventfd as root, v2's
  // files by inotify, neither polled)
  const sampler = createSampler({ ...o, eventPollMs: SERVE_EVENT_POLL_MS, pidEvents: true });
  // Every container as the dashboard treats the rows on its screen: its event files
  // watched between scrapes, its cgroup read in full when its CPU time moved or the
  // watcher saw an event file change (not for a PSI average above zero: /metrics has the
  // PSI totals, not the averages, and they do not move without a task), and at least every
  // 3rd sample (an idle group's figures do not move; a limit another tool set shows
  // within 3 scrapes). No per-process stat: the expensive part of a tick, and nothing
  // /metrics says. The ids are last sample's: a container first seen by a scrape is
  // watched from the next one on (its counters are the kernel's either way).
  // No CPU summed from processes either (memberCpu): the CPU series are the cgroup's.
  const demand = (ids: readonly string[]) => sampler.setDemand({ processStats: 'none', memberCpu: false, watch: ids, fresh: { processes: false, namespaces: false }, psiAverages: false });
  demand([]);
  sampler.subscribe((s) => demand(s.containers.map((c) => c.id)));
  let ticker: NodeJS.Timeout | undefined;
  const tick = (on: boolean): void => {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = on ? setInterval(() => void sampler.sample().catch(() => undefined), o.intervalMs) : undefined;
  };
  const server = createServeServer(
    {
      sample: () => sampler.sample(),
      onEvent: (l) => sampler.onEvent(l),
      tick,
      context: sampleContext,
      containersJson: (s) => jsonText({ containers: s.containers.map(containerJson) }, 2) + '\n',
      eventJson: (e) => jsonText(eventJson(e)),
    },
    createExporter(),
  );
  try {
    await listen(server, at);
  } catch (err) {
    sampler.stop();
    throw new UserError(`cannot listen on ${o.listen}: ${(err as Error).message}`);
  }
  // the first sample is the baseline of the event watcher: take it now, not at the first scrape
  await sampler.sample();
  process.stderr.write(`nstop serve: http://${o.listen}/metrics (read-only; Ctrl-C ends)\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      tick(false);
      server.close();
      server.closeAllConnections();
      sampler.stop();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Start times and namespace process counts from the snapshot's tables. */
function sampleContext(s: Snapshot): SampleContext {
  const nowSec = s.time / 1000;
  const bootSec = s.host.uptimeSec === undefined ? undefined : nowSec - s.host.uptimeSec;
  const ticks = hostSizes().clockTicks;
  let starts: Map<number, number> | undefined;
  const startOf = (pid: number): number | undefined => {
    if (!starts) {
      // only the containers' inits: a map of the host's 10,000 processes each scrape was garbage
      const want = new Set<number>();
      for (const c of s.containers) if (c.initPid !== undefined) want.add(c.initPid);
      starts = new Map();
      for (let i = 0; i < s.processes.length; i++) if (want.has(s.processes[i]!.pid)) starts.set(s.processes[i]!.pid, s.processes[i]!.starttime);
    }
    return starts.get(pid);
  };
  let nsCount: Map<string, number> | undefined;
  return {
    nowSec,
    startSec(c: ContainerRow) {
      if (c.managed) return c.managed.createdAt / 1000;
      const st = c.initPid === undefined ? undefined : startOf(c.initPid);
      return st === undefined || bootSec === undefined ? undefined : Math.round(bootSec + st / ticks);
    },
    nsProcesses(c: ContainerRow): Sample[] {
      if (!nsCount) {
        nsCount = new Map();
        for (const r of s.namespaces) nsCount.set(`${r.type}:${r.ns}`, r.nprocs);
      }
      const out: Sample[] = [];
      for (const type of c.isolated) {
        const n = nsCount.get(`${type}:${c.ns[type]}`);
        if (n !== undefined) out.push({ labels: { type }, value: n });
      }
      return out;
    },
  };
}
