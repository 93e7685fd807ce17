// How a stopped container of nstop's own ended, in the words the dashboard's STATUS and
// `nstop ls` share: "oom-killed" when the kernel's OOM killer ended it, else "sig N" or
// "exit N". A SIGKILL alone is not an OOM kill (k KILL sends one too): the group's own
// oom_kill counter, read before the group went, has to say so.
import { formatBytes } from './format.js';
import type { ContainerRow, ManagedInfo } from './types.js';

export const OOM_KILLED = 'oom-killed';

export function oomKilled(m: ManagedInfo): boolean {
  return m.status === 'stopped' && m.signal === 9 && (m.final?.oomKill ?? 0) > 0;
}

/** "oom-killed", "sig 9", "exit 0", "exit ?" (no exit record: a lost stage). */
export function endedText(m: ManagedInfo): string {
  if (oomKilled(m)) return OOM_KILLED;
  if (m.signal) return `sig ${m.signal}`;
  return `exit ${m.exitCode ?? '?'}`;
}

/** A stopped row's STATUS: nstop's own as endedText says; another runtime's with the
 *  code its runtime recorded ("exit 137", "exit ?": runc and lxc record none). */
export function stoppedText(c: Pick<ContainerRow, 'managed' | 'recorded'>): string {
  if (c.managed) return endedText(c.managed);
  if (c.recorded) return `exit ${c.recorded.exitCode ?? '?'}`;
  return 'stopped';
}

/** The most memory it held against the limit it had then: "peak 63.9MiB/64.0MiB",
 *  "peak 12.0MiB" (no limit); undefined when the kernel had no peak to read. */
export function peakText(m: ManagedInfo): string | undefined {
  const f = m.final;
  if (f?.memoryPeak === undefined) return undefined;
  return f.memoryMax !== undefined ? `peak ${formatBytes(f.memoryPeak)}/${formatBytes(f.memoryMax)}` : `peak ${formatBytes(f.memoryPeak)}`;
}

/** peak / limit, for a bar that ends at the limit line; undefined without both. */
export function peakFraction(m: ManagedInfo): number | undefined {
  const f = m.final;
  return f?.memoryPeak !== undefined && f.memoryMax !== undefined && f.memoryMax > 0 ? f.memoryPeak / f.memoryMax : undefined;
}
