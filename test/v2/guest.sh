#!/bin/bash
# test/v2/guest.sh — runs INSIDE the v2 lane's VM (see run-lane.sh).
#   guest.sh pid1   PID 1 after init.sh's switch_root: runs `guest.sh job` with its
#                   output on a pipe relayed to the host, writes the job's exit code
#                   into the run dir, powers the VM off.
#   guest.sh job    moves itself into a leaf cgroup (like a systemd service), checks
#                   that this really is pure cgroup v2 (and that nstop detects v2), then
#                   runs `node --test --test-concurrency=1` on the compiled test files
#                   run-lane.sh chose, with NSTOP_TEST_TIME_SCALE set.
# Settings come from $NSTOP_V2_RUN/job.env (written by run-lane.sh).
set -u
up() { cut -d' ' -f1 /proc/uptime; }

if [ "${1:-}" = pid1 ]; then
  RUN=$NSTOP_V2_RUN
  . "$RUN/job.env"
  mkdir -p "$HOME"
  echo "nstop-v2: job start uptime=$(up)" >/dev/ttyS0
  : >"$RUN/started"
  exec 3>"$NSTOP_V2_PORT"
  mkfifo /run/nstop-v2.out
  cat /run/nstop-v2.out >&3 &
  relay=$!
  bash "$NSTOP_V2_DIR/test/v2/guest.sh" job >/run/nstop-v2.out 2>&1 </dev/null 3>&-
  rc=$?
  # give the relay 3 s to drain if a background process still holds the pipe
  (sleep 3; kill $relay 2>/dev/null) &
  wait $relay
  echo "$rc" >"$RUN/exit"
  echo "nstop-v2: job end rc=$rc uptime=$(up)" >/dev/ttyS0
  sync
  echo o >/proc/sysrq-trigger
  sleep 10
  exit 0
fi

# ---- job -------------------------------------------------------------------------
cd "$NSTOP_V2_DIR" || exit 125
CG=/sys/fs/cgroup
fail() { echo "v2 guest: NOT a pure cgroup v2 system: $*"; exit 3; }

# a leaf group with memory/pids/cpu, like a systemd service on a v2 host (the root
# cgroup is exempt from the no-internal-processes rule; a service is not)
leaf=$CG/system.slice/nstop-v2-lane.service
mkdir -p "$leaf"
echo '+memory +pids +cpu' >"$CG/system.slice/cgroup.subtree_control"
echo $$ >"$leaf/cgroup.procs" || fail "cannot move into $leaf"

grep -qE '^\S+ \S+ cgroup ' /proc/mounts && fail "a cgroup v1 hierarchy is mounted: $(grep -E '^\S+ \S+ cgroup ' /proc/mounts | head -1)"
awk 'NR > 1 && $2 != 0 { exit 1 }' /proc/cgroups || fail "a controller is bound to a v1 hierarchy (/proc/cgroups)"
grep -q "^cgroup2 $CG cgroup2 " /proc/mounts || fail "$CG is not a cgroup2 mount"
[ -e $CG/unified ] && fail "$CG/unified exists (hybrid layout)"
for c in memory pids cpu; do
  grep -qw $c $CG/cgroup.controllers || fail "$c missing from $CG/cgroup.controllers"
  grep -qw $c $CG/cgroup.subtree_control || fail "$c not enabled in $CG/cgroup.subtree_control"
done
[ "$(cat /proc/self/cgroup)" = "0::/system.slice/nstop-v2-lane.service" ] || fail "/proc/self/cgroup: $(cat /proc/self/cgroup)"
mode=$(node --input-type=module -e "import { detectCgroupLayout } from '$PWD/dist/src/host/cgroup/detect.js'; console.log(detectCgroupLayout().mode)") \
  || fail "node could not run nstop's detection"
[ "$mode" = v2 ] || fail "nstop's detectCgroupLayout() says '$mode'"
echo "# v2 guest: kernel $(uname -r) (cgroup_no_v1=all), $(nproc) cpus, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB;" \
  "only cgroup2 at $CG, controllers: $(cat $CG/cgroup.controllers); nstop detects: $mode; up $(up)s"

# the host's root is read-only in the guest; only /tmp, /run and the project are writable
export NSTOP_IMAGE_STORE=/tmp/nstop-images
export NSTOP_TEST_TIME_SCALE
if [ -n "${NSTOP_V2_EXEC:-}" ]; then   # run-lane.sh --exec: a command instead of the tests
  echo "# v2 guest: $NSTOP_V2_EXEC"
  bash -c "$NSTOP_V2_EXEC"
  exit
fi
echo "# v2 guest: NSTOP_TEST_TIME_SCALE=$NSTOP_TEST_TIME_SCALE; node --test --test-concurrency=1 on: $NSTOP_V2_FILES"
t0=$(up)
# shellcheck disable=SC2086  # a space-separated list of paths without spaces
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$NSTOP_V2_RUN/results.tap" \
  $NSTOP_V2_FILES
rc=$?
echo "# v2 guest: node --test exit $rc in $(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }')s"
left=$({ find $CG/nstop -mindepth 1 -maxdepth 1 -type d; find $CG -mindepth 1 -maxdepth 1 -type d -name 'nstop-*'; } 2>/dev/null | head -20)
[ -z "$left" ] || echo "# v2 guest: cgroups left behind by the tests:"$'\n'"$left"
exit $rc
