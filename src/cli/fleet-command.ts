// --prometheus URL: the Containers view of every target a Prometheus scrapes (src/fleet/),
// for `nstop` (the dashboard, read-only) and `nstop ls` (one refresh, table or JSON).
import { parsePrometheusUrl } from '../fleet/prom-api.js';
import { prometheusSource } from '../fleet/prometheus-source.js';
import { LS_COLUMNS, lsOutput, UsageError } from './commands.js';
import { renderTable, type TextColumn } from './table.js';
import type { ContainerRow } from '../model/types.js';

/** The commands --prometheus applies to. */
export const FLEET_COMMANDS: ReadonlySet<string> = new Set(['top', 'ls']);

/** A checked URL's source; a bad one is one line, exit 2, before anything starts. */
export function fleetSource(url: string, intervalMs: number) {
  if (url === '') throw new UsageError('--prometheus needs a URL (e.g. http://127.0.0.1:9090)');
  return prometheusSource(parsePrometheusUrl(url), intervalMs);
}

export async function fleetLs(url: string, intervalMs: number, json: boolean): Promise<number> {
  const snap = await fleetSource(url, intervalMs).refresh();
  // the table gets HOST after NAME; the JSON carries `host` in each container
  process.stdout.write(json || snap.containers.length === 0 ? lsOutput(snap, json) : renderTable(snap.containers, FLEET_LS_COLUMNS));
  return 0;
}

const HOST: TextColumn<ContainerRow> = { title: 'HOST', value: (c) => c.host ?? '-' };
const FLEET_LS_COLUMNS = [LS_COLUMNS[0]!, HOST, ...LS_COLUMNS.slice(1)];
