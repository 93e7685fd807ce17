// Processes -> containers (DESIGN §3): first by cgroup path (nstop's own and known
// runtimes), then the rest by pid namespace (ad-hoc `unshare -p` containers).
import type { CgroupRef } from '../host/cgroup/types.js';
import type { CgroupMembership } from '../host/types.js';
import type { ProcInput } from './input.js';
import { matchRuntime, type RuntimeMatch } from './runtimes.js';
import { pidIndex } from './pid-index.js';
import { isNspawn, nspawnMachineName } from './nspawn-launcher.js';
import type { Runtime } from './types.js';

export type ContainerGroup = {
  id: string;
  name: string;
  runtime: Runtime;
  cgroupPath?: string;
  members: ProcInput[];
  init?: ProcInput;
  /** only the hierarchies that are the container's own; undefined when none are. */
  ref?: CgroupRef;
  /** from the runtime's own record (runtime-names.ts) */
  image?: string;
  pod?: string;
  podNamespace?: string;
};

/** Membership lines in the order we trust for naming: unified, memory, pids, the rest. */
function byPreference(lines: readonly CgroupMembership[]): CgroupMembership[] {
  const rank = (l: CgroupMembership): number =>
    l.hierarchyId === 0 ? 0 : l.controllers.includes('memory') ? 1 : l.controllers.includes('pids') ? 2 : 3;
  return [...lines].sort((a, b) => rank(a) - rank(b));
}

/** By membership array: the process reader hands every process with the same
 *  /proc/PID/cgroup text the same array, so 10k processes cost a few hundred matches. */
const runtimeCache = new WeakMap<readonly CgroupMembership[], RuntimeMatch | null>();

export function runtimeOf(p: ProcInput): RuntimeMatch | undefined {
  const cached = runtimeCache.get(p.cgroups);
  if (cached !== undefined) return cached ?? undefined;
  let found: RuntimeMatch | undefined;
  for (const line of byPreference(p.cgroups)) {
    found = matchRuntime(line.path);
    if (found) break;
  }
  runtimeCache.set(p.cgroups, found ?? null);
  return found;
}

const isInit = (p: ProcInput): boolean => p.nspid.length > 1 && p.nspid[p.nspid.length - 1] === 1;
const sameCgroups = (a: ProcInput, b: ProcInput): boolean =>
  a.cgroups === b.cgroups ||
  a.cgroups.length === b.cgroups.length && a.cgroups.every((l, i) => b.cgroups[i]?.path === l.path);

/** nspawn moves its payload to <group>/payload of the hierarchy it keeps (name=systemd
 *  and the unified one on a hybrid host, the one tree on pure v2) and itself to
 *  <group>/supervisor, or stays in <group> (until it has moved, or where it cannot):
 *  apart from those they share cgroups or not (nspawn-launcher.ts). */
const sameButNspawnSplit = (nspawn: ProcInput, init: ProcInput): boolean =>
  nspawn.cgroups.length === init.cgroups.length &&
  nspawn.cgroups.every((l, i) => {
    const p = init.cgroups[i]?.path ?? '';
    if (p === l.path) return true;
    if (!p.endsWith('/payload')) return false;
    const unit = p.slice(0, -'/payload'.length);
    return l.path === unit || l.path === `${unit}/supervisor`;
  });

function addLine(ref: CgroupRef, line: CgroupMembership, path: string): void {
  if (line.hierarchyId === 0) ref.unified = path;
  else for (const c of line.controllers) ref.v1[c] = path;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let p = path; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') out.push(p);
  return out;
}

/** Which owner holds each cgroup (at or below it): one key, or '*' when shared. */
function ownershipIndex(procs: readonly ProcInput[], ownerOf: readonly (string | undefined)[]): Map<string, string> {
  // owners per distinct membership first (processes share arrays), then the paths
  const owners = new Map<readonly CgroupMembership[], string>();
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const owner = ownerOf[i] ?? `host:${p.pid}`;
    const cur = owners.get(p.cgroups);
    if (cur === undefined) owners.set(p.cgroups, owner);
    else if (cur !== owner) owners.set(p.cgroups, '*');
  }
  const index = new Map<string, string>();
  for (const [lines, owner] of owners) {
    for (const line of lines) {
      for (const a of ancestors(line.path)) {
        const k = `${line.hierarchyId}\0${a}`;
        const cur = index.get(k);
        if (cur === undefined) index.set(k, owner);
        else if (cur !== owner) index.set(k, '*');
      }
    }
  }
  return index;
}

