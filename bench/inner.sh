#!/usr/bin/env bash
# The part of the benchmark that runs inside the systemd test host (started
# by bench/run.sh, never on its own): every row is timed here, in one host, so
# all of them see the same kernel, cgroups and systemd.
#
#   inner.sh OUTDIR ZONE_RUNS PEER_RUNS
#
# Writes into OUTDIR (a directory of the machine bound into the host):
#   rows.tsv    one line per row: id, group, label, status (ok|na), note,
#               and the exact command timed
#   ID.json     hyperfine --export-json of each row that ran
#   rss.tsv     zoneadmd memory: phase, VmRSS kB or "na", note, Pss kB, private kB
#   env.tsv     versions and the machine's shape
#   hyperfine.log  hyperfine's own report, and the probes' errors
# and reads OUTDIR/staged.txt, the files of the build's stage.
# A row whose command cannot run in this build gets status "na" and no
# number. Nothing here asserts on a time.
set -euo pipefail
OUT=$1 ZRUNS=$2 PRUNS=$3
W=/var/lib/zbench
ROOT=$W/root LXCP=$W/lxc BUNDLE=$W/runc BUNDLE_SD=$W/runc-sd RUNCROOT=/run/zbench-runc
# The zone's path and the peers' roots on tmpfs, a local file system as on
# a real host, not on the test host's overlay root (overlayfs's ctimes cannot
# tell the zone's id shift which directories changed: it would look at
# every file at every ready).
mkdir -p /zones "$W"
mount -t tmpfs -o mode=0755 zbench-zones /zones
mount -t tmpfs -o mode=0755 zbench-peers "$W"
Z=bench                                # the zone
LOG=$OUT/hyperfine.log
: > "$OUT/rows.tsv"; : > "$OUT/rss.tsv"; : > "$LOG"

say() { echo "bench: $*" >&2; }
tsv() { local IFS=$'\t'; echo "$*"; }
row_na() { tsv "$1" "$2" "$3" na "$4" >> "$OUT/rows.tsv"; say "$3: n/a ($4)"; }

# probe CMD...: runs CMD once (60 s at most); on failure leaves the first
# line of its error in $why.
probe() {
  local err rc=0
  err=$(timeout -k 5 60 "$@" 2>&1 >/dev/null) || rc=$?
  why=
  if ((rc)); then
    echo "probe failed ($rc): $*" >> "$LOG"; printf '%s\n' "$err" >> "$LOG"
    why=$(printf '%s\n' "$err" | grep -m1 . || true)
    ((rc == 124)) && why="timed out after 60 s"
    [[ -n $why ]] || why="exit status $rc"
  fi
  return $rc
}

# bench ID GROUP LABEL RUNS WARMUP [PREPARE] -- CMD...: times CMD with
# hyperfine (no shell: -N) and records the row. Twice: "warm", runs back
# to back (only PREPARE between them), and "cold", each run after $IDLE s
# of quiet (ID-cold.json). The two differ on hybrid cgroups: moving a
# process into a v1 cgroup waits for an RCU grace period (5-20 ms here)
# unless another move happened within about one grace period before, as
# it always did in a back-to-back loop. A user's single command is cold.
IDLE=0.2 COLD_RUNS=20
bench() {
  local id=$1 group=$2 label=$3 runs=$4 warm=$5; shift 5
  local pre=''
  local -a prep=() cold=(--prepare "sleep $IDLE")
  if [[ $1 != -- ]]; then pre=$1 prep=(--prepare "$1") cold=(--prepare "bash -c '$1; sleep $IDLE'"); shift; fi
  shift                                  # --
  local cmd="$*" crun=$((runs < COLD_RUNS ? runs : COLD_RUNS))
  say "$label: $runs runs, then $crun cold"
  echo "== $label" >> "$LOG"
  if timeout -k 5 240 hyperfine -N --style basic --runs "$runs" --warmup "$warm" "${prep[@]}" \
       --command-name "$label" --export-json "$OUT/$id.json" "$cmd" >> "$LOG" 2>&1; then
    tsv "$id" "$group" "$label" ok "" "$cmd" >> "$OUT/rows.tsv"
    echo "== $label (cold: ${pre:+$pre, }sleep $IDLE before each run)" >> "$LOG"
    timeout -k 5 240 hyperfine -N --style basic --runs "$crun" --warmup 1 "${cold[@]}" \
      --command-name "$label" --export-json "$OUT/$id-cold.json" "$cmd" >> "$LOG" 2>&1 || rm -f "$OUT/$id-cold.json"
  else
    rm -f "$OUT/$id.json"
    row_na "$id" "$group" "$label" "failed while timed, see bench/results/latest.log"
  fi
}

