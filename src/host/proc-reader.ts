// What the sampler reads per pid: the identity once on first sight of (pid, starttime),
// the stat line per tick. Reading ns links is the expensive part (8 readlinks, 37.5 µs
// per pid in KERNEL-FACTS), which is why it belongs to first sight only. Sizes in pages
// and clock ticks are converted with the host's own (sysconf), injected for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDenied, isVanished } from './errors.js';
import { parseCgroupFile } from './procfs/cgroup.js';
import { parseCmdline, parseCmdlineText } from './procfs/cmdline.js';
import { hostSizes } from '../../native/sysconf.js';
import { BoundedCache } from './bounded-cache.js';
import { readNsLinks, type NsLinks } from './procfs/ns.js';
import type { AheadFile, AheadReads } from './procfs/first-look.js';
import { readSmallFile, readTextFile } from './procfs/read-file.js';
import { parseStat, parseStatFast } from './procfs/stat.js';
import { parseStatm } from './procfs/statm.js';
import { parseStatus } from './procfs/status.js';
import { isProcMount, StatFiles } from './procfs/stat-files.js';
import { type CgroupMembership, type ProcStat, type ProcStatus } from './types.js';
import { NS_TYPES, type NsIds, type NsType } from './vocabulary.js';

export type ProcessIdentity = {
  stat: ProcStat;
  /** undefined when the file was refused (EACCES). */
  status?: ProcStatus;
  /** [] for kernel threads, zombies, or when refused. */
  cmdline: string[];
  /** [] when refused. */
  cgroups: CgroupMembership[];
  ns: NsIds;
  /** Kinds whose link we may not read (other users' processes; /proc/1 here). */
  nsDenied: NsType[];
  /** a cheap first sight (identity(pid, true)): only the pid link read, no cmdline yet;
   *  rest(pid) reads the others */
  partial?: true;
};

/** What a cheap first sight leaves out, read by rest(pid). */
export type IdentityRest = { cmdline: string[]; ns: NsIds; nsDenied: NsType[] };

const PID_ONLY: readonly NsType[] = ['pid'];

/** A part that may be refused to non-root: EACCES -> undefined; vanish and others throw. */
function unlessDenied<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isDenied(err)) return undefined;
    throw err;
  }
}

export function readProcessStat(procRoot: string, pid: number): ProcStat | undefined {
  const path = join(procRoot, String(pid), 'stat');
  try {
    return parseStat(readTextFile(path), path);
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

/** A re-check read: undefined when the pid is gone or the file refused. */
function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isVanished(err) || isDenied(err)) return undefined;
    throw err;
  }
}

/** Distinct memberships, namespace sets, command lines and comms kept: past any plausible number of them the
 *  oldest go (a pid that still has one just gets a fresh copy). */
const SHARED_KEPT = 20_000;

export type ProcReaderOptions = {
  procRoot: string;
  /** bytes per page (statm, stat's rss); default sysconf(_SC_PAGESIZE) */
  pageSize?: number;
  /** clock ticks per second (stat's utime, stime, starttime); default sysconf(_SC_CLK_TCK) */
  clockTicks?: number;
  /** the caller's tick: given, /proc/PID/stat files are kept open between reads (on a
   *  real procfs) and closed after a while unread by it */
  clock?: () => number;
};

