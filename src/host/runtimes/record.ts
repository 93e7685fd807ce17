// What a container runtime keeps on disk about one container, as nstop reads it: never
// from the runtime's socket or CLI (a dead or absent daemon must not hide names), only
// from the files each runtime writes for itself. One shape for every runtime; the
// model (src/model/runtime-names.ts) joins them to the groups the cgroups gave.

export const RECORD_KINDS = ['docker', 'podman', 'containerd', 'runc', 'nspawn', 'lxc'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type RuntimeRecord = {
  kind: RecordKind;
  /** the runtime's id (docker/podman/containerd: 64 hex; runc: its id; nspawn/lxc: the name) */
  id: string;
  name?: string;
  image?: string;
  /** Kubernetes (CRI annotations / cri-o metadata): the pod, its namespace */
  pod?: string;
  podNamespace?: string;
  /** a pod's sandbox ("pause") container, not one of its workloads */
  sandbox?: boolean;
  /** what the record says: running (or not) and, once stopped, the code it recorded */
  running?: boolean;
  /** made but never started (docker create, podman create): not stopped, created */
  created?: boolean;
  exitCode?: number;
  /** ms since the epoch */
  finishedAt?: number;
  /** podman: where conmon writes the exit code when the container ends. podman has no
   *  daemon, so its database says "running" until some podman command reads this file */
  exitFile?: string;
  /** the init's host pid and its start time (clock ticks, /proc/PID/stat field 22) where
   *  the record has them: how a group with no telling cgroup path is recognised */
  pid?: number;
  pidStart?: number;
};

/** Where each runtime keeps its records. `--runtime-root KIND=DIR` replaces a kind's list. */
export type RuntimeRoots = Readonly<Record<RecordKind, readonly string[]>>;

export const DEFAULT_RUNTIME_ROOTS: RuntimeRoots = {
  docker: ['/var/lib/docker/containers'],
  // containers/storage (podman, cri-o): <root>/overlay-containers/containers.json
  podman: ['/var/lib/containers/storage'],
  containerd: ['/run/containerd/io.containerd.runtime.v2.task'],
  // plain runc, and the runc root docker's containerd shim uses
  runc: ['/run/runc', '/run/docker/runtime-runc/moby'],
  nspawn: ['/run/systemd/machines'],
  lxc: ['/var/lib/lxc'],
};

/** An RFC 3339 time as ms, or undefined for Go's zero time ("0001-01-01T00:00:00Z"). */
export function goTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.startsWith('0001-')) return undefined;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : undefined;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
export const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** { key: value } when value is defined, else {} (optional fields stay absent). */
export const opt = <K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