# --------------------------------------------------------------- cleanup ----
# Everything lives in the test host and dies with it; this only stops what we
# started in an orderly way first, so the host's teardown has nothing to kill.
zone_made=no
cleanup() {
  set +e
  lxc-stop -P "$LXCP" -n benchd -k >/dev/null 2>&1
  runc --root "$RUNCROOT" delete -f "$Z-runc" >/dev/null 2>&1
  if [[ $zone_made == yes ]]; then
    timeout 60 zoneadm -z $Z halt >/dev/null 2>&1
    timeout 60 zoneadm -z $Z uninstall -F >/dev/null 2>&1
    timeout 60 zonecfg -z $Z delete -F >/dev/null 2>&1
  fi
}
trap cleanup EXIT

# --------------------------------------------------------- environment ----
# What one cgroup move costs here after 0.2 s of quiet (median of 5): the
# cold column's rows that move a process wait for an RCU grace period
# (bench/README, "Warm and cold"), unless this kernel skips it
# (favordynmods; from Linux 6.18 on, for good once it was ever mounted).
# A sleep moved between two cgroups of our own in the pids hierarchy (v1),
# else the unified one.
cgroup_move_probe() {
  python3 - <<'PY' 2>/dev/null || echo n/a
import os, statistics, subprocess, time
lines = [l.rstrip("\n").split(":", 2) for l in open("/proc/self/cgroup")]
v1 = [c for _, ctl, c in lines if ctl == "pids"]
base = f"/sys/fs/cgroup/pids{v1[0]}" if v1 else "/sys/fs/cgroup" + [c for n, _, c in lines if n == "0"][0]
dirs = [os.path.join(base, f"zbench-move{i}") for i in (0, 1)]
for d in dirs:
    os.makedirs(d, exist_ok=True)
p = subprocess.Popen(["sleep", "60"])
times = []
try:
    for i in range(6):
        time.sleep(0.2)
        with open(os.path.join(dirs[i % 2], "cgroup.procs"), "w") as f:
            t = time.monotonic()
            f.write(str(p.pid))
            f.flush()
            times.append((time.monotonic() - t) * 1000)
finally:
    p.kill(); p.wait()
    for d in dirs:
        os.rmdir(d)
t = times[1:]
print(f"{statistics.median(t):.2f} ms (min {min(t):.2f}, max {max(t):.2f}, 5 moves)")
PY
}
{
  tsv kernel "$(uname -r)"
  tsv cpus "$(nproc)"
  tsv loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
  tsv cgroups "$(if [[ -d /sys/fs/cgroup/unified ]]; then echo hybrid; elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then echo unified; else echo legacy; fi)"
  tsv systemd "$(systemctl --version | head -1)"
  tsv lxc "$(lxc-execute --version 2>/dev/null)"
  tsv runc "$(runc --version | head -1)"
  tsv util-linux "$(unshare --version)"
  tsv hyperfine "$(hyperfine --version)"
  tsv busybox "$(busybox 2>&1 | head -1)"
  tsv cgmove "$(cgroup_move_probe)"
} > "$OUT/env.tsv"

# --------------------------------------------------------- minimal root ----
# The same tree for every peer: a static busybox, /bin/true -> busybox, a
# merged /usr (systemd-nspawn refuses a root without /usr and os-release).
mkdir -p "$ROOT"/{usr/bin,usr/lib,etc,proc,sys,dev,tmp,run,root,var/tmp}
ln -s usr/bin "$ROOT/bin"; ln -s usr/bin "$ROOT/sbin"; ln -s usr/lib "$ROOT/lib"
cp "$(readlink -f /bin/busybox)" "$ROOT/usr/bin/busybox"
for a in sh true false sleep cat ls echo; do ln -s busybox "$ROOT/usr/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOT/etc/passwd"
echo 'root:x:0:' > "$ROOT/etc/group"
printf 'ID=busybox\nNAME=busybox\n' > "$ROOT/usr/lib/os-release"
ln -s ../usr/lib/os-release "$ROOT/etc/os-release"
echo bench > "$ROOT/etc/hostname"

