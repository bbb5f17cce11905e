#!/usr/bin/env bash
# Installs from Debian 12 what the benchmark (bench/run.sh) uses besides the
# project's own dependencies (tools/scripts/deps.sh): the peers it compares
# against, hyperfine, a static busybox for the minimal container root, and
# iperf3 for the network benchmarks to come. Does nothing if all are there.
set -euo pipefail
packages=(
  lxc               # lxc-execute, lxc-start, lxc-attach
  runc              # runc run
  systemd-container # systemd-nspawn
  hyperfine         # the timer
  busybox-static    # /bin/busybox of the minimal root the peers run
  iperf3            # network throughput (later)
  python3           # parses hyperfine's JSON, writes the table
  util-linux        # unshare, nsenter (the floor)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || { echo "bench/deps.sh: missing ${missing[*]}; run as root to install" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # lxc only Recommends its bridge helpers; nothing here needs lxc-net.
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
