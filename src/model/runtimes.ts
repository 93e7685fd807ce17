// Which runtime made a cgroup, from its path alone. A data table: one row per pattern,
// tried in order; the first match names the container and where its cgroup starts.
import type { Runtime } from './types.js';

export type RuntimeMatch = {
  runtime: Runtime;
  /** the runtime's id for it (full container id, or a name where the runtime uses names). */
  id: string;
  /** display name. */
  name: string;
  /** the container's own cgroup: the matched path up to and including the container part. */
  cgroupPath: string;
};

type Pattern = {
  runtime: Runtime;
  /** matched against the whole path; group 1 = everything up to the container segment. */
  re: RegExp;
  name: (m: RegExpExecArray) => string;
  id: (m: RegExpExecArray) => string;
  /** a refinement on the full path (k8s pods run under containerd/cri-o ids). */
  runtimeFor?: (path: string) => Runtime;
};

const HEX = '[0-9a-f]{12,64}';
const short = (id: string): string => id.slice(0, 12);
const kube = (fallback: Runtime) => (path: string): Runtime => (/\/kubepods/.test(path) ? 'kubernetes' : fallback);
/** systemd escapes "-" in unit names as "\x2d" (machine-my\x2dbox.scope). */
export const systemdUnescape = (s: string): string =>
  s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const PATTERNS: Pattern[] = [
  // nstop's own: /nstop/<name> (in every hierarchy it uses), subgroups below it belong to it.
  { runtime: 'nstop', re: /^(.*\/nstop\/([A-Za-z0-9][A-Za-z0-9_.-]*))(?:\/|$)/, name: (m) => m[2]!, id: (m) => m[2]! },
  // docker, systemd driver: /system.slice/docker-<id>.scope
  { runtime: 'docker', re: new RegExp(`^(.*\\/docker-(${HEX})\\.scope)(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  // docker, cgroupfs driver: /docker/<id>
  { runtime: 'docker', re: new RegExp(`^(.*\\/docker\\/(${HEX}))(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  // podman: /machine.slice/libpod-<id>.scope (libpod-conmon-<id>.scope is the monitor, not the container)
  { runtime: 'podman', re: new RegExp(`^(.*\\/libpod-(${HEX})\\.scope)(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  { runtime: 'podman', re: new RegExp(`^(.*\\/libpod_parent\\/libpod-(${HEX}))(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  // containerd CRI: .../cri-containerd-<id>.scope (k8s pods under kubepods.slice)
  { runtime: 'containerd', re: new RegExp(`^(.*\\/cri-containerd-(${HEX})\\.scope)(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]!, runtimeFor: kube('containerd') },
  // cri-o: .../crio-<id>.scope (crio-conmon-<id>.scope is the monitor)
  { runtime: 'cri-o', re: new RegExp(`^(.*\\/crio-(${HEX})\\.scope)(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]!, runtimeFor: kube('cri-o') },
  // nerdctl / plain containerd with the systemd driver
  { runtime: 'containerd', re: new RegExp(`^(.*\\/nerdctl-(${HEX})\\.scope)(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  // kubelet, cgroupfs driver: /kubepods/burstable/pod<uid>/<id>
  { runtime: 'kubernetes', re: new RegExp(`^(.*\\/kubepods[^/]*(?:\\/[^/]+)?\\/pod[0-9a-f_-]{36}\\/(${HEX}))(?:\\/|$)`), name: (m) => short(m[2]!), id: (m) => m[2]! },
  // lxc 4+: /lxc.payload.<name> (lxc.monitor.<name> is the monitor); older: /lxc/<name>
  { runtime: 'lxc', re: /^(.*\/lxc\.payload\.([^/]+))(?:\/|$)/, name: (m) => m[2]!, id: (m) => m[2]! },
  { runtime: 'lxc', re: /^(.*\/lxc\/([^/]+))(?:\/|$)/, name: (m) => m[2]!, id: (m) => m[2]! },
  // systemd-nspawn: /machine.slice/machine-<name>.scope
  { runtime: 'nspawn', re: /^(.*\/machine-([^/]+)\.scope)(?:\/|$)/, name: (m) => systemdUnescape(m[2]!), id: (m) => systemdUnescape(m[2]!) },
];

export function matchRuntime(cgroupPath: string): RuntimeMatch | undefined {
  for (const p of PATTERNS) {
    const m = p.re.exec(cgroupPath);
    if (m) {
      const runtime = p.runtimeFor ? p.runtimeFor(cgroupPath) : p.runtime;
      return { runtime, id: p.id(m), name: p.name(m), cgroupPath: m[1]! };
    }
  }
  return undefined;
}
