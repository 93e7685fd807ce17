// Words every layer shares: namespace kinds, network modes and what a state file keeps
// of them, container statuses. Types and constant tables only, no I/O and no parsing
// (the parsers that refuse bad input are the act side's: act/spec.ts, act/net/mode.ts).
// It lives in host/, the lowest layer of src/, so that host's readers, the model, the
// sampler, act and the views can all import it without importing each other. The error
// types every layer throws are beside it in host/errors.ts (native/ may import that one
// file of src/, nothing more).

/** Namespace kinds in the order /proc/PID/ns is read and shown (ns tables, the header). */
export const NS_TYPES = ['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time'] as const;
export type NsType = (typeof NS_TYPES)[number];
/** Namespace inode per kind, as in `readlink /proc/PID/ns/KIND` -> "pid:[4026531836]". */
export type NsIds = Partial<Record<NsType, number>>;

/** The same kinds in the order `nstop run --ns all` lists them (and state files keep
 *  them): a launch's vocabulary, kept apart from NS_TYPES because both orders show. */
export const NS_KINDS = ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup', 'user', 'time'] as const;
export type NsKind = (typeof NS_KINDS)[number];
/** A launch without --ns: everything but user and time. */
export const DEFAULT_NS: readonly NsKind[] = ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup'];

/** An IPv4 network: the address as an unsigned 32-bit number, the prefix length. */
export type Subnet = { network: number; prefix: number };

export type NetMode =
  /** a namespace of its own with only lo, up (the default) */
  | { kind: 'none' }
  /** its own namespace + eth0 on nstop's bridge for that subnet */
  | { kind: 'bridge'; subnet: Subnet }
  /** the host's network */
  | { kind: 'host' }
  /** another nstop container's network namespace (a pod) */
  | { kind: 'container'; name: string };

export type NetModeKind = NetMode['kind'];

/** What the state file keeps about a container's network. */
export type NetState = {
  mode: NetModeKind;
  /** container mode: whose namespace it joined */
  container?: string;
  bridge?: string;
  subnet?: string;
  /** "10.77.0.2/24" */
  address?: string;
  gateway?: string;
  veth?: string;
  /** bridge mode: the namespace its links live in */
  netns?: string;
};

/** A state file's status: written by the launch (created, running) and the reap (stopped). */
export type StateStatus = 'created' | 'running' | 'stopped';
/** A container row's status: a state's, or paused for a frozen group. */
export type ContainerStatus = StateStatus | 'paused';
