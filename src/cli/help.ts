// --help text, and each command's (`nstop help CMD`, `nstop CMD --help`). Kept next to
// the flags it documents (cli.ts) and the README. Every command is in COMMANDS: the
// overview lists them all from there, so none can be missing from it.
import { UsageError } from './commands.js';

type CommandHelp = { name: string; lines: string[]; options?: 'run' | 'list' };

export const COMMANDS: readonly CommandHelp[] = [
  { name: 'top', lines: ['                       the dashboard (containers, namespaces, processes)', '--prometheus http://HOST:9090', '                               every host Prometheus scrapes: containers, HOST, read-only'] },
  { name: 'ls', lines: ['ls  [--json]           containers with STATUS, like runc list / docker ps', 'ls --prometheus URL [--json]', '                               the same of every host Prometheus scrapes'], options: 'list' },
  { name: 'ns', lines: ['ns  [--json] [-t TYPE] [-p PID]', '                               namespaces, like lsns (JSON keys as lsns -J)'], options: 'list' },
  { name: 'ps', lines: ['ps  NAME [--json]      processes of one container (host pid, ns pid)'], options: 'list' },
  { name: 'events', lines: ['events [NAME...] [--json]', '                               limit hits (oom, oom_kill, pids_max, ...), start,', '                               exit, freeze as they happen; JSON: one object a line', 'events --since 1h [--dir D] [NAME...] [--json]', '                               the events a recorder kept, OOM kills explained'], options: 'list' },
  { name: 'record', lines: ['record [--dir D] [--interval 5s] [--retain 7d] [--max-size 2G]', '                               the flight recorder: every container\'s figures and', '                               events (OOM kills with forensics) into D, until stopped'] },
  { name: 'dump', lines: ['dump [--dir D] [--from T] [--to T] [--format json|csv|openmetrics]', '                               a recording as JSON lines, CSV or OpenMetrics (backfill)'] },
  { name: 'replay', lines: ['replay [--dir D] [--at T]', '                               the dashboard on a recording, from T (default: its', '                               end); R in the live dashboard goes there too'] },
  { name: 'serve', lines: ['serve [--listen 127.0.0.1:9758] [--allow-remote]', '                               every container to Prometheus (cAdvisor\'s names),', '                               read-only; another address needs --allow-remote'], options: 'list' },
  { name: 'run', lines: ['run [options] -- CMD [ARGS...]', '                               a new container (foreground, or -d detached)'], options: 'run' },
  { name: 'exec', lines: ['exec NAME|PID [-- CMD] enter its namespaces, root and cgroups (default /bin/sh)'] },
  { name: 'set', lines: ['set NAME --memory 128M --pids 50 --cpus 0.5 --cpu-weight 200 --swap 0'] },
  { name: 'kill', lines: ['kill NAME|PID [-s SIGNAL]  (default KILL; a container: every process)'] },
  { name: 'freeze', lines: ['freeze NAME | thaw NAME'] },
  { name: 'thaw', lines: ['thaw NAME             the other half of freeze'] },
  { name: 'logs', lines: ['logs NAME [-f]         output of a detached container'] },
  { name: 'rm', lines: ['rm NAME... [--force]   forget a stopped container (--force: kill it first)'] },
  { name: 'demo', lines: ['demo munch|forkbomb [--name N]', '                               a demo in a busybox rootfs, its limits set first:', '                               munch 64M swap 0, forkbomb pids 64; both --cpus 0.5'] },
  { name: 'image', lines: ['image import FILE.tar[.gz|.xz]|DIR NAME [--max-files N]', 'image ls [--json] | image rm NAME...'] },
  { name: 'commit', lines: ['commit NAME NEWIMAGE   the container\'s changes as a new image over its own'] },
];

/** A command's usage: its first line after "$ nstop", a continuation (it starts with
 *  spaces, aligned under the descriptions) as it is, not as another command. */
function usageLines(lines: readonly string[]): string {
  return lines.map((l, i) => (i > 0 && /^\s/.test(l) ? `    ${l}` : `    $ nstop ${l}`)).join('\n');
}

/** Exit codes, docker's scheme (host/errors.ts EXIT_CODES); README, Exit codes. */
export const EXIT_CODES_HELP = `  Exit codes: 0 done; 2 the command line (unknown command or option, missing or extra
  arguments); 125 nstop's own error (a bad value, no such container, refused, failed);
  run and exec: 126 the command cannot run, 127 not found, else the command's own code.`;

