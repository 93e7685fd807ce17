// --help text. Kept next to the flags it documents (cli.ts) and the README.
export const HELP = `
  Usage
    $ nstop                        the dashboard (containers, namespaces, processes)
    $ nstop ls  [--json]           containers, like runc list / docker ps
    $ nstop ns  [--json] [-t TYPE] [-p PID]
                                   namespaces, like lsns (JSON keys as lsns -J)
    $ nstop ps  NAME [--json]      processes of one container (host pid, ns pid)

  Options
    --interval 1s        refresh interval of the dashboard (100ms..1h)
    --proc-root /proc    read processes from another procfs (fixtures, a chroot)
    --cgroup-root /sys/fs/cgroup
                         read cgroups from another tree (v1, v2 or hybrid, detected)
    --passwd /etc/passwd user names for uids
    --no-color           no colours (NO_COLOR=1 does the same)
    --json               machine-readable output (ls, ns, ps)
    -t, --type TYPE      ns: only this kind (mnt net pid uts ipc user cgroup time)
    -p, --pid PID        ns: only the namespaces of this process

  Without root nstop opens read-only: what cannot be read is shown as n/a.
  Keys in the dashboard: press ? (or F1) for the full list.
`;
