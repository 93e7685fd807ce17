#!/usr/bin/env bash
# test/v2/run-lane.sh [TEST_FILE...] | --exec 'COMMAND'
# The pure cgroup v2 lane (README: "cgroup modes and how they are tested"). As root, on
# a Debian host, after `npm run build`:
#
#   1. test/v2/setup.sh installs what is missing (qemu-system-x86, busybox-static,
#      virtiofsd) and unpacks — never installs — the Debian cloud kernel;
#   2. ONE throwaway QEMU VM boots that kernel with cgroup_no_v1=all: the host's root
#      is the guest's root, shared read-only over virtiofs (so the host's node runs
#      there), the project is shared read-write at its own path (test/v2/init.sh);
#   3. in the guest, test/v2/guest.sh checks that it is pure v2 and runs
#      `node --test --test-concurrency=1` on the compiled integration tests
#      (every test/integration/ and test/runtimes/ *.test.ts(x) unless excluded below,
#      or the files given; the guest's root is the host's, so the runtimes the host's
#      test/setup.sh installed run there too, on pure v2);
#   4. prints "v2 lane: N passed, M failed, ..." and exits non-zero if any failed.
#
# Knobs: NSTOP_V2_CPUS=2 NSTOP_V2_MEM=2048 (MiB) NSTOP_V2_TIMEOUT=3300 (s, whole VM)
#   NSTOP_V2_ACCEL=auto|tcg|kvm (auto: kvm only with /dev/kvm AND vmx/svm in cpuinfo)
#   NSTOP_TEST_TIME_SCALE (default 10 under tcg, 2 under kvm: test waits multiply by it)
#   NSTOP_V2_CACHE=/var/cache/nstop-v2vm  NSTOP_V2_VERBOSE=1 (guest console on stderr)
#   NSTOP_V2_KEEP=1 (keep the run dir)  NSTOP_V2_SKIP_SETUP=1
# --exec 'COMMAND' (debugging): boot the same VM, run a bash command line in the project
#   dir instead of the tests, exit with its status.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
die() { echo "v2 lane: $*" >&2; exit 125; }
[ "$(id -u)" = 0 ] || die "needs root (virtiofsd, and the tests create cgroups)"
[[ $ROOT =~ ^[A-Za-z0-9._/+@-]+$ ]] || die "the project path must match [A-Za-z0-9._/+@-]: $ROOT"

# Integration files that cannot run in the guest, with the reason (none today).
# Files whose subject does not depend on the cgroup mode: they run in the main lane only,
# so that this lane (6-30x slower under tcg) stays well inside CI's time with confinement
# on every launch. What they launch is launched on v2 by the files that stay.
declare -A EXCLUDE=(
  [test/integration/images.test.ts]="image store, tar reader, overlay layers: no cgroup code; launching from an image on v2 is image-confinement's"
  [test/integration/commit-checks.test.ts]="commit's layer checks read files only"
  [test/integration/escapes.test.ts]="how names print: no cgroup code"
  [test/integration/net.test.ts]="bridges, veths and leases: no cgroup code (544 s of the lane)"
  [test/integration/fleet-prometheus.test.ts]="reads Prometheus's query API: no cgroup code of its own (nstop serve's cgroup reads on v2 are serve-prometheus's)"
)

