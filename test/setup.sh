#!/usr/bin/env bash
# test/setup.sh — what the tests need from Debian, installed before any test runs
# (`npm test` runs it; tests themselves never install anything). As root on a Debian
# host it installs what is missing, running apt-get update first; when everything is
# there it does nothing. As another user it only lists what is missing: the tests that
# need it skip and print why.
#
#   tmux             the e2e tests drive the real dashboard in a terminal
#   busybox-static   a static busybox for the test root filesystems and the demos
#   iproute2         ip, for the network tests (namespaces and veths the tests make)
#   util-linux       unshare, nsenter
#   gcc, libc6-dev   the launch helper (native/stage) is built with cc; the filter tests
#                    build their probes with gcc
#   libcap2-bin      setcap, to give a file capabilities that commit must refuse
#   docker.io, podman, runc
#                    the real-runtimes lane (test/runtimes): each test starts its own
#                    daemon on private roots with networking off. Installing must not
#                    start the packaged dockerd (its bridge and iptables rules would
#                    change the host): invoke-rc.d is told no while apt runs, unless a
#                    policy-rc.d is already there.
#   prometheus       (2.42, with promtool) nstop serve's test scrapes it with a real
#                    Prometheus on 127.0.0.1 and its own storage dir. The same policy-rc.d
#                    keeps the packaged service from starting; --no-install-recommends
#                    leaves prometheus-node-exporter out (it would start and stay).
#   lxc, systemd-container
#                    lxc-start and systemd-nspawn for the same lane: lxc's lxc-net (its
#                    lxcbr0 bridge and dnsmasq) must not start either, which the same
#                    policy-rc.d keeps; the lane's containers have no network at all
set -uo pipefail
need=()
command -v tmux >/dev/null || need+=(tmux)
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || need+=(busybox-static)
command -v ip >/dev/null || need+=(iproute2)
command -v unshare >/dev/null || need+=(util-linux)
command -v cc >/dev/null && command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v setcap >/dev/null || need+=(libcap2-bin)
command -v dockerd >/dev/null || need+=(docker.io)
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v prometheus >/dev/null && command -v promtool >/dev/null || need+=(prometheus)
command -v lxc-start >/dev/null || need+=(lxc)
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "test setup: missing ${need[*]} (install them as root, or the tests that need them skip)" >&2
  exit 0
fi
echo "test setup: apt-get install ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# test/setup.sh: no service starts while it installs\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq >/dev/null || { echo "test setup: apt-get update failed" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || { echo "test setup: apt-get install ${need[*]} failed" >&2; exit 1; }
# the tests start their own Prometheus: the packaged one must not start at boot either
if [[ " ${need[*]} " == *" prometheus "* ]]; then
  systemctl disable prometheus.service >/dev/null 2>&1 || true
  update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
# nothing the packages would have started may be left running: say so if it is
for left in dockerd dnsmasq lxc-monitord; do
  pgrep -x "$left" >/dev/null && echo "test setup: warning: $left is running after the install" >&2
done
ip link show lxcbr0 >/dev/null 2>&1 && echo "test setup: warning: lxc-net's lxcbr0 bridge exists after the install" >&2
exit 0