export type ProcReader = {
  readonly procRoot: string;
  readonly pageSize: number;
  readonly clockTicks: number;
  /** undefined when the pid vanished part-way; a ParseError or odd errno throws.
   *  cheap: a process inside a container that is not its init gets its stat, status,
   *  cgroup and pid link only (4 reads of 12: enough to group it; its other 7 links and
   *  command line come from rest()). Hosts' processes and inits are read in full: their
   *  links name the host's namespaces and a container's isolation and network. */
  identity(pid: number, cheap?: boolean): ProcessIdentity | undefined;
  /** the links and command line a cheap identity left out; undefined when gone */
  rest(pid: number): IdentityRest | undefined;
  /** undefined when the pid is gone */
  stat(pid: number): ProcStat | undefined;
  /** The shared parsed /proc/PID/cgroup (=== the identity's when unchanged). */
  cgroups(pid: number): readonly CgroupMembership[] | undefined;
  /** /proc/PID/cmdline as its arguments. */
  cmdline(pid: number): string[] | undefined;
  /** The namespace links (all kinds, or only `kinds`), one shared object per distinct set. */
  nsLinks(pid: number, kinds?: readonly NsType[]): NsLinks;
  /** Resident bytes of a stat line (its rss is in pages). */
  rssBytes(stat: ProcStat): number;
  /** Resident bytes of a /proc/PID/statm text ("765 423 394 5 0 123 0": resident is the 2nd). */
  statmRssBytes(text: string, path?: string): number;
  /** what a look ahead read (nstop-firstlook): answers reads of the files and links it
   *  holds instead of /proc until set to undefined (the first tick's end) */
  useAhead(reads: AheadReads | undefined): void;
  /** closes the stat files kept open */
  close(): void;
};

/** The /proc reader of one sampler, with the caches that make 10k processes cheap, its
 *  own (two readers on two roots share nothing) and gone with it:
 *  - processes of one container share one /proc/PID/cgroup text: they share one parsed,
 *    frozen array too, so grouping can key on it (and 10k processes cost ~200 parses);
 *  - one NsLinks per distinct set of links: a host's 10k processes live in a few hundred
 *    namespace sets, and each set held apart cost ~200 bytes (8 inode numbers above V8's
 *    small-integer range are 8 heap numbers);
 *  - one frozen argument array per distinct command line and one string per distinct
 *    comm: 10k sleeps held 10k arrays and 20k copies of "sleep" (~1.5 MB of a
 *    recorder's heap at 10k processes, kept for their lifetime).
 *  Callers only read them. */
