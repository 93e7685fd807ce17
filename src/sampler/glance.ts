// The dashboard's first tick on a big host (deferIdentity): the first frame waits for it,
// so most processes get a glance instead of an identity. A glance is the stat line (kept
// open: 2 syscalls, and every later read of it is one pread) and the pid-namespace link
// (1 readlink): 3 syscalls against ~9 for the cheap identity (stat, status, cgroup, pid
// link) and ~20 for a full one. It is given only to a process in a container's pid
// namespace (not the host's, i.e. not pid 1's) whose parent is in the same namespace: a
// container's ordinary member, neither its init nor a process entered from outside
// (nsenter, docker exec), whose identities are read in full. Such a member takes the
// cgroup membership of the nearest ancestor read in full (its init, usually): a container
// whose members sit in other cgroups than its init's is grouped by its init's until the
// process's full identity is read, over the next ticks (process-table's completeSome).
// Until then it shows no user ('?'), no pid inside its namespace (NSPID n/a) and its comm
// for a command line. native/firstlook/firstlook.c reads ahead by this same rule (a
// member: its stat and pid link only): a change to who gets a glance belongs in both.
import type { NsLinks } from '../host/procfs/ns.js';
import type { ProcReader } from '../host/proc-reader.js';
import type { ProcStat } from '../host/types.js';
import type { ProcInput } from '../model/input.js';
import { toInput } from './proc-input.js';

type Seen = { stat: ProcStat; ns: NsLinks };

const PID_ONLY = ['pid'] as const;

export type Glances = {
  /** the parent's pid for a process that gets a glance; undefined: read it in full */
  parentOf(pid: number): number | undefined;
  /** the process's input from its glance, with `cgroups` of an ancestor */
  input(pid: number, cgroups: ProcInput['cgroups']): ProcInput | undefined;
};

/** Glances at `unseen` (pids not in the table yet); `nsOf` gives a known pid's pid namespace. */
export function glance(reader: ProcReader, unseen: readonly number[], nsOf: (pid: number) => number | undefined): Glances | undefined {
  // the procfs's own pid namespace: pid 1's, or (pid 1's link refused, as on VMs whose
  // init is another user's) nstop's own, which is the host's when it runs on the host
  let hostNs: number | undefined;
  for (const pid of [1, 'self'] as const) {
    try {
      // 'self' is the procfs's link to the reading process; the reader joins it as a pid
      hostNs ??= reader.nsLinks(pid as number, PID_ONLY).ids.pid;
    } catch {
      // no such process in this procfs (a fixture)
    }
  }
  // neither readable: nothing tells the host's namespace; no glances
  if (hostNs === undefined) return undefined;
  const seen = new Map<number, Seen>();
  for (const pid of unseen) {
    try {
      const stat = reader.stat(pid);
      if (stat === undefined) continue;
      seen.set(pid, { stat, ns: reader.nsLinks(pid, PID_ONLY) });
    } catch {
      // gone, refused or odd: the identity read of the tick reports it
    }
  }
  const pidNs = (pid: number): number | undefined => seen.get(pid)?.ns.ids.pid ?? nsOf(pid);
  return {
    parentOf(pid) {
      const s = seen.get(pid);
      const ns = s?.ns.ids.pid;
      if (s === undefined || ns === undefined || ns === hostNs || s.ns.denied.length > 0) return undefined;
      return pidNs(s.stat.ppid) === ns ? s.stat.ppid : undefined;
    },
    input(pid, cgroups) {
      const s = seen.get(pid);
      if (s === undefined) return undefined;
      const input = toInput({ stat: s.stat, cmdline: [], cgroups: cgroups as ProcInput['cgroups'], ns: s.ns.ids, nsDenied: s.ns.denied });
      // inside a pid namespace (length 2), its pid there not read yet (NaN: shown as n/a,
      // never 1, so never taken for an init)
      input.nspid = [pid, Number.NaN];
      return input;
    },
  };
}
