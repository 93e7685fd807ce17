// A SnapshotSource backed by Prometheus: the two queries (queries.ts) every refresh, one
// Snapshot from their answers (fleet-snapshot.ts). It only reads. Prometheus not
// answering is a line in the header, never an end: the last rows stay (said to be
// old), and it asks again at the next refresh.
import type { SampleDemand, Snapshot, SnapshotSource } from '../model/types.js';
import { errorLine } from '../host/errors.js';
import { instantQuery } from './prom-api.js';
import { fleetSnapshot } from './fleet-snapshot.js';
import { RATES_QUERY, VALUES_QUERY } from './queries.js';

export type PrometheusSource = SnapshotSource & {
  /** one refresh now (the first; `ls --prometheus`); rejects when Prometheus fails */
  refresh(): Promise<Snapshot>;
  start(): void;
  stop(): void;
};

/** Said by every action key of a dashboard reading Prometheus. */
export const PROMETHEUS_READ_ONLY = { label: 'READ-ONLY (Prometheus)', why: 'read from Prometheus: actions are off' };

export const PROMETHEUS_UNAVAILABLE = {
  processes: 'processes are not available from Prometheus (nstop serve exports containers only): run nstop on the host',
  namespaces: 'namespaces are not available from Prometheus (nstop serve exports containers only): run nstop on the host',
};

const noAnswer = (host: string, interval: number) =>
  `no answer from Prometheus at ${host} yet (the header says why); asking again every ${interval / 1000}s`;
const noTargets = (host: string) =>
  `no containers in Prometheus at ${host}: none of its targets is an nstop serve with containers (README: "Many hosts")`;

export function prometheusSource(base: URL, intervalMs: number, now: () => number = Date.now): PrometheusSource {
  let snap: Snapshot | undefined;
  let interval = intervalMs;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let failedSince: number | undefined;
  const listeners = new Set<(s: Snapshot) => void>();
  const publish = (s: Snapshot) => {
    snap = s;
    for (const l of listeners) l(s);
  };
  // a query may take as long as a refresh, but at least 5 s (a loaded Prometheus)
  const timeout = () => Math.max(5000, interval);

  async function refresh(): Promise<Snapshot> {
    const [values, rates] = await Promise.all([instantQuery(base, VALUES_QUERY, timeout()), instantQuery(base, RATES_QUERY, timeout())]);
    failedSince = undefined;
    const s = fleetSnapshot({ values, rates }, snap, now(), base.host, []);
    publish(s);
    return s;
  }

  async function tick(): Promise<void> {
    try {
      await refresh();
    } catch (err) {
      failedSince ??= now();
      const said = `${errorLine(err)} (since ${new Date(failedSince).toLocaleTimeString()}; asking again every ${interval / 1000}s${snap && snap.containers.length > 0 ? ', rows below are from then' : ''})`;
      // what was shown stays, with the reason it is not moving
      publish({ ...(snap ?? empty(base.host, now())), seq: (snap?.seq ?? 0) + 1, time: now(), warnings: [said] });
    }
    if (running) timer = setTimeout(() => void tick(), interval);
  }

  return {
    current: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Prometheus has every series at once: nothing to steer
    setDemand: (_d: SampleDemand) => undefined,
    setInterval(ms) {
      interval = ms;
      if (running && timer) {
        clearTimeout(timer);
        timer = setTimeout(() => void tick(), interval);
      }
    },
    readOnly: PROMETHEUS_READ_ONLY,
    // an empty Containers view says which of the two it is: no answer, or no targets
    get unavailable() {
      if (snap && snap.containers.length > 0) return PROMETHEUS_UNAVAILABLE;
      return { ...PROMETHEUS_UNAVAILABLE, containers: failedSince !== undefined ? noAnswer(base.host, interval) : snap ? noTargets(base.host) : `asking Prometheus at ${base.host}` };
    },
    refresh,
    start() {
      if (running) return;
      running = true;
      void tick();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
    },
  };
}

function empty(source: string, time: number): Snapshot {
  return { seq: 0, time, host: { hostname: `Prometheus ${source}`, kernel: '', cgroupMode: 'v2', cpus: 0, psi: {} }, containers: [], namespaces: [], processes: [], events: [], warnings: [], readOnly: true };
}
