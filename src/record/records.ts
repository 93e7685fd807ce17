// The frames besides samples: events (with OOM forensics) and the Namespaces list.
// JSON with field names, like every frame.

/** One process of a container at the last sample before an event. */
export type ProcessAtSample = { pid: number; comm: string; cmdline: string; rss: number | null };

/** What the kernel's log says about an OOM kill (/dev/kmsg). */
export type KernelVictim = { pid: number; comm: string; anonRssKb?: number; fileRssKb?: number; shmemRssKb?: number; totalVmKb?: number; memcg?: string; line: string };

export type Forensics = {
  /** when the figures below were read: the last sample before the event, or the event
   *  itself when no sample had them (the container was not near a limit then) */
  at: number;
  source: 'last-sample' | 'at-event';
  processes: ProcessAtSample[];
  /** memory.stat breakdown, bytes (null: the kernel has no such figure here) */
  memoryStat: { anon: number | null; file: number | null; kernel: number | null; shmem: number | null; sock: number | null } | null;
  memory: number | null;
  memoryMax: number | null;
  pids: number | null;
  pidsMax: number | null;
  psi: { memorySome10: number | null; memoryFull10: number | null; cpuSome10: number | null } | null;
  victim?: KernelVictim;
  /** where the victim came from, or why there is none */
  kernelLog: string;
};

export type EventFrame = {
  k: 'e';
  t: number;
  e: { container: string; id: string; kind: string; value: number | null; delta: number | null; detail?: string };
  f?: Forensics;
};

export type NamespaceEntry = { ns: number; type: string; nprocs: number; pid: number; user: string; command: string; host: boolean; containers: string[] };

/** The Namespaces list when it changed: in full (`full`, at a segment's start and every
 *  NS_FULL_EVERY lists), else the entries that came or changed hands and the
 *  `type:inode` keys of those gone. A reader hands on the whole list. */
export type NamespacesFrame = {
  k: 'n';
  t: number;
  full?: 1;
  rows: NamespaceEntry[];
  gone?: string[];
};

export const NS_FULL_EVERY = 30;
export const nsKey = (r: { type: string; ns: number }) => `${r.type}:${r.ns}`;