export function createProcReader(o: ProcReaderOptions): ProcReader {
  const { procRoot } = o;
  const sizes = o.pageSize !== undefined && o.clockTicks !== undefined ? undefined : hostSizes();
  const pageSize = o.pageSize ?? sizes!.pageSize;
  const clockTicks = o.clockTicks ?? sizes!.clockTicks;
  const memberships = new BoundedCache<string, readonly CgroupMembership[]>({ max: SHARED_KEPT });
  const nsSets = new BoundedCache<string, NsLinks>({ max: SHARED_KEPT });
  const commandLines = new BoundedCache<string, readonly string[]>({ max: SHARED_KEPT });
  const comms = new BoundedCache<string, string>({ max: SHARED_KEPT });
  const statFiles = new StatFiles(procRoot, o.clock !== undefined && isProcMount(procRoot), o.clock ?? (() => 0));
  let ahead: AheadReads | undefined;
  /** the file's text, from the look ahead when it read it */
  const fileText = (pid: number, name: AheadFile, path: string): string => ahead?.file(pid, name) ?? readTextFile(path);

  /** errors as readFileSync's and ParseError */
  function statOf(pid: number): ProcStat {
    const text = ahead?.file(pid, 'stat') ?? statFiles.read(pid);
    return parseStatFast(text) ?? parseStat(text, `${procRoot}/${pid}/stat`);
  }

  function stat(pid: number): ProcStat | undefined {
    try {
      return statOf(pid);
    } catch (err) {
      if (isVanished(err)) return undefined;
      throw err;
    }
  }

  function parseCgroupShared(text: string, path: string): CgroupMembership[] {
    let m = memberships.get(text);
    if (!m) {
      m = Object.freeze(parseCgroupFile(text, path).map((l) => Object.freeze({ ...l, controllers: Object.freeze(l.controllers) }))) as readonly CgroupMembership[];
      memberships.set(text, m);
    }
    return m as CgroupMembership[];
  }

  /** /proc/PID/cmdline, one frozen array per distinct text */
  function cmdlineShared(pid: number): string[] {
    const text = ahead?.file(pid, 'cmdline') ?? readSmallFile(join(procRoot, String(pid), 'cmdline')).toString('utf8');
    let args = commandLines.get(text);
    if (!args) {
      args = Object.freeze(parseCmdlineText(text));
      commandLines.set(text, args);
    }
    return args as string[];
  }

  /** the identity's stat with its comm as the one string of that text */
  function sharedComm(stat: ProcStat): ProcStat {
    const known = comms.get(stat.comm);
    if (known !== undefined) stat.comm = known;
    else comms.set(stat.comm, stat.comm);
    return stat;
  }

  function nsLinks(pid: number, kinds?: readonly NsType[]): NsLinks {
    const looked = ahead;
    const links = readNsLinks(procRoot, pid, kinds, looked && ((kind) => looked.link(pid, kind)));
    let key = links.denied.join(',');
    for (const kind of NS_TYPES) key += `|${links.ids[kind] ?? ''}`;
    const known = nsSets.get(key);
    if (known) return known;
    nsSets.set(key, links);
    return links;
  }

  return {
    procRoot,
    pageSize,
    clockTicks,
    identity(pid, cheap) {
      const dir = join(procRoot, String(pid));
      const text = <T>(name: 'status' | 'cgroup', parse: (text: string, path: string) => T): T => {
        const path = join(dir, name);
        return parse(fileText(pid, name, path), path);
      };
      try {
        const stat = sharedComm(statOf(pid));
        const status = unlessDenied(() => text('status', parseStatus));
        const nspid = status?.nspid;
        if (cheap && nspid !== undefined && nspid.length > 1 && nspid[nspid.length - 1] !== 1) {
          const cgroups = unlessDenied(() => text('cgroup', parseCgroupShared)) ?? [];
          const { ids, denied } = nsLinks(pid, PID_ONLY);
          return { stat, status, cmdline: [], cgroups, ns: ids, nsDenied: denied, partial: true };
        }
        const cmdline = unlessDenied(() => cmdlineShared(pid)) ?? [];
        const cgroups = unlessDenied(() => text('cgroup', parseCgroupShared)) ?? [];
        const { ids, denied } = nsLinks(pid);
        return { stat, status, cmdline, cgroups, ns: ids, nsDenied: denied };
      } catch (err) {
        if (isVanished(err)) return undefined;
        throw err;
      }
    },
    rest(pid) {
      try {
        const cmdline = unlessDenied(() => cmdlineShared(pid)) ?? [];
        const { ids, denied } = nsLinks(pid);
        return { cmdline, ns: ids, nsDenied: denied };
      } catch (err) {
        if (isVanished(err)) return undefined;
        throw err;
      }
    },
    stat,
    cgroups(pid) {
      const path = join(procRoot, String(pid), 'cgroup');
      return quietly(() => parseCgroupShared(readTextFile(path), path));
    },
    cmdline: (pid) => quietly(() => parseCmdline(readSmallFile(join(procRoot, String(pid), 'cmdline')))),
    nsLinks,
    rssBytes: (stat) => stat.rssPages * pageSize,
    statmRssBytes: (text, path) => parseStatm(text, path).resident * pageSize,
    useAhead: (reads) => {
      ahead = reads;
    },
    close: () => statFiles.close(),
  };
}

/** passwd(5) lines "name:x:uid:gid:gecos:home:shell" -> uid -> name; first entry wins, as
 *  for getpwuid(3). Comments, blanks and NIS "+" lines are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    const name = f[0] ?? '';
    const uid = f[2] ?? '';
    if (name === '' || name.startsWith('#') || name.startsWith('+') || !/^\d+$/.test(uid)) continue;
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

/** uid -> user name. A missing or unreadable passwd file (minimal containers) gives an
 *  empty map: names then fall back to numbers through userName(). */
export function readUserNames(passwdPath = '/etc/passwd'): Map<number, string> {
  try {
    return parsePasswd(readFileSync(passwdPath, 'utf8'));
  } catch (err) {
    if (isVanished(err) || isDenied(err)) return new Map();
    throw err;
  }
}

/** The name for a uid, or the uid itself as a string, like ps(1) does. */
export function userName(names: ReadonlyMap<number, string>, uid: number): string {
  return names.get(uid) ?? String(uid);
}
