#!/bin/sh
# The classic bomb of seed 001, for hosts without a C compiler. Only with --limited: it
# belongs in a cgroup whose pids.max was set first.
[ "$1" = --limited ] || { echo "forkbomb.sh: run it only in a cgroup with a pids limit, then pass --limited" >&2; exit 2; }
bomb() { bomb | bomb & }
bomb
wait
