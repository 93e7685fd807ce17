// src/model/net.ts's steps over finished rows, as buildModel runs them over its groups
// (pod mates first, then each row's figures): for tests that start from rows.
import { joinNetCompany, netMemoryOf, netOf, startNetTick, type NetMemory, type NetReading } from '../../src/model/net.js';
import type { ContainerRow } from '../../src/model/types.js';

export function attachNet(rows: readonly ContainerRow[], readings: ReadonlyMap<number, NetReading>, memory: NetMemory, kept?: ReadonlySet<number>): { rows: ContainerRow[]; memory: NetMemory } {
  const t = startNetTick(readings, memory, kept);
  for (const r of rows) if (r.ns.net !== undefined && r.status !== 'stopped' && r.isolated.includes('net')) joinNetCompany(t, r.ns.net, r.id, r.name);
  const out = rows.map((r) => {
    const net = netOf(t, r.id, r.ns.net, r.isolated.includes('net'), r.status === 'stopped');
    return net ? { ...r, net } : r;
  });
  return { rows: out, memory: netMemoryOf(t) };
}
