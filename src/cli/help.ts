// --help text. Kept next to the flags it documents (cli.ts) and the README.
export const HELP = `
  Usage
    $ nstop                        the dashboard (containers, namespaces, processes)
    $ nstop ls  [--json]           containers with STATUS, like runc list / docker ps
    $ nstop ns  [--json] [-t TYPE] [-p PID]
                                   namespaces, like lsns (JSON keys as lsns -J)
    $ nstop ps  NAME [--json]      processes of one container (host pid, ns pid)
    $ nstop events [NAME...] [--json]
                                   limit hits (oom, oom_kill, pids_max, ...), start,
                                   exit, freeze as they happen; JSON: one object a line
    $ nstop run [options] -- CMD [ARGS...]
                                   a new container (foreground, or -d detached)
    $ nstop exec NAME|PID [-- CMD] enter its namespaces, root and cgroups (default /bin/sh)
    $ nstop set NAME --memory 128M --pids 50 --cpus 0.5 --cpu-weight 200 --swap 0
    $ nstop kill NAME|PID [-s SIGNAL]  (default KILL; a container: every process)
    $ nstop freeze NAME | thaw NAME
    $ nstop logs NAME [-f]         output of a detached container
    $ nstop rm NAME... [--force]   forget a stopped container (--force: kill it first)
    $ nstop image import FILE.tar[.gz|.xz]|DIR NAME [--max-files N]
    $ nstop image ls [--json] | image rm NAME...
    $ nstop commit NAME NEWIMAGE   the container's changes as a new image over its own

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

  Without root nstop opens read-only: what cannot be read is shown as n/a.
  run, exec and exec's exit code is the command's; nstop's own errors exit 125 (usage: 2).
  Keys in the dashboard: press ? (or F1) for the full list.
`;