export const HELP = `
  Usage
${COMMANDS.map((c) => usageLines(c.lines)).join('\n')}
    $ nstop help [CMD] | nstop CMD --help
                                   one command's usage and options

  Run options
    --name NAME          letters, digits, _ . - (default: a random c-xxxxxx)
    --ns LIST|all|none   uts,pid,mnt,ipc,net,cgroup (default), user, time; all = every kind
    --hostname NAME      (adds uts)     --rootfs DIR   pivot_root into DIR (adds mnt)
    --net MODE           none: its own namespace, only lo (the default with net in --ns)
                         bridge: + eth0 on nstop's bridge with an address of --subnet
                         host: the host's network   container:NAME: NAME's namespace (a pod)
    --subnet CIDR        the bridge's subnet (default 10.77.0.0/24, or NSTOP_SUBNET);
                         the bridge holds the first address, containers get the next free
    --image NAME         an overlay of the image: writes stay in the container
    --rootfs FILE.tar    import the archive once (image tar-<sha>), then as --image
    --keep               keep the container's layer after it ends (for commit)
    --copy               a private copy of the image instead of an overlay
    --image-store DIR    images (default /var/lib/nstop/images, or NSTOP_IMAGE_STORE)
    --memory 64M|1.5G|50%|max   --swap 0|256M|max   --pids 20|max   --cpus 0.5|max
    --cpu-weight 1..10000
    -e KEY=VAL           environment (repeatable)   -w, --workdir DIR   -u, --user UID[:GID]
    -d, --detach         run in the background; output goes to nstop logs NAME
    --cap-add NAME|all   keep a capability beyond Docker's default 14 (repeatable)
    --cap-drop NAME|all  drop one of them (repeatable; all: none left)
    --privileged         no confinement at all: every capability, no seccomp, no
                         no_new_privs, /proc and /sys unmasked, every device (root on the host)
    --state-dir DIR      where container state lives (default /run/nstop, or NSTOP_STATE_DIR)

  Options
    --interval 1s        refresh interval of the dashboard (100ms..1h)
    --proc-root /proc    read processes from another procfs (fixtures, a chroot)
    --cgroup-root /sys/fs/cgroup
                         read cgroups from another tree (v1, v2 or hybrid, detected)
    --passwd /etc/passwd user names for uids
    --no-color           no colours (NO_COLOR=1 does the same)
    --json               machine-readable output (ls, ns, ps, events)
    -t, --type TYPE      ns: only this kind (mnt net pid uts ipc user cgroup time)
    -p, --pid PID        ns: only the namespaces of this process
    --dir D              record, dump, replay, events --since: the recording (/var/lib/nstop/record)
    --since T, --from T, --to T, --at T   1h, "10m ago", 2026-12-03T03:12 (local), now
    --retain 7d, --max-size 2G    record: delete whole segments older / over this
    --format json|csv|openmetrics dump: JSON lines, CSV, or OpenMetrics with timestamps

  Without root nstop opens read-only: what cannot be read is shown as n/a.
${EXIT_CODES_HELP}
  Keys in the dashboard: press ? (or F1) for the full list. F2 (setup) saves columns,
  sort, interval, meters, colours and mouse to $XDG_CONFIG_HOME/nstop/config
  (~/.config/nstop/config); --interval wins over the saved one.
`;

/** A section of HELP ("  Run options" up to the next blank line). */
function section(title: string): string {
  const at = HELP.indexOf(`\n  ${title}\n`);
  const end = HELP.indexOf('\n\n', at + 1);
  return HELP.slice(at + 1, end === -1 ? undefined : end);
}

/** `nstop help CMD` / `nstop CMD --help`: its usage, its options, the exit codes. An
 *  unknown CMD is a usage error (one line, exit 2). */
export function commandHelp(name: string): string {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) throw new UsageError(`unknown command "${name}" (see nstop --help)`);
  const usage = usageLines(c.lines);
  const options = c.options === 'run' ? `\n\n${section('Run options')}` : '';
  return `\n  Usage\n${usage}${options}\n\n${section('Options')}\n\n${EXIT_CODES_HELP}\n`;
}
