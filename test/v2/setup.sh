#!/usr/bin/env bash
# test/v2/setup.sh — what the pure cgroup v2 lane (test/v2/run-lane.sh) needs, on a
# Debian host, as root. Idempotent: when everything is there it does nothing (no
# apt-get update, no download).
#
#   qemu-system-x86   qemu-system-x86_64 (bookworm's qemu-system-common also ships the
#                     C virtiofsd at /usr/lib/qemu/virtiofsd; newer releases have the
#                     separate `virtiofsd` package, installed when that one is missing)
#   busybox-static    a static /bin/busybox for the VM's tiny initramfs
#   the Debian cloud kernel (linux-image-cloud-amd64's image package), NOT installed:
#                     `apt-get download` + `dpkg-deb -x` into $NSTOP_V2_CACHE/kernel
#                     (default /var/cache/nstop-v2vm), so /boot, initramfs-tools and
#                     the host's kernel are never touched.
# Prints the kernel it will use on the last line.
set -euo pipefail
CACHE=${NSTOP_V2_CACHE:-/var/cache/nstop-v2vm}
[ "$(id -u)" = 0 ] || { echo "v2 setup: must run as root (apt-get, and virtiofsd needs root)" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "v2 setup: needs a Debian-like host (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

updated=
apt_update() { [ -n "$updated" ] || { echo "v2 setup: apt-get update" >&2; apt-get update -qq >/dev/null; updated=1; }; }
# install "$@", running apt-get update first only when the package lists lack them
apt_install() {
  if ! apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
    apt_update
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}
find_virtiofsd() {
  local c
  for c in /usr/lib/qemu/virtiofsd /usr/libexec/virtiofsd /usr/lib/virtiofsd; do
    [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

pkgs=()
command -v qemu-system-x86_64 >/dev/null || pkgs+=(qemu-system-x86)
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || pkgs+=(busybox-static)
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "v2 setup: installing ${pkgs[*]}" >&2
  apt_install "${pkgs[@]}"
fi
if ! find_virtiofsd >/dev/null; then
  echo "v2 setup: installing virtiofsd" >&2
  apt_install virtiofsd
fi
find_virtiofsd >/dev/null || { echo "v2 setup: no virtiofsd after installing qemu-system-x86 and virtiofsd" >&2; exit 1; }

have_kernel() { ls "$CACHE"/kernel/boot/vmlinuz-* >/dev/null 2>&1; }
if ! have_kernel; then
  # linux-image-cloud-amd64 is a metapackage; its image dependency is the real kernel
  resolve() { apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'; }
  pkg=$(resolve)
  [ -n "$pkg" ] || { apt_update; pkg=$(resolve); }
  [ -n "$pkg" ] || { echo "v2 setup: cannot resolve linux-image-cloud-amd64" >&2; exit 1; }
  echo "v2 setup: unpacking $pkg into $CACHE/kernel (not installing it)" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && { apt-get download -qq "$pkg" 2>/dev/null || { apt_update && apt-get download -qq "$pkg"; }; })
  mkdir -p "$CACHE"
  rm -rf "$CACHE/kernel.new"
  dpkg-deb -x "$tmp"/"$pkg"_*.deb "$CACHE/kernel.new"
  rm -rf "$CACHE/kernel"
  mv "$CACHE/kernel.new" "$CACHE/kernel"
fi
ls "$CACHE"/kernel/boot/vmlinuz-* | tail -1