// Run again whenever a pid comes or goes, over every process: each process finds its
// group by an object or a number it already holds (its membership array's match, its pid
// namespace's inode), not by an id string made for it (10,000 strings made and hashed
// a tick on a busy host), and its owner is kept by its place in the list, not in a Map
// of every pid (pid-index.ts).
export function groupContainers(procs: readonly ProcInput[]): ContainerGroup[] {
  const indexOf = pidIndex(procs);
  const byPid = (pid: number): ProcInput | undefined => procs[indexOf(pid)];
  const groups = new Map<string, ContainerGroup>();
  const ownerOf = new Array<string | undefined>(procs.length).fill(undefined);
  const matches = new Map<string, RuntimeMatch>();
  const byMatch = new Map<RuntimeMatch, ContainerGroup>();
  const byPidNs = new Map<number, ContainerGroup>();

  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const m = runtimeOf(p);
    if (!m) continue;
    let g = byMatch.get(m);
    if (!g) {
      // two membership arrays can match one container (a process moved between leaves)
      const id = `${m.runtime}:${m.id}`;
      g = groups.get(id);
      if (!g) groups.set(id, (g = { id, name: m.name, runtime: m.runtime, cgroupPath: m.cgroupPath, members: [] }));
      byMatch.set(m, g);
      matches.set(id, m);
    }
    g.members.push(p);
    ownerOf[i] = g.id;
  }
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    const pidNs = p.ns.pid;
    if (pidNs === undefined || p.nspid.length < 2 || ownerOf[i] !== undefined || inTransit(p, byPid)) continue;
    let g = byPidNs.get(pidNs);
    if (!g) {
      const id = `ad-hoc:pidns:${pidNs}`;
      groups.set(id, (g = { id, name: '', runtime: 'ad-hoc', members: [] }));
      byPidNs.set(pidNs, g);
    }
    g.members.push(p);
    ownerOf[i] = g.id;
  }

  // ad-hoc groups an unregistered systemd-nspawn started: their machine names
  const nspawned = new Map<ContainerGroup, string>();
  for (const g of groups.values()) {
    g.members.sort((a, b) => a.pid - b.pid);
    g.init = g.members.find(isInit) ?? g.members[0];
    if (g.runtime !== 'ad-hoc' || !g.init) continue;
    // `unshare --fork` and similar launchers stay in the host pid ns, in the same cgroups:
    // count them in, or the container's cgroup would look shared with the host.
    const at = indexOf(g.init.ppid);
    const parent = procs[at];
    if (!parent || ownerOf[at] !== undefined || parent.nspid.length !== 1) continue;
    const nspawn = isNspawn(parent.comm, parent.cmdline);
    if (sameCgroups(parent, g.init) || (nspawn && sameButNspawnSplit(parent, g.init))) {
      g.members.unshift(parent);
      ownerOf[at] = g.id;
    }
    const machine = nspawn ? nspawnMachineName(parent.cmdline) : undefined;
    if (machine !== undefined) nspawned.set(g, machine);
  }

  const index = groups.size > 0 ? ownershipIndex(procs, ownerOf) : new Map<string, string>();
  for (const g of groups.values()) {
    const init = g.init;
    if (!init) continue;
    const ref: CgroupRef = { v1: {} };
    let any = false;
    const m = matches.get(g.id);
    for (const line of init.cgroups) {
      if (m) {
        const lm = matchRuntime(line.path);
        if (!lm || `${lm.runtime}:${lm.id}` !== g.id) continue;
        addLine(ref, line, lm.cgroupPath);
      } else {
        if (line.path === '/' || index.get(`${line.hierarchyId}\0${line.path}`) !== g.id) continue;
        const path = nspawned.has(g) ? nspawnUnit(line, g.id, index) : line.path;
        addLine(ref, line, path);
        g.cgroupPath ??= path;
      }
      any = true;
    }
    if (any) g.ref = ref;
  }
  // renamed only now: the cgroup ownership above is by the ids the members were given
  for (const [g, name] of nspawned) {
    const id = groups.has(`nspawn:${name}`) ? `${name}-${g.init!.pid}` : name;
    Object.assign(g, { id: `nspawn:${id}`, name: id, runtime: 'nspawn' satisfies Runtime });
  }
  nameAdHoc([...groups.values()].filter((g) => g.runtime === 'ad-hoc'));
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** nstop's stage between its clone into a new pid namespace (or its fork into a
 * container's, for exec) and its move into the container's cgroups: a child of the stage
 * that is still the stage. Not a container of its own; a moment later it is in nstop's
 * group (or has exec'd there). */
function inTransit(p: ProcInput, byPid: (pid: number) => ProcInput | undefined): boolean {
  return p.comm === STAGE_COMM && byPid(p.ppid)?.comm === STAGE_COMM;
}
export const STAGE_COMM = 'nstop-stage';

/** nspawn's own split (<unit>/payload for the container, <unit>/supervisor for itself):
 *  the unit's group is the container's when both halves are its (its limits are set
 *  there: the sandbox, MemoryMax= of the unit), else the payload leaf. */
function nspawnUnit(line: CgroupMembership, id: string, index: ReadonlyMap<string, string>): string {
  if (!line.path.endsWith('/payload')) return line.path;
  const unit = line.path.slice(0, -'/payload'.length);
  return unit !== '' && index.get(`${line.hierarchyId}\0${unit}`) === id ? unit : line.path;
}

/** Ad-hoc containers are named after their ns init's command; duplicates get "-<pid>". */
function nameAdHoc(groups: ContainerGroup[]): void {
  const base = (g: ContainerGroup): string => {
    const init = g.members.find(isInit) ?? g.init;
    return init?.comm || 'pidns';
  };
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(base(g), (counts.get(base(g)) ?? 0) + 1);
  for (const g of groups) {
    const b = base(g);
    g.name = (counts.get(b) ?? 0) > 1 ? `${b}-${g.init?.pid ?? 0}` : b;
  }
}
