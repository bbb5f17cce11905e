#!/usr/bin/env bash
# Network benchmark of the net plugin, in ONE disposable systemd test host
# (tests/testhost): `zoneadm ready` of an exclusive-IP zone with 0, 1 and 4
# veths on a bridge next to `lxc-execute` with one veth on the same bridge,
# and TCP throughput (iperf3) zone to zone over the bridge next to the host's
# loopback. A benchmark, not a test: medians, never fails on a number.
#
#   sudo bench/net.sh [-n RUNS] [--stage STAGEDIR | --no-build]
#
# Prints a markdown table and writes it to bench/results/net.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

if [[ ${1:-} == --inner ]]; then
  # ---------------------------------------------- inside the test host ----
  OUT=$2 RUNS=$3
  W=/var/lib/znetbench ROOT=/var/lib/znetbench/root LXCP=/var/lib/znetbench/lxc
  say() { echo "bench/net: $*" >&2; }
  cleanup() {
    for z in n0 n1 n4 ta tb; do zoneadm -z $z halt >/dev/null 2>&1 || true; done
    ip link del zbench0 2>/dev/null || true
  }
  trap cleanup EXIT
  ip link add zbench0 type bridge && ip link set zbench0 up
  ip addr add 198.18.0.1/24 dev zbench0
  nets() {  # nets N FIRST: N net resources with allowed-addresses from .FIRST
    local i s=
    for ((i = 0; i < $1; i++)); do
      s+="add net; set physical=zbench0; set allowed-address=198.18.0.$(($2 + i))/24; end; "
    done
    echo "$s"
  }
  mk() { zonecfg -z "$1" "create; set zonepath=/zones/$1; set ip-type=exclusive; $2" >/dev/null
         zoneadm -z "$1" install >/dev/null; }
  mk n0 ""; mk n1 "$(nets 1 10)"; mk n4 "$(nets 4 20)"
  mk ta "$(nets 1 40)"; mk tb "$(nets 1 41)"

  # The minimal root of the LXC peer (as in bench/inner.sh).
  mkdir -p "$ROOT"/{usr/bin,usr/lib,etc,proc,sys,dev,tmp,run,root}
  ln -sf usr/bin "$ROOT/bin"; ln -sf usr/bin "$ROOT/sbin"; ln -sf usr/lib "$ROOT/lib"
  cp "$(readlink -f /bin/busybox)" "$ROOT/usr/bin/busybox"
  for a in sh true; do ln -sf busybox "$ROOT/usr/bin/$a"; done
  mkdir -p "$LXCP/lxcnet"
  cat > "$LXCP/lxcnet/config" <<CFG
lxc.uts.name = lxcnet
lxc.rootfs.path = dir:$ROOT
lxc.net.0.type = veth
lxc.net.0.link = zbench0
lxc.net.0.flags = up
lxc.net.0.ipv4.address = 198.18.0.60/24
lxc.apparmor.profile = unconfined
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.log.level = ERROR
CFG
  : > "$OUT/rows.tsv"
  row() { local IFS=$'\t'; echo "$*" >> "$OUT/rows.tsv"; }
  time_row() {  # time_row LABEL PREPARE CMD...
    local label=$1 prep=$2; shift 2
    say "$label: $RUNS runs"
    if hyperfine -N --style none --runs "$RUNS" --warmup 2 --prepare "$prep" \
         --export-json "$OUT/t.json" "$*" >/dev/null 2>>"$OUT/log"; then
      row time "$label" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms" % (r["median"]*1000))' "$OUT/t.json")"
    else
      row time "$label" "n/a (failed, see log)"
    fi
  }
  time_row "zoneadm -z n0 ready (no net)" "zoneadm -z n0 halt" zoneadm -z n0 ready
  time_row "zoneadm -z n1 ready (1 veth on a bridge)" "zoneadm -z n1 halt" zoneadm -z n1 ready
  time_row "zoneadm -z n4 ready (4 veths on a bridge)" "zoneadm -z n4 halt" zoneadm -z n4 ready
  time_row "lxc-execute, 1 veth on the same bridge" "true" lxc-execute -P "$LXCP" -n lxcnet -- /bin/true
  for z in n0 n1 n4; do zoneadm -z $z halt >/dev/null 2>&1 || true; done

  bps() {  # bps [NSENTER-PREFIX...] -- ADDR: iperf3 client, Gbit/s
    python3 -c 'import json,sys; print("%.1f Gbit/s" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
  }
  iperf_row() {  # iperf_row LABEL SERVER-NETNS CLIENT-NETNS ADDR
    local label=$1 sns=$2 cns=$3 addr=$4 pre_s=() pre_c=() spid
    [[ $sns != - ]] && pre_s=(nsenter --net="$sns")
    [[ $cns != - ]] && pre_c=(nsenter --net="$cns")
    say "$label: iperf3 5 s"
    "${pre_s[@]}" iperf3 -s -1 -B "$addr" >/dev/null 2>&1 & spid=$!
    sleep 0.5
    local v
    if v=$("${pre_c[@]}" iperf3 -c "$addr" -t 5 -J 2>>"$OUT/log" | bps); then row tput "$label" "$v"
    else row tput "$label" "n/a (failed, see log)"; fi
    wait "$spid" 2>/dev/null || true
  }
  zoneadm -z ta ready && zoneadm -z tb ready
  iperf_row "TCP zone to zone (exclusive IP, veths on a bridge)" /run/zones/ta/ns/net /run/zones/tb/ns/net 198.18.0.40
  iperf_row "TCP host loopback" - - 127.0.0.1
  exit 0
fi

# ------------------------------------------------------------ the host ----
runs=20 stage='' build=yes BUILD=${BUILD:-/tmp/benchbuild}
while (($#)); do
  case $1 in
    -n|--runs) runs=$2; shift 2 ;;
    --stage) stage=$2; build=no; shift 2 ;;
    --no-build) build=no; shift ;;
    *) sed -n '8,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ $(id -u) == 0 ]] || { echo "bench/net.sh: must run as root" >&2; exit 1; }
for c in hyperfine lxc-execute iperf3 busybox python3; do
  command -v "$c" >/dev/null || { "$here/deps.sh"; break; }
done
if [[ $build == yes ]]; then
  BUILD=$BUILD "$top/tools/scripts/build.sh" > "${BUILD%/}.bench-build.log" 2>&1 ||
    { tail -20 "${BUILD%/}.bench-build.log" >&2; exit 1; }
  stage=$BUILD/stage
elif [[ -z $stage ]]; then stage=$BUILD/stage; fi
out=$(mktemp -d /tmp/znetbench.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "bench/net: measuring inside a systemd test host" >&2
timeout -k 30 600 "$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" --bind "$out" \
  -E HOME=/root -- /bin/bash "$here/net.sh" --inner "$out" "$runs" </dev/null || true
[[ -s $out/rows.tsv ]] || { echo "bench/net: nothing was measured" >&2; cat "$out/log" 2>/dev/null >&2; exit 1; }
mkdir -p "$here/results"
{
  echo "| network row | median |"
  echo "|---|---|"
  while IFS=$'\t' read -r _ label value; do echo "| $label | $value |"; done < "$out/rows.tsv"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), build $(git -C "$top" rev-parse --short HEAD 2>/dev/null), $runs runs per time row, iperf3 5 s per throughput row."
} > "$here/results/net.md"
cat "$here/results/net.md"
