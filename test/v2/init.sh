#!/bin/busybox sh
# test/v2/init.sh — /init of the v2 lane's initramfs (static busybox, PID 1 in the VM).
# Loads the virtio/virtiofs modules, mounts the host's root READ-ONLY as the new root,
# tmpfs on /tmp, /run and /dev/shm, the lane's run dir and the project dir (read-write,
# at their host paths), and a PURE cgroup v2 hierarchy on /sys/fs/cgroup (the kernel
# was booted with cgroup_no_v1=all) with every controller enabled for the root's
# children, as systemd does. Then it hands PID 1 to test/v2/guest.sh in the new root.
B=/bin/busybox
$B mount -t devtmpfs dev /dev
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
die() { echo "v2 init: FATAL: $*" >/dev/ttyS0; echo o >/proc/sysrq-trigger; $B sleep 10; }
for m in /mod/*.ko; do $B insmod "$m" || die "insmod $m failed"; done
RUN= DIR=
for a in $($B cat /proc/cmdline); do
  case "$a" in nstop_run=*) RUN=${a#nstop_run=} ;; nstop_dir=*) DIR=${a#nstop_dir=} ;; esac
done
[ -n "$RUN" ] && [ -n "$DIR" ] || die "nstop_run= / nstop_dir= missing on the kernel command line"
R=/newroot
$B mount -t virtiofs -o ro hostroot $R || die "mount hostroot failed"
$B mount -t tmpfs -o mode=1777 tmp $R/tmp || die "tmpfs /tmp"
$B mount -t tmpfs -o mode=755 run $R/run || die "tmpfs /run"
# both exist on the host root, or lie under the fresh /tmp (mkdir works there)
$B mkdir -p $R$RUN $R$DIR 2>/dev/null
$B mount -t virtiofs runshare $R$RUN || die "mount the run dir at $RUN failed"
$B mount -t virtiofs projshare $R$DIR || die "mount the project at $DIR failed"
$B mount --move /dev $R/dev
$B mount --move /proc $R/proc
$B mount --move /sys $R/sys
$B mkdir -p $R/dev/pts $R/dev/shm
$B mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
$B mount -t tmpfs -o mode=1777 shm $R/dev/shm
$B ln -sf pts/ptmx $R/dev/ptmx 2>/dev/null
$B mount -t cgroup2 -o nsdelegate,memory_recursiveprot cgroup2 $R/sys/fs/cgroup || die "mount cgroup2"
for c in $($B cat $R/sys/fs/cgroup/cgroup.controllers); do
  echo "+$c" >$R/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
done
$B mount --make-rshared $R   # like systemd: / and everything below is shared
$B hostname nstop-v2
$B ip link set lo up
# the output port (virtserialport name=nstop.out) appears asynchronously
PORT= n=0
while :; do
  for f in $R/sys/class/virtio-ports/*/name; do
    [ "$($B cat $f 2>/dev/null)" = nstop.out ] && { d=${f%/name}; PORT=/dev/${d##*/}; }
  done
  [ -n "$PORT" ] && [ -e "$R$PORT" ] && break
  n=$((n + 1)); [ $n -gt 250 ] && die "output port nstop.out did not appear"
  $B usleep 20000
done
export NSTOP_V2_PORT=$PORT NSTOP_V2_RUN=$RUN NSTOP_V2_DIR=$DIR
exec $B switch_root $R /bin/bash $DIR/test/v2/guest.sh pid1
