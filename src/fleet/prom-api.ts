// Prometheus's HTTP query API, as much of it as the dashboard reads: instant queries
// (GET /api/v1/query) through node's fetch. An answer looks like this (Prometheus 2.42,
// asked for container_threads while it scraped `nstop serve`):
//   {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":
//   "container_threads","id":"/nstop-fleet-1/x","instance":"127.0.0.1:9758","job":"nstop",
//   "name":"x"},"value":[1764776400.123,"3"]}]}}
import { UserError } from '../host/errors.js';

/** One series of an instant vector: its labels and its value at the query's time. */
export type PromSample = { labels: Record<string, string>; value: number };

/** The base URL Prometheus answers on (`--prometheus http://HOST:9090`, a path prefix
 *  kept for a Prometheus behind a proxy). Anything else is one line, exit 2. */
export function parsePrometheusUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--prometheus: "${text}" is not a URL (e.g. http://127.0.0.1:9090)`, 'usage');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--prometheus: ${url.protocol} is not http: or https: (e.g. http://127.0.0.1:9090)`, 'usage');
  if (url.search !== '' || url.hash !== '') throw new UserError(`--prometheus: give the base URL only, without ?query or #fragment (e.g. http://127.0.0.1:9090)`, 'usage');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Why a query failed, in one line: unreachable (connection refused, DNS, timeout), an
 *  HTTP error, or Prometheus's own error text. */
export class PromError extends UserError {}

/** One instant query; rejects with a PromError after `timeoutMs`. */
export async function instantQuery(base: URL, query: string, timeoutMs: number): Promise<PromSample[]> {
  const url = new URL(`api/v1/query?query=${encodeURIComponent(query)}`, base);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new PromError(`cannot reach Prometheus at ${base.origin}: ${reason(err)}`);
  }
  const body = await res.text().catch(() => '');
  let doc: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    throw new PromError(`${base.origin} is not a Prometheus API (HTTP ${res.status}: ${body.slice(0, 60).split('\n')[0]})`);
  }
  if (doc.status !== 'success') throw new PromError(`Prometheus at ${base.origin}: ${doc.error ?? `HTTP ${res.status}`}`);
  if (doc.data?.resultType !== 'vector' || !Array.isArray(doc.data.result)) throw new PromError(`Prometheus at ${base.origin}: not an instant vector for ${query}`);
  const out: PromSample[] = [];
  for (const r of doc.data.result as { metric?: Record<string, string>; value?: [number, string] }[]) {
    const v = Number(r.value?.[1]);
    if (r.metric && !Number.isNaN(v)) out.push({ labels: r.metric, value: v });
  }
  return out;
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND...). */
function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
