// The sampler's network step: for each distinct network namespace of a running
// container (not the host's), read /proc/<one pid>/net/dev and, now and then, its
// addresses; the model (src/model/net.ts) attaches figures and rates to the rows. In
// the dashboard, namespaces of rows off screen are read every OFF_SCREEN_EVERY ticks
// (their last figures stand meanwhile), the way the cgroup reads do.
import { isVanished } from '../host/errors.js';
import { attachNet, emptyNetMemory, type NetReading } from '../model/net.js';
import type { SampleDemand, Snapshot } from '../model/types.js';
import { readAddresses } from './net-addrs.js';
import { readNetDev } from './net-dev.js';

/** Addresses change rarely: re-read every this many readings of a namespace (or when
 *  its interfaces change); counters every reading. */
const ADDRESS_EVERY = 10;
const OFF_SCREEN_EVERY = 5;

export type NetSampler = {
  /** the snapshot with `net` on its container rows; `watch`: the rows on screen (the
   *  sampler's demand), absent or 'all' = read every namespace. A read that failed for
   *  another reason than the process being gone becomes a warning. */
  attachTo(s: Snapshot, watch?: SampleDemand['watch']): Snapshot;
};

export function createNetSampler(procRoot: string): NetSampler {
  let memory = emptyNetMemory();
  const addresses = new Map<number, { readings: number; names: string; byIface: Map<string, string[]> }>();
  let tick = 0;
  return {
    attachTo(s, watch) {
      tick++;
      const onScreen = watch === undefined || watch === 'all' ? undefined : new Set(watch);
      /** one live process per namespace of its own, and whether it is due this tick */
      const todo = new Map<number, { pid: number; name: string; due: boolean }>();
      for (const r of s.containers) {
        const ns = r.ns.net;
        if (ns === undefined || r.initPid === undefined || r.status === 'stopped' || !r.isolated.includes('net')) continue;
        const due = !onScreen || onScreen.has(r.id) || !memory.byNs.has(ns) || ns % OFF_SCREEN_EVERY === tick % OFF_SCREEN_EVERY;
        const t = todo.get(ns);
        if (!t) todo.set(ns, { pid: r.initPid, name: r.name, due });
        else t.due ||= due;
      }
      const warnings: string[] = [];
      const readings = new Map<number, NetReading>();
      const kept = new Set<number>();
      for (const [ns, t] of todo) {
        if (!t.due) {
          kept.add(ns);
          continue;
        }
        try {
          const ifaces = readNetDev(procRoot, t.pid);
          const names = ifaces.map((i) => i.name).join(',');
          let a = addresses.get(ns);
          if (!a || a.names !== names || a.readings >= ADDRESS_EVERY) a = { readings: 0, names, byIface: readAddresses(procRoot, t.pid) };
          a.readings++;
          addresses.set(ns, a);
          readings.set(ns, { time: s.time, ifaces, addresses: a.byIface });
        } catch (err) {
          if (!isVanished(err)) warnings.push(`network of ${t.name}: ${(err as Error).message}`);
        }
      }
      for (const ns of addresses.keys()) if (!todo.has(ns)) addresses.delete(ns);
      const out = attachNet(s.containers, readings, memory, kept);
      memory = out.memory;
      return { ...s, containers: out.rows, ...(warnings.length > 0 ? { warnings: [...s.warnings, ...warnings] } : {}) };
    },
  };
}
