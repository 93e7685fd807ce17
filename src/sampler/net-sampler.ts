// The sampler's network step: for each distinct network namespace of a running
// container (not the host's), read /proc/<one pid>/net/dev and, now and then, its
// addresses; the model (src/model/net.ts) makes figures and rates of the readings. In
// the dashboard, namespaces of rows off screen are read every OFF_SCREEN_EVERY ticks
// (their last figures stand meanwhile), the way the cgroup reads do.
import { isVanished } from '../host/errors.js';
import type { NetReading } from '../model/net.js';
import { readAddresses } from '../host/net/net-addrs.js';
import { readNetDev } from '../host/net/net-dev.js';

/** Addresses change rarely: re-read every this many readings of a namespace (or when
 *  its interfaces change); counters every reading. */
const ADDRESS_EVERY = 10;
const OFF_SCREEN_EVERY = 5;

/** A running container in a network namespace of its own, and a live pid in it. */
export type NetTarget = { id: string; name: string; ns: number; pid: number };

/** One tick's readings (for the model), the namespaces left unread this tick whose last
 *  figures stand, and reads that failed for another reason than the process being gone. */
export type NetSample = { readings: Map<number, NetReading>; kept: Set<number>; warnings: string[] };

export type NetSampler = {
  /** `onScreen`: the ids of rows on screen; absent or 'all' = read every namespace. */
  read(targets: readonly NetTarget[], time: number, onScreen?: 'all' | readonly string[]): NetSample;
};

export function createNetSampler(procRoot: string): NetSampler {
  const addresses = new Map<number, { readings: number; names: string; byIface: Map<string, string[]> }>();
  /** namespaces whose last figures the model still holds (read, or kept since) */
  let held = new Set<number>();
  let tick = 0;
  return {
    read(targets, time, watch) {
      tick++;
      const onScreen = watch === undefined || watch === 'all' ? undefined : new Set(watch);
      /** one live process per namespace, and whether it is due this tick */
      const todo = new Map<number, { pid: number; name: string; due: boolean }>();
      for (const r of targets) {
        const due = !onScreen || onScreen.has(r.id) || !held.has(r.ns) || r.ns % OFF_SCREEN_EVERY === tick % OFF_SCREEN_EVERY;
        const t = todo.get(r.ns);
        if (!t) todo.set(r.ns, { pid: r.pid, name: r.name, due });
        else t.due ||= due;
      }
      const out: NetSample = { readings: new Map(), kept: new Set(), warnings: [] };
      for (const [ns, t] of todo) {
        // only a namespace with figures held can be left unread (see `due`)
        if (!t.due) {
          out.kept.add(ns);
          continue;
        }
        try {
          const ifaces = readNetDev(procRoot, t.pid);
          const names = ifaces.map((i) => i.name).join(',');
          let a = addresses.get(ns);
          if (!a || a.names !== names || a.readings >= ADDRESS_EVERY) a = { readings: 0, names, byIface: readAddresses(procRoot, t.pid) };
          a.readings++;
          addresses.set(ns, a);
          out.readings.set(ns, { time, ifaces, addresses: a.byIface });
        } catch (err) {
          if (!isVanished(err)) out.warnings.push(`network of ${t.name}: ${(err as Error).message}`);
        }
      }
      for (const ns of addresses.keys()) if (!todo.has(ns)) addresses.delete(ns);
      held = new Set([...out.readings.keys(), ...out.kept]);
      return out;
    },
  };
}
