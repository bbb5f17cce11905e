#!/usr/bin/env bash
# Boot of a Debian 12 root to `systemctl is-system-running --wait` as a
# Zones for Linux zone (brand debian), under `systemd-nspawn -b` and
# under `lxc-start`, side by side, cold (each run after IDLE seconds of
# quiet), all in ONE disposable systemd test host so every row sees the
# same kernel, cgroups and systemd. The root is tests/debian-root.sh's
# (the same tarball for all three). A benchmark, not a test: it reports
# medians and never fails on a time. See bench/README.md ("Debian boot").
#
#   sudo bench/debian.sh [-n RUNS] [--idle SECONDS] [--stage STAGEDIR]
#
# Run it only on a quiet machine (it prints `uptime` before and after).
# Writes bench/results/debian.md (the table, also printed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
runs=5 idle=3 stage=${BUILD:-$top/build}/stage
while (($#)); do
  case $1 in
    -n|--runs) runs=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --stage) stage=$2; shift 2 ;;
    __inner) shift; inner=1; break ;;
    *) sed -n '10,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [[ -z ${inner:-} ]]; then
  [[ $(id -u) == 0 ]] || { echo "bench/debian.sh: must run as root" >&2; exit 1; }
  for c in lxc-start systemd-nspawn python3; do
    command -v "$c" >/dev/null || { "$here/deps.sh"; break; }
  done
  [[ -d $stage ]] || { echo "bench/debian.sh: no stage $stage (tools/scripts/build.sh)" >&2; exit 1; }
  tarball=$("$top/tests/debian-root.sh")
  load0=$(uptime | sed 's/.*load/load/')
  echo "load before: $load0" >&2
  mkdir -p "$here/results"
  out=$("$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" --bind-ro "$(dirname "$tarball")" \
        -- /bin/bash "$here/debian.sh" __inner "$runs" "$idle" "$tarball")
  {
    echo "# Debian 12 boot to is-system-running (cold, $runs runs, ${idle}s idle before each)"
    echo
    echo "$load0 (before), $(uptime | sed 's/.*load/load/') (after); $(nproc) CPUs; build $(git -C "$top" rev-parse --short HEAD)"
    echo
    echo "| runtime | median ms | min ms | max ms | state reached |"
    echo "|---|---|---|---|---|"
    echo "$out"
  } | tee "$here/results/debian.md"
  echo "load after: $(uptime)" >&2
  exit 0
fi

# ----------------------------------------------------------- in the test host ----
runs=$1 idle=$2 tarball=$3
B=/var/lib/zones-bench
mkdir -p $B/nspawn $B/lxc/deb/rootfs
tar -xf "$tarball" -C $B/nspawn --numeric-owner
tar -xf "$tarball" -C $B/lxc/deb/rootfs --numeric-owner
for r in $B/nspawn $B/lxc/deb/rootfs; do systemd-id128 new > $r/etc/machine-id; echo deb > $r/etc/hostname; done
# nspawn and LXC run without a user namespace: the test host's /proc has
# /proc/sys mounted over read-only (testhost's guarantee), so the kernel
# refuses a proc mount in a new user namespace (mount_too_revealing:
# nspawn -U dies with "Failed to mount proc ... Operation not permitted").
# The zone keeps its own user namespace and id range.
cat > $B/lxc/deb/config <<CFG
lxc.uts.name = deb
lxc.rootfs.path = dir:$B/lxc/deb/rootfs
lxc.net.0.type = empty
lxc.include = /usr/share/lxc/config/common.conf
lxc.mount.auto = proc:mixed sys:ro cgroup:mixed
lxc.init.cmd = /sbin/init
CFG
zonecfg -z deb "create -t debian; set zonepath=/zones/deb" >/dev/null
zoneadm -z deb install -a "$tarball"
zoneadm -z deb ready && zoneadm -z deb halt   # the id shift once, outside the timing

ms() { echo $(( (${EPOCHREALTIME/./} - $1) / 1000 )); }
state_of() { timeout 120 "$@" systemctl is-system-running --wait 2>/dev/null || :; }
declare -A times states
one() {  # one NAME: a cold boot to is-system-running, then a stop
  local t0 pid st i
  sleep "$idle"
  t0=${EPOCHREALTIME/./}
  case $1 in
    zones)
      zoneadm -z deb boot
      for i in $(seq 1 600); do zlogin deb test -S /run/systemd/private 2>/dev/null && break; sleep 0.01; done
      st=$(state_of zlogin deb) ;;
    nspawn)
      systemd-run --quiet --unit=bench-nspawn -p KillMode=mixed -p Type=notify -p Delegate=yes \
        systemd-nspawn -q -b --register=no --private-network --notify-ready=yes -D $B/nspawn
      pid=$(systemctl show -p MainPID --value bench-nspawn); pid=$(pgrep -P "$pid" | head -1)
      st=$(state_of nsenter -t "$pid" -a) ;;
    lxc)
      lxc-start -n deb -P $B/lxc -d
      for i in $(seq 1 600); do pid=$(lxc-info -n deb -P $B/lxc -p -H 2>/dev/null) && [ -n "$pid" ] && break; sleep 0.01; done
      for i in $(seq 1 600); do nsenter -t "$pid" -a test -S /run/systemd/private 2>/dev/null && break; sleep 0.01; done
      st=$(state_of nsenter -t "$pid" -a) ;;
  esac
  times[$1]+="$(ms "$t0") "; states[$1]+="$st "
  case $1 in
    zones) zoneadm -z deb halt ;;
    nspawn) systemctl stop bench-nspawn; systemctl reset-failed bench-nspawn 2>/dev/null || : ;;
    lxc) lxc-stop -n deb -P $B/lxc -k ;;
  esac
}
for i in $(seq 1 "$runs"); do for r in zones nspawn lxc; do one $r; done; done
for r in zones nspawn lxc; do
  python3 - "$r" ${times[$r]} <<'PY'
import statistics, sys
name, v = sys.argv[1], [int(x) for x in sys.argv[2:]]
label = {"zones": "zoneadm boot (brand debian)", "nspawn": "systemd-nspawn -b (no userns)", "lxc": "lxc-start (no userns)"}[name]
print(f"| {label} | {statistics.median(v)} | {min(v)} | {max(v)} |", end="")
PY
  echo " $(tr ' ' '\n' <<<"${states[$r]}" | grep . | sort | uniq -c | awk 'NF {printf "%s×%s ", $2, $1}')|"
done
zonecfg -z deb delete -F >/dev/null 2>&1 || :
