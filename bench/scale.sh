#!/usr/bin/env bash
# Many zones on one host (issue 13): N sparse zones (500 by default) booted
# and halted through the D-Bus service, PAR at a time, next to N
# `lxc-start -d` containers of one shared root, in ONE disposable systemd
# test host. Reports per-idle-zone memory (zoneadmd and init Pss from
# smaps_rollup, kernel slab growth from /proc/meminfo), zonesd's RSS, the
# time to boot and halt them all, list latencies and idle CPU. A benchmark:
# it never fails on a number. The load average is recorded beside each
# figure (other work on the machine skews them). See bench/README.md.
#
#   sudo bench/scale.sh [-n N] [-p PAR] [--stage STAGEDIR | --no-build]
#
# Writes bench/results/scale.md (also printed) and bench/results/scale.tsv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
n=500 par=16 stage='' build=yes
BUILD=${BUILD:-/tmp/benchbuild}
while (($#)); do
  case $1 in
    -n) n=$2; shift 2 ;;
    -p) par=$2; shift 2 ;;
    --stage) stage=$2; build=no; shift 2 ;;
    --no-build) build=no; shift ;;
    *) sed -n '11p' "$0" | sed 's/^# //' >&2; exit 2 ;;
  esac
done
[[ $n =~ ^[1-9][0-9]*$ && $par =~ ^[1-9][0-9]*$ ]] || { echo "bench/scale.sh: -n and -p take positive integers" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "bench/scale.sh: must run as root" >&2; exit 1; }
for c in hyperfine lxc-start busybox python3; do
  command -v "$c" >/dev/null || { "$here/deps.sh"; break; }
done
if [[ $build == yes ]]; then
  echo "bench: building into $BUILD" >&2
  BUILD=$BUILD "$top/tools/scripts/build.sh" > "${BUILD%/}.bench-build.log" 2>&1
  stage=$BUILD/stage
elif [[ -z $stage ]]; then
  stage=$BUILD/stage
fi
[[ -d $stage ]] || { echo "bench/scale.sh: no stage directory $stage" >&2; exit 1; }
out=$(mktemp -d /tmp/zscale.XXXXXX)
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: $n zones and $n LXC containers in a systemd test host (load $load_before; 10-30 minutes)" >&2
rc=0
timeout -k 30 3600 "$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" --bind "$out" \
  -E HOME=/root -- /bin/bash "$here/scale-inner.sh" "$out" "$n" "$par" </dev/null || rc=$?
((rc == 0)) || echo "bench: the run ended with status $rc; the table has what was measured" >&2
mkdir -p "$here/results"
cp "$out/scale.tsv" "$here/results/scale.tsv"
cp "$out/scale.log" "$here/results/scale.log"
{
  echo "# bench/scale.sh: $n zones, $n LXC containers, $par at a time"
  echo
  echo "build $(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD || echo +uncommitted)," \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ), load average before the run: $load_before"
  echo
  echo "| figure | value | unit | load (1 min) | note |"
  echo "|---|---:|---|---:|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$out/scale.tsv"
} > "$here/results/scale.md"
cat "$here/results/scale.md"