T0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- 1. tools + kernel -------------------------------------------------------------
CACHE=${NSTOP_V2_CACHE:-/var/cache/nstop-v2vm}
[ -n "${NSTOP_V2_SKIP_SETUP:-}" ] || NSTOP_V2_CACHE=$CACHE bash test/v2/setup.sh >/dev/null
KERNEL=$(ls -1 "$CACHE"/kernel/boot/vmlinuz-* 2>/dev/null | tail -1)
[ -n "$KERNEL" ] || die "no kernel under $CACHE/kernel (run test/v2/setup.sh)"
KVER=${KERNEL##*/vmlinuz-}
MODULES=$CACHE/kernel/lib/modules/$KVER
[ -d "$MODULES" ] || MODULES=$CACHE/kernel/usr/lib/modules/$KVER
[ -d "$MODULES" ] || die "no modules for $KVER under $CACHE/kernel"
VIRTIOFSD=
for c in /usr/lib/qemu/virtiofsd /usr/libexec/virtiofsd /usr/lib/virtiofsd; do [ -x "$c" ] && { VIRTIOFSD=$c; break; }; done
[ -n "$VIRTIOFSD" ] || die "no virtiofsd (run test/v2/setup.sh)"
BUSYBOX=/bin/busybox
if [ ! -x $BUSYBOX ] || ldd $BUSYBOX >/dev/null 2>&1; then die "$BUSYBOX is missing or not static (busybox-static)"; fi

# ---- 2. what to run -----------------------------------------------------------------
[ -f dist/src/cli.js ] && [ -x native/build/nstop-stage ] || die "not built: run npm run build first (or npm run test:v2)"
EXEC=
if [ "${1:-}" = --exec ]; then   # debugging: a bash command line in the guest instead of the tests
  [ $# -eq 2 ] || die "usage: run-lane.sh --exec 'COMMAND'"
  EXEC=$2
  shift 2
fi
FILES=()
if [ -n "$EXEC" ]; then
  SRCS=()
elif [ $# -gt 0 ]; then
  SRCS=("$@")
else
  mapfile -t SRCS < <(find test/integration test/runtimes -name '*.test.ts' -o -name '*.test.tsx' | sort)
fi
for src in ${SRCS[@]+"${SRCS[@]}"}; do
  src=${src#./}
  if [ -n "${EXCLUDE[$src]:-}" ]; then echo "v2 lane: not in the guest: $src (${EXCLUDE[$src]})"; continue; fi
  case "$src" in
    dist/*.js) js=$src ;;
    *) js=dist/${src%.ts*}.js ;;
  esac
  [ -f "$js" ] || die "$js not found (is $src compiled? run npm run build)"
  FILES+=("$js")
done
[ ${#FILES[@]} -gt 0 ] || [ -n "$EXEC" ] || die "no test files"
# the demo rootfs `nstop demo` uses: build it here, natively, not in the slow guest
[ -x demo/build/rootfs/demo/munch ] && [ -x demo/build/rootfs/bin/busybox ] || node demo/build-rootfs.mjs >/dev/null

ACCEL=${NSTOP_V2_ACCEL:-auto}
if [ "$ACCEL" = auto ]; then
  # a stock kernel only runs at speed under hardware VT-x/AMD-V; /dev/kvm without
  # vmx/svm (PVM, as on this project's CI machines) crawls, so use TCG there
  if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then ACCEL=kvm; else ACCEL=tcg; fi
fi
if [ "$ACCEL" = kvm ]; then ACCEL_ARGS=(-accel kvm -cpu host); SCALE_DEFAULT=2
else ACCEL_ARGS=(-accel tcg,thread=multi -cpu qemu64); SCALE_DEFAULT=10; fi
export NSTOP_TEST_TIME_SCALE=${NSTOP_TEST_TIME_SCALE:-$SCALE_DEFAULT}
CPUS=${NSTOP_V2_CPUS:-2}
MEM=${NSTOP_V2_MEM:-2048}
TIMEOUT=${NSTOP_V2_TIMEOUT:-3300}

# ---- 3. run dir, initramfs -------------------------------------------------------------
RUN=$(mktemp -d /tmp/nstop-v2.XXXXXX)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${NSTOP_V2_KEEP:-}" ]; then echo "v2 lane: kept $RUN" >&2; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

IR=$RUN/initramfs
mkdir -p "$IR"/{bin,mod,dev,proc,sys,newroot}
cp $BUSYBOX "$IR/bin/busybox"
cp test/v2/init.sh "$IR/init"
chmod 755 "$IR/init"
# busybox insmod does not resolve dependencies, and an unpacked (not installed) kernel
# has no modules.dep: read each module's "depends=" from its .modinfo and load those first
unpack() { case "$1" in *.xz) xz -dc "$1" ;; *.zst) zstd -qdc "$1" ;; *.gz) gzip -dc "$1" ;; *) cat "$1" ;; esac; }
declare -A SEEN=()
n=0
add_mod() { # module name
  local name=$1 f d
  [ -n "${SEEN[$name]:-}" ] && return 0
  SEEN[$name]=1
  f=$(find "$MODULES" \( -name "$name.ko*" -o -name "${name//_/-}.ko*" \) | head -1)
  if [ -z "$f" ]; then
    grep -qE "/($name|${name//_/-})\.ko" "$MODULES/modules.builtin" 2>/dev/null && return 0
    die "module $name is neither in $MODULES nor built in"
  fi
  for d in $(unpack "$f" | tr '\0' '\n' | sed -n 's/^depends=//p' | head -1 | tr ',' ' '); do add_mod "$d"; done
  n=$((n + 1))
  unpack "$f" >"$(printf '%s/mod/%02d.ko' "$IR" "$n")"
}
# overlay: images (run --image); veth, bridge: networks (run --net bridge)
for m in virtio_ring virtio virtio_pci fuse virtiofs virtio_console overlay veth bridge; do add_mod "$m"; done
(cd "$IR" && find . | $BUSYBOX cpio -o -H newc 2>/dev/null) >"$RUN/initramfs.cpio"

{
  for v in PATH LANG TERM CI NSTOP_TEST_TIME_SCALE; do [ -n "${!v+x}" ] && printf 'export %s=%q\n' "$v" "${!v}"; done
  printf 'export HOME=/tmp/home USER=root npm_config_cache=/tmp/npm-cache\n'
  printf 'export NSTOP_V2_FILES=%q\n' "${FILES[*]}"
  printf 'export NSTOP_V2_EXEC=%q\n' "$EXEC"
} >"$RUN/job.env"

# ---- 4. virtiofsd x3, QEMU --------------------------------------------------------------
start_fs() { # tag-socket source cache(none|auto|always)
  if [ -n "$RUST_VIRTIOFSD" ]; then # the separate virtiofsd package (Debian trixie on)
    "$VIRTIOFSD" --socket-path="$RUN/$1.sock" --shared-dir="$2" --cache="${3/none/never}" \
      --sandbox=chroot --announce-submounts --log-level=error 2>>"$RUN/virtiofsd.log" &
  else # bookworm's C virtiofsd from qemu-system-common
    "$VIRTIOFSD" --socket-path="$RUN/$1.sock" -o source="$2" -o cache="$3" \
      -o sandbox=chroot -o announce_submounts -o log_level=err 2>>"$RUN/virtiofsd.log" &
  fi
  PIDS+=($!)
}
RUST_VIRTIOFSD=
"$VIRTIOFSD" --help 2>&1 | grep -q -- --shared-dir && RUST_VIRTIOFSD=1
start_fs root / always   # read-only in the guest; cache=always makes execs from it fast
start_fs run "$RUN" none # started marker, exit code, results.tap
start_fs proj "$ROOT" always # only the guest writes it during the run
for _ in $(seq 200); do
  [ -S "$RUN/root.sock" ] && [ -S "$RUN/run.sock" ] && [ -S "$RUN/proj.sock" ] && break
  sleep 0.05
done

APPEND="console=ttyS0 quiet panic=-1 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 psi=1"
APPEND+=" mitigations=off tsc=reliable 8250.nr_uarts=1 nstop_run=$RUN nstop_dir=$ROOT"
echo "v2 lane: booting $KVER ($ACCEL, ${CPUS} cpus, ${MEM} MiB, cgroup_no_v1=all) for ${#FILES[@]} files, NSTOP_TEST_TIME_SCALE=$NSTOP_TEST_TIME_SCALE"
# guest output: virtserialport -> FIFO -> cat -> our stdout (-chardev stdio drops it
# when stdin is /dev/null; a virtconsole would be a tty)
mkfifo "$RUN/out.in" "$RUN/out.out"
cat "$RUN/out.out" &
RELAY=$!
set +e
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot \
  "${ACCEL_ARGS[@]}" -smp "$CPUS" -m "$MEM" \
  -object memory-backend-memfd,id=mem,size="${MEM}M",share=on -numa node,memdev=mem \
  -chardev file,id=con,path="$RUN/console.log" -serial chardev:con \
  -device virtio-serial-pci -chardev pipe,id=out,path="$RUN/out" -device virtserialport,chardev=out,name=nstop.out \
  -chardev socket,id=fs0,path="$RUN/root.sock" -device vhost-user-fs-pci,chardev=fs0,tag=hostroot \
  -chardev socket,id=fs1,path="$RUN/run.sock" -device vhost-user-fs-pci,chardev=fs1,tag=runshare \
  -chardev socket,id=fs2,path="$RUN/proj.sock" -device vhost-user-fs-pci,chardev=fs2,tag=projshare \
  -kernel "$KERNEL" -initrd "$RUN/initramfs.cpio" -append "$APPEND" </dev/null &
QPID=$!
PIDS+=("$QPID")
wait "$QPID" # in the background + wait, so that INT/TERM traps run at once
qrc=$?
set -e
exec {unblock}<>"$RUN/out.out"; exec {unblock}>&- # lets cat end even if QEMU never opened the FIFO
wait "$RELAY" || true

[ -z "${NSTOP_V2_VERBOSE:-}" ] || { echo "----- v2 guest console -----" >&2; cat "$RUN/console.log" >&2; }
if [ -f "$RUN/exit" ]; then rc=$(cat "$RUN/exit")
elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then echo "v2 lane: the VM timed out after ${TIMEOUT}s" >&2; rc=124
else
  echo "v2 lane: the VM ended (qemu exit $qrc) without an exit code; console tail:" >&2
  tail -n 30 "$RUN/console.log" >&2 || true
  rc=125
fi

# ---- 5. summary --------------------------------------------------------------------------
boot=-
[ -f "$RUN/started" ] && boot=$(awk -v a="$T0" -v b="$(stat -c %.3Y "$RUN/started")" 'BEGIN { printf "%.1f", b - a }')
count() { awk -v k="$1" '$1 == "#" && $2 == k { n = $3 } END { print n + 0 }' "$RUN/results.tap" 2>/dev/null || echo 0; }
if [ -n "$EXEC" ]; then
  echo "v2 lane: --exec exit $rc, boot-to-command ${boot}s, total $(since "$T0")s"
  exit "$rc"
fi
if [ -f "$RUN/results.tap" ]; then
  pass=$(count pass) fail=$(($(count fail) + $(count cancelled))) skipped=$(count skipped) todo=$(count todo)
  [ "$fail" = 0 ] || [ "$rc" != 0 ] || rc=1
  summary="$pass passed, $fail failed, $skipped skipped, $todo todo"
else
  summary="no results (guest exit $rc)"
  [ "$rc" != 0 ] || rc=1
fi
echo "v2 lane: $summary (${#FILES[@]} files; pure cgroup v2, kernel $KVER, $ACCEL) boot-to-tests ${boot}s, total $(since "$T0")s"
exit "$rc"