# LXC: no template download, no lxc-net bridge: an empty net namespace (lo
# only), proc/sys/dev like the other peers give their payload.
lxc_conf() {  # NAME
  mkdir -p "$LXCP/$1"
  cat > "$LXCP/$1/config" <<EOF
lxc.uts.name = $1
lxc.rootfs.path = dir:$ROOT
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.log.level = ERROR
EOF
}
lxc_conf bench
lxc_conf benchd                               # the long-running one for attach
echo 'lxc.init.cmd = /bin/sleep 1000000' >> "$LXCP/benchd/config"

# runc: the default spec (pid, net, ipc, uts, mount namespaces; proc, dev,
# devpts, shm, mqueue, sysfs) running /bin/true without a terminal.
mkdir -p "$BUNDLE"
(cd "$BUNDLE" && runc spec)
mkdir -p "$BUNDLE_SD"
python3 - "$BUNDLE/config.json" "$ROOT" "$BUNDLE_SD/config.json" <<'EOF'
import json, sys
path, root = sys.argv[1], sys.argv[2]
s = json.load(open(path))
s["root"] = {"path": root, "readonly": True}
s["process"]["args"] = ["/bin/true"]
s["process"]["terminal"] = False
s["hostname"] = "bench"
json.dump(s, open(path, "w"), indent=1)
# The same under runc's systemd cgroup driver: a transient scope
# zbench-runc.scope, as zones get zone-NAME.scope.
s["linux"]["cgroupsPath"] = "system.slice:zbench:runc"
json.dump(s, open(sys.argv[3], "w"), indent=1)
EOF

# -------------------------------------------------- start: floor, peers ----
G1=start
bench floor $G1 "unshare -p -m -n -u -i --fork true" "$PRUNS" 3 -- \
  unshare -p -m -n -u -i --fork true

if probe lxc-execute -P "$LXCP" -n bench -- /bin/true; then
  bench lxc-execute $G1 "lxc-execute -n bench -- /bin/true" "$PRUNS" 3 -- \
    lxc-execute -P "$LXCP" -n bench -- /bin/true
else row_na lxc-execute $G1 "lxc-execute -n bench -- /bin/true" "$why"; fi

if probe runc --root "$RUNCROOT" run -b "$BUNDLE" "$Z-runc"; then
  bench runc $G1 "runc run bench" "$PRUNS" 3 -- \
    runc --root "$RUNCROOT" run -b "$BUNDLE" "$Z-runc"
else row_na runc $G1 "runc run bench" "$why"; fi
if probe runc --systemd-cgroup --root "$RUNCROOT" run -b "$BUNDLE_SD" "$Z-runc"; then
  bench runc-systemd $G1 "runc --systemd-cgroup run bench" "$PRUNS" 3 -- \
    runc --systemd-cgroup --root "$RUNCROOT" run -b "$BUNDLE_SD" "$Z-runc"
else row_na runc-systemd $G1 "runc --systemd-cgroup run bench" "$why"; fi

# --register=no without --keep-unit: nspawn asks systemd for a transient
# scope of its own, as zones do (zone-NAME.scope); --keep-unit stays in the
# caller's unit. --private-network: a net namespace like every other row.
NSPAWN=(systemd-nspawn -q --register=no --private-network -D "$ROOT")
if probe "${NSPAWN[@]}" /bin/true; then
  bench nspawn $G1 "systemd-nspawn --register=no --private-network -q -D ROOT /bin/true" "$PRUNS" 3 -- \
    "${NSPAWN[@]}" /bin/true
else row_na nspawn $G1 "systemd-nspawn --register=no --private-network -q -D ROOT /bin/true" "$why"; fi
if probe "${NSPAWN[@]}" --keep-unit /bin/true; then
  bench nspawn-keep-unit $G1 "systemd-nspawn --register=no --keep-unit --private-network -q -D ROOT /bin/true" "$PRUNS" 3 -- \
    "${NSPAWN[@]}" --keep-unit /bin/true
