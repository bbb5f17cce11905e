#!/usr/bin/env bash
# Installs what Zones for Linux needs from Debian 12: build tools, the
# libraries of the design card, and what the tests and the systemd test host use.
set -euo pipefail
packages=(
  meson ninja-build pkg-config g++
  libsdbus-c++-dev libsdbus-c++-bin libsystemd-dev   # sdbus-c++ needs libsystemd-dev spelled out
  libboost-dev libcap-dev libseccomp-dev libpugixml-dev libfmt-dev libedit-dev libmnl-dev libnftables-dev
  libgtest-dev libgmock-dev
  clang-14 libclang-rt-14-dev                         # libFuzzer targets
  systemd dbus util-linux iproute2 procps             # runtime and the test host
  iputils-ping iperf3                                 # tests and bench of the net plugin
  tar gzip xz-utils zstd bzip2                        # zoneadm install -a ARCHIVE
  cockpit-ws cockpit-bridge chromium python3-websocket  # the Cockpit page (cockpit/) and its browser test
  libmicrohttpd-dev curl prometheus                   # zones-exporter; its test scrapes it with curl, promtool, prometheus
  ansible-core                                        # ansible/ collection and its test (ansible.sh)
  python3 python3-jsonschema                          # tests: summary, protocol stand-in, JSON schemas
  python3-dbus                                        # tests: scale (many match rules on one bus connection)
  nlohmann-json3-dev scdoc                            # -o json; man pages
  bash-completion tmux                                # completions (completions/) and their test; zonestat -r in a terminal
  mmdebstrap uidmap                                   # brand debian: install from the host's apt sources
  apt-utils                                           # its test: apt-ftparchive serves the cached root's .debs on 127.0.0.1
  polkitd                                             # zonesd asks polkit for delegated calls (tests: the real one)
  debhelper dpkg-dev lintian                          # the Debian package (tools/scripts/deb.sh)
  xfsprogs btrfs-progs ansible                        # clone by reflink (loop xfs/btrfs in tests); community.general.solaris_zone
)
# Services the tests run only inside zones of a test host: installed here
# without being started (policy-rc.d), so the machine gets no sshd.
quiet_services=(openssh-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
quiet=()
for p in "${quiet_services[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || quiet+=("$p")
done
if ((${#missing[@]} + ${#quiet[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
fi
if ((${#missing[@]})); then
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ((${#quiet[@]})); then
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${quiet[@]}"
fi
