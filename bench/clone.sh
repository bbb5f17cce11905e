#!/usr/bin/env bash
# Clone of a zone holding 1 GB of data: `zoneadm clone` (reflink where the
# file system shares extents, else a copy) and `zoneadm clone -m copy`
# against `cp -a` (coreutils 9.1: --reflink=auto by default),
# `cp -a --reflink=always` and `cp -a --reflink=never` of the same zone root
# on the same file system, on loop-device xfs (reflink=1), btrfs and ext4,
# in ONE disposable systemd test host. Time (wall, median of RUNS) and the
# space each copy takes (df before and after, after sync). A benchmark, not
# a test: it never fails on a number. See bench/README.md ("Clone").
#
#   sudo bench/clone.sh [-n RUNS] [--stage STAGEDIR]
#
# The loop images live on the test host's tmpfs (memory): a file system's
# speed here is close to its CPU cost, not a disk's. Needs about 3 GB of
# free memory. The zone writes its data with dd: cat would copy_file_range
# from its /tmp on the same file system and share the extents. Writes bench/results/clone.md (the table, also printed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
runs=3 stage=${BUILD:-$top/build}/stage
while (($#)); do
  case $1 in
    -n|--runs) runs=$2; shift 2 ;;
    --stage) stage=$2; shift 2 ;;
    __inner) shift; inner=1; break ;;
    *) sed -n '11,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [[ -z ${inner:-} ]]; then
  [[ $(id -u) == 0 ]] || { echo "bench/clone.sh: must run as root" >&2; exit 1; }
  [[ -d $stage ]] || { echo "bench/clone.sh: no stage $stage (tools/scripts/build.sh)" >&2; exit 1; }
  load0=$(uptime | sed 's/.*load/load/')
  echo "load before: $load0" >&2
  mkdir -p "$here/results"
  out=$("$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" \
        -- /bin/bash "$here/clone.sh" __inner "$runs")
  load1=$(uptime | sed 's/.*load/load/')
  {
    echo "# Clone of a zone with 1 GB of data ($runs runs, median; loop file systems on tmpfs)"
    echo
    echo "$load0 (before), $load1 (after); $(nproc) CPUs; build $(git -C "$top" rev-parse --short HEAD)"
    echo
    echo "| file system | method | median s | min s | max s | space used MB |"
    echo "|---|---|---:|---:|---:|---:|"
    echo "$out"
  } | tee "$here/results/clone.md"
  exit 0
fi

# ----------------------------------------------------------- in the test host ----
runs=$1
W=$(mktemp -d)
MNT=""
done_fs() {
  { zoneadm list -cp | cut -d: -f2 | grep -v '^global$' || :; } | while read -r z; do
    zoneadm -z "$z" halt >/dev/null 2>&1 || :; zoneadm -z "$z" uninstall -F >/dev/null 2>&1 || :
    zonecfg -z "$z" delete -F >/dev/null 2>&1 || :
  done
  [[ -n $MNT ]] && { umount "$MNT" || umount -l "$MNT"; rmdir "$MNT"; }
  rm -f "$W"/*.img
  MNT=""
}
trap 'done_fs; rm -rf "$W"' EXIT
MB=$((1024 * 1024))
used() { sync -f "$MNT"; df --output=used -B1 "$MNT" | tail -1 | tr -d ' '; }
declare -A T S
# timed KEY CMD...: one run of CMD; its time and the space it added.
timed() {
  local key=$1 u0 t0; shift
  u0=$(used); t0=${EPOCHREALTIME/./}
  "$@" >/dev/null
  T[$key]+="$(( ${EPOCHREALTIME/./} - t0 )) "
  S[$key]+="$(( ($(used) - u0) / MB )) "
}
row() {  # row FS METHOD KEY
  python3 - "$1" "$2" "${S[$3]}" ${T[$3]} <<'PY'
import statistics, sys
fs, method, space, t = sys.argv[1], sys.argv[2], sys.argv[3].split(), [int(x) / 1e6 for x in sys.argv[4:]]
print(f"| {fs} | {method} | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} | {statistics.median(int(s) for s in space):.0f} |")
PY
}
for fs in xfs btrfs ext4; do
  truncate -s 3G "$W/$fs.img"
  case $fs in
    xfs) mkfs.xfs -q -f -m reflink=1 "$W/$fs.img" ;;
    btrfs) mkfs.btrfs -q -f "$W/$fs.img" >/dev/null ;;
    ext4) mkfs.ext4 -q -F "$W/$fs.img" ;;
  esac
  # -o loop: the loop device detaches itself when unmounted.
  MNT=/zp-$fs; mkdir -p $MNT; mount -t $fs -o loop "$W/$fs.img" $MNT
  zonecfg -z src "create; set zonepath=$MNT/src" >/dev/null
  zoneadm -z src install >/dev/null
  zoneadm -z src boot
  zlogin src 'set -e; mkdir -p /srv/big; head -c 16M /dev/urandom > /tmp/blk
    for f in 1 2 3 4; do for i in $(seq 16); do dd if=/tmp/blk bs=1M status=none; done > /srv/big/$f; done; rm /tmp/blk'
  zoneadm -z src halt
  methods=(clone copy cpa never)
  [[ $fs != ext4 ]] && methods+=(always)
  for i in $(seq 1 "$runs"); do
    for m in "${methods[@]}"; do
      case $m in
        clone|copy)
          zonecfg -z dst "create; set zonepath=$MNT/dst" >/dev/null
          if [[ $m = clone ]]; then timed $fs-$m zoneadm -z dst clone src
          else timed $fs-$m zoneadm -z dst clone -m copy src; fi
          zoneadm -z dst uninstall -F >/dev/null; zonecfg -z dst delete -F >/dev/null ;;
        cpa) timed $fs-$m cp -a $MNT/src/root $MNT/cp ;;
        never) timed $fs-$m cp -a --reflink=never $MNT/src/root $MNT/cp ;;
        always) timed $fs-$m cp -a --reflink=always $MNT/src/root $MNT/cp ;;
      esac
      rm -rf $MNT/cp; sync -f $MNT
    done
  done
  what=$([[ $fs = ext4 ]] && echo "copies: no reflinks" || echo "by reflink")
  row $fs "zoneadm clone ($what)" $fs-clone
  row $fs "zoneadm clone -m copy" $fs-copy
  row $fs "cp -a (--reflink=auto)" $fs-cpa
  [[ $fs != ext4 ]] && row $fs "cp -a --reflink=always" $fs-always
  row $fs "cp -a --reflink=never" $fs-never
  done_fs
done