else row_na nspawn-keep-unit $G1 "systemd-nspawn --register=no --keep-unit --private-network -q -D ROOT /bin/true" "$why"; fi

# ------------------------------------------------------ attach: peers ----
G2=attach
lxc_pid=
if probe lxc-start -P "$LXCP" -n benchd -d && lxc-wait -P "$LXCP" -n benchd -s RUNNING -t 10 >/dev/null; then
  lxc_pid=$(lxc-info -P "$LXCP" -n benchd -pH)
fi
if [[ -n $lxc_pid ]]; then
  bench nsenter-lxc $G2 "nsenter -a -t PID true (PID: an LXC container's init)" "$PRUNS" 3 -- \
    nsenter -a -t "$lxc_pid" true
  if probe lxc-attach -P "$LXCP" -n benchd -- true; then
    bench lxc-attach $G2 "lxc-attach -n C -- true" "$PRUNS" 3 -- lxc-attach -P "$LXCP" -n benchd -- true
  else row_na lxc-attach $G2 "lxc-attach -n C -- true" "$why"; fi
else
  row_na nsenter-lxc $G2 "nsenter -a -t PID true (PID: an LXC container's init)" "lxc-start failed: ${why:-not running}"
  row_na lxc-attach $G2 "lxc-attach -n C -- true" "lxc-start failed: ${why:-not running}"
fi
lxc-stop -P "$LXCP" -n benchd -k >/dev/null 2>&1 || true

# ------------------------------------------------------------- zones ----
state() { zoneadm -z $Z list -p 2>/dev/null | cut -d: -f3; }
# staged PATH: PATH is a file of this build's stage (so not a stale install).
declare -A STAGED=()
while read -r f; do
  if k=$(readlink -f "$f" 2>/dev/null) && [[ -n $k ]]; then STAGED[$k]=1; fi
