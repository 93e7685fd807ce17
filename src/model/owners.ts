// Which container holds a pid, for the process rows and the Namespaces list. Built on
// first ask: on a host where processes come and go every tick the groups are new every
// tick, while those two tables are rebuilt at most every few ticks off screen (model.ts
// STALE_TICKS), and a Map of every pid is ~4 ms to fill at 10,000 processes.
import type { ContainerGroup } from './group.js';

export type OwnerLookup = { get(pid: number): string | undefined };

export class LazyOwners implements OwnerLookup {
  private map: Map<number, string> | undefined;

  constructor(private readonly groups: readonly ContainerGroup[]) {}

  get(pid: number): string | undefined {
    if (this.map === undefined) {
      const map = new Map<number, string>();
      for (let i = 0; i < this.groups.length; i++) {
        const g = this.groups[i]!;
        for (let j = 0; j < g.members.length; j++) map.set(g.members[j]!.pid, g.id);
      }
      this.map = map;
    }
    return this.map.get(pid);
  }
}
