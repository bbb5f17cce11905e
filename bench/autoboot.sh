#!/usr/bin/env bash
# How many boots at once: `zoneadm boot -a -j N` of Z sparse autoboot zones
# for several N, then `zoneadm shutdown -a`, R rounds, in ONE disposable
# systemd test host. The measurement behind boot -a's default (two per
# CPU, units/README.md). A benchmark, not a test: it prints the wall time
# of each run and the median per N, and never fails on a time.
#
#   sudo bench/autoboot.sh [-z ZONES] [-r ROUNDS] [-j "1 2 3 4 6 8 16"] [--stage STAGEDIR]
#
# Run it on a quiet machine (it prints `uptime` before and after).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
zones=48 rounds=3 jobs="1 2 3 4 6 8 16" stage=${BUILD:-$top/build}/stage
while (($#)); do
  case $1 in
    -z) zones=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    --stage) stage=$2; shift 2 ;;
    __inner) inner=1; shift; break ;;
    *) sed -n '7,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [[ -z ${inner:-} ]]; then
  [[ $(id -u) == 0 ]] || { echo "bench/autoboot.sh: must run as root" >&2; exit 1; }
  [[ -d $stage ]] || { echo "bench/autoboot.sh: no stage $stage (tools/scripts/build.sh)" >&2; exit 1; }
  echo "load before: $(uptime)"
  "$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" \
    -- /bin/bash "$here/autoboot.sh" __inner "$zones" "$rounds" "$jobs"
  echo "load after: $(uptime)"
  exit 0
fi

zones=$1 rounds=$2 jobs=$3
for ((i = 1; i <= zones; i++)); do
  zonecfg -z "b$i" "create; set zonepath=/zones/b$i; set autoboot=true" >/dev/null
  zoneadm -z "b$i" install >/dev/null
done
echo "$(nproc) CPUs, $zones sparse zones, $rounds rounds"
declare -A times
for ((r = 1; r <= rounds; r++)); do
  for j in $jobs; do
    s=$(date +%s%N); zoneadm boot -a -j "$j"; e=$(date +%s%N)
    up=$(zoneadm list | grep -vcx global)
    zoneadm shutdown -a >/dev/null
    t=$(((e - s) / 1000000))
    times[$j]+="$t "
    echo "round $r  -j $j  boot $t ms  ($up running)"
  done
done
echo "median wall time of boot -a per -j:"
for j in $jobs; do
  printf '  -j %-3s %s ms\n' "$j" "$(tr ' ' '\n' <<<"${times[$j]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