done < "$OUT/staged.txt"
staged() { local k; k=$(readlink -f "$1" 2>/dev/null) && [[ -n $k && -n ${STAGED[$k]:-} ]]; }
L_READY="zoneadm -z bench ready"
L_BOOT="zoneadm -z bench boot"
L_HALT="zoneadm -z bench halt"
L_BOOT_READY="zoneadm -z bench boot (from ready)"
L_ZLOGIN="zlogin bench true"
L_NSZ="nsenter -a -t PID true (PID: the zone's init)"
NA="not available in this build"
zones_na() {  # REASON: every zone row n/a
  row_na ready $G1 "$L_READY" "$1"; row_na boot $G1 "$L_BOOT" "$1"; row_na halt $G1 "$L_HALT" "$1"
  row_na nsenter-zone $G2 "$L_NSZ" "$1"; row_na zlogin $G2 "$L_ZLOGIN" "$1"
  tsv ready na "$1" >> "$OUT/rss.tsv"; tsv running na "$1" >> "$OUT/rss.tsv"
}
# real_zoneadmd: the zone's zoneadmd is a real zoneadmd binary, not a
# stand-in such as the tests' fake-zoneadmd.py (whose numbers would be fake).
# Sets $zpid; on failure leaves the reason in $why.
real_zoneadmd() {
  local exe
  zpid=$(cat /run/zones/$Z/zoneadmd.pid 2>/dev/null || pidof -s zoneadmd || true)
  exe=$(readlink "/proc/${zpid:-0}/exe" 2>/dev/null || true)
  why=
  if [[ -z $zpid || ${exe##*/} != zoneadmd ]]; then
    why="no real zoneadmd runs the zone${exe:+ (its pid file names $exe)}"; return 1
  elif ! staged "$exe"; then
    why="the zone's zoneadmd, $exe, is not from this build"; return 1
  fi
}
# zoneadmd_rss STATE: VmRSS of the zone's zoneadmd after a second idle, and
# from smaps_rollup its Pss (shared pages divided among their users) and
# its private pages (what this one zoneadmd alone costs).
zoneadmd_rss() {
  sleep 1
  if real_zoneadmd; then
    tsv "$1" "$(awk '/^VmRSS:/ {print $2}' "/proc/$zpid/status")" "pid $zpid" \
      "$(awk '/^Pss:/ {print $2}' "/proc/$zpid/smaps_rollup")" \
      "$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$zpid/smaps_rollup")" >> "$OUT/rss.tsv"
  else
    tsv "$1" na "$why" >> "$OUT/rss.tsv"
  fi
}

if ! command -v zoneadm >/dev/null || ! command -v zonecfg >/dev/null; then
  zones_na "$NA: no zoneadm/zonecfg"
elif ! staged "$(command -v zoneadm)"; then
  zones_na "$NA: $(command -v zoneadm) is not from this build's stage"
elif ! probe zonecfg -z $Z "create; set zonepath=/zones/$Z"; then
  zones_na "$NA: zonecfg: $why"
else
  zone_made=yes
  if ! probe zoneadm -z $Z install; then
    zones_na "$NA: install: $why"
  else
    # ready: installed -> ready; reverse step (untimed): halt.
    if probe zoneadm -z $Z ready && [[ $(state) == ready ]] && real_zoneadmd; then
      zoneadmd_rss ready
      bench ready $G1 "$L_READY" "$ZRUNS" 1 "zoneadm -z $Z halt" -- zoneadm -z $Z ready
    else
      [[ -n $why ]] || why="state is '$(state)', not ready"
      row_na ready $G1 "$L_READY" "$NA: $why"; tsv ready na "$NA: $why" >> "$OUT/rss.tsv"
    fi
    probe zoneadm -z $Z halt || true
    # boot: installed -> running; reverse step: halt. Then halt itself,
    # running -> installed, with boot as its reverse step.
    if probe zoneadm -z $Z boot && [[ $(state) == running ]] && real_zoneadmd; then
      zoneadmd_rss running
      initpid=$(cat /run/zones/$Z/init.pid 2>/dev/null || true)
      if [[ -n $initpid ]] && probe nsenter -a -t "$initpid" true; then
        bench nsenter-zone $G2 "$L_NSZ" "$PRUNS" 3 -- nsenter -a -t "$initpid" true
      else row_na nsenter-zone $G2 "$L_NSZ" "$NA: ${why:-no /run/zones/$Z/init.pid}"; fi
      if ! command -v zlogin >/dev/null; then
        row_na zlogin $G2 "$L_ZLOGIN" "$NA: no zlogin"
      elif ! staged "$(command -v zlogin)"; then
        row_na zlogin $G2 "$L_ZLOGIN" "$NA: $(command -v zlogin) is not from this build's stage"
      elif probe zlogin $Z true; then
        bench zlogin $G2 "$L_ZLOGIN" "$PRUNS" 3 -- zlogin $Z true
      else row_na zlogin $G2 "$L_ZLOGIN" "$NA: $why"; fi
      bench boot $G1 "$L_BOOT" "$ZRUNS" 1 "zoneadm -z $Z halt" -- zoneadm -z $Z boot
      # boot from ready: the platform exists, boot only starts init.
      printf 'zoneadm -z %s halt >/dev/null 2>&1\nzoneadm -z %s ready\n' $Z $Z > "$OUT/to-ready.sh"
      bench boot-ready $G1 "$L_BOOT_READY" "$ZRUNS" 1 "bash $OUT/to-ready.sh" -- zoneadm -z $Z boot
      if probe zoneadm -z $Z halt && [[ $(state) == installed ]]; then
        bench halt $G1 "$L_HALT" "$ZRUNS" 1 "zoneadm -z $Z boot" -- zoneadm -z $Z halt
      else
        [[ -n $why ]] || why="state is '$(state)' after halt, not installed"
        row_na halt $G1 "$L_HALT" "$NA: $why"
      fi
    else
      [[ -n $why ]] || why="state is '$(state)', not running"
      row_na boot $G1 "$L_BOOT" "$NA: $why"; row_na halt $G1 "$L_HALT" "$NA: boot: $why"
      row_na boot-ready $G1 "$L_BOOT_READY" "$NA: boot: $why"
      row_na nsenter-zone $G2 "$L_NSZ" "$NA: boot: $why"; row_na zlogin $G2 "$L_ZLOGIN" "$NA: boot: $why"
      tsv running na "$NA: boot: $why" >> "$OUT/rss.tsv"
    fi
  fi
fi
say "done"
