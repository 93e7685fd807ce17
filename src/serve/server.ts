// `nstop serve`'s HTTP side (node:http): read-only, GET only.
//   /metrics            Prometheus text, or OpenMetrics when the Accept header asks
//   /api/v1/containers  the `nstop ls --json` document
//   /api/v1/events      server-sent events: one `nstop events --json` line per event
//   /healthz            "ok"
// Sampling: a scrape takes a sample (cgroup figures, process counts; no per-process
// stat), shared by scrapes that come within MIN_SAMPLE_GAP_MS of it, and waits for it
// within Prometheus's scrape timeout (fresher()). Between scrapes
// nothing is read but what the event watcher waits on, unless an events client is
// connected: then the sampler ticks at its interval, as `nstop events` does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LimitEvent, Snapshot } from '../model/types.js';
import type { Exporter } from './exporter.js';
import type { SampleContext } from './metric-defs.js';
import type { Listen } from './listen.js';

/** scrapes this close together (two Prometheus servers, a person's curl) share a sample */
export const MIN_SAMPLE_GAP_MS = 500;
/** what writing the answer may take, out of the scrape's timeout */
const SCRAPE_MARGIN_MS = 250;

export type ServeSource = {
  sample(): Promise<Snapshot>;
  onEvent(listener: (e: LimitEvent) => void): () => void;
  /** tick at the interval while events are streamed */
  tick(on: boolean): void;
  context(s: Snapshot): SampleContext;
  containersJson(s: Snapshot): string;
  eventJson(e: LimitEvent): string;
};

const OPENMETRICS = /application\/openmetrics-text/i;

export function createServeServer(src: ServeSource, exporter: Exporter, now: () => number = Date.now): Server {
  let fresh: { at: number; snap: Promise<Snapshot> } | undefined;
  const snapshot = (): Promise<Snapshot> => {
    if (fresh && now() - fresh.at < MIN_SAMPLE_GAP_MS) return fresh.snap;
    const at = now();
    const snap = src.sample().then((s) => {
      exporter.update(s, src.context(s));
      updated = true;
      return s;
    });
    fresh = { at, snap };
    snap.catch(() => (fresh = undefined));
    return snap;
  };
  let updated = false;
  /** Wait for this sample, but within the scrape timeout Prometheus announces: a sample
   *  that meets thousands of new processes (read for the first time) can take seconds
   *  on a loaded host, and a scrape that times out is a gap in every series. Past the
   *  timeout (less a margin for the answer) the scrape gets the last complete sample's
   *  figures; the late sample is still taken and serves the next scrape. */
  async function fresher(snap: Promise<Snapshot>, timeoutHeader: string | string[] | undefined): Promise<void> {
    const secs = Number(Array.isArray(timeoutHeader) ? timeoutHeader[0] : timeoutHeader);
    if (!updated || !(secs > 0)) {
      await snap;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((r) => (timer = setTimeout(r, Math.max(100, secs * 1000 - SCRAPE_MARGIN_MS))));
    await Promise.race([snap.then(() => undefined, () => undefined), late]);
    clearTimeout(timer);
  }
  const offEvents = src.onEvent((e) => exporter.event(e));
  const streams = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const known = path === '/metrics' || path === '/api/v1/containers' || path === '/api/v1/events' || path === '/healthz';
    if (!known) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'only GET: nstop serve changes nothing\n');
    }
    if (path === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/api/v1/events') return stream(res);
    if (path === '/api/v1/containers') return send(res, 200, 'application/json; charset=utf-8', src.containersJson(await snapshot()));
    await fresher(snapshot(), req.headers['x-prometheus-scrape-timeout-seconds']);
    const om = OPENMETRICS.test(req.headers.accept ?? '');
    return send(res, 200, exporter.contentType(om), await exporter.text(om));
  }

  function stream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    // a comment line: the stream is live (a client may wait for it before acting)
    res.write(': nstop events\n\n');
    streams.add(res);
    if (streams.size === 1) src.tick(true);
    const off = src.onEvent((e) => res.write(`data: ${src.eventJson(e)}\n\n`));
    res.on('close', () => {
      off();
      streams.delete(res);
      if (streams.size === 0) src.tick(false);
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, 'text/plain; charset=utf-8', `sample failed: ${(err as Error).message}\n`));
  });
  server.on('close', () => {
    offEvents();
    for (const r of streams) r.end();
  });
  return server;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** listen, or one line saying why not (EADDRINUSE, EACCES, EADDRNOTAVAIL) */
export function listen(server: Server, at: Listen): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
