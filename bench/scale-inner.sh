#!/usr/bin/env bash
# The part of bench/scale.sh that runs inside the systemd test host (never on
# its own): N sparse zones, then N LXC containers of one shared root, each
# booted N at a time, measured while all run, and stopped.
#
#   scale-inner.sh OUTDIR N PAR
#
# Writes OUTDIR/scale.tsv: one line per figure: key, value, unit, load
# average (1 min) when it was taken, note. Nothing asserts on a time.
set -uo pipefail
OUT=$1 N=$2 PAR=$3
W=/var/lib/zscale ROOT=/var/lib/zscale/root LXCP=/var/lib/zscale/lxc
TSV=$OUT/scale.tsv LOG=$OUT/scale.log
: > "$TSV"; : > "$LOG"
say() { echo "scale: $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }
put() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(load1)" "${4:-}" >> "$TSV"; say "$1 = $2 $3 (load $(load1))${4:+ $4}"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
kb() { awk -v k="$2" '$1 == k":" {print $2}' "$1"; }   # kB field of a meminfo/status-like file
meminfo() { cat /proc/meminfo > "$W/meminfo.$1"; }
slab_delta() {  # FROM TO: Slab and SUnreclaim growth per container, kB
  local s u
  s=$(( $(kb "$W/meminfo.$2" Slab) - $(kb "$W/meminfo.$1" Slab) ))
  u=$(( $(kb "$W/meminfo.$2" SUnreclaim) - $(kb "$W/meminfo.$1" SUnreclaim) ))
  echo "$s $u"
}
# Pss (kB) summed over PIDs (smaps_rollup: each shared page split among its users).
pss_sum() { local p s=0 v; for p in "$@"; do v=$(kb /proc/$p/smaps_rollup Pss 2>/dev/null); s=$((s + ${v:-0})); done; echo $s; }
ticks() { local p s=0; for p in "$@"; do s=$((s + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
# Median wall time (ms) of CMD over 20 runs (hyperfine, no shell).
median_ms() {
  hyperfine -N --style none --runs 20 --warmup 2 --export-json "$W/h.json" "$*" >> "$LOG" 2>&1 &&
    python3 -c 'import json,statistics; print("%.1f" % (1000 * statistics.median(json.load(open("'"$W/h.json"'"))["results"][0]["times"])))'
}
mkdir -p "$W"
names() { seq -f "$1%g" 1 "$N"; }

put zones "$N" "" "boots and stops $PAR at a time"
put cpus "$(nproc)" ""
put kernel "$(uname -r)" ""

# --------------------------------------------------------------- zones ----
say "configuring and installing $N sparse zones"
names sc | xargs -P 4 -n 1 sh -c 'zonecfg -z "$0" "create; set zonepath=/zones/$0"' >> "$LOG" 2>&1
t=$(now)
names sc | xargs -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" install >/dev/null' >> "$LOG" 2>&1
put zones.install_all "$(since "$t")" s
# One zone's own boot and halt with no other zone running, and again below
# with all others running: what a zone costs should not grow with the others.
# The phases (boot -v, halt -v) that could grow with the other zones.
PHASES=("zonesd: zone state, verify" "systemd: zone scope started" "platform helper: namespaces"
        "zoneadmd: nothing holds the zone" "systemd: zone scope removed")
one_cycle() {  # KEY_SUFFIX: median of 5 halts and of 5 boots of sc1 (ms), and of their phases
  local i a b hs=() bs=() k p
  : > "$W/phases"
  for i in 1 2 3 4 5; do
    a=$(now); zoneadm -z sc1 boot -v >> "$W/phases" 2>&1; b=$(now); bs+=("$(awk -v a="$a" -v b="$b" 'BEGIN {print 1000 * (b - a)}')")
    sleep 0.5
    a=$(now); zoneadm -z sc1 halt -v >> "$W/phases" 2>&1; b=$(now); hs+=("$(awk -v a="$a" -v b="$b" 'BEGIN {print 1000 * (b - a)}')")
    sleep 0.5
  done
  cat "$W/phases" >> "$LOG"
  put "zones.boot_one_$1" "$(printf '%s\n' "${bs[@]}" | sort -n | sed -n 3p | xargs printf '%.1f')" ms "zoneadm -z sc1 boot, median of 5"
  put "zones.halt_one_$1" "$(printf '%s\n' "${hs[@]}" | sort -n | sed -n 3p | xargs printf '%.1f')" ms "zoneadm -z sc1 halt, median of 5"
  for k in "${!PHASES[@]}"; do
    p=${PHASES[$k]}
    put "zones.phase${k}_$1" "$(awk -v p="$p" '$1 ~ /^[0-9.]+$/ && index(substr($0, index($0, $3)), p) == 1 {print $2}' "$W/phases" |
      sort -n | awk '{v[NR] = $1} END {if (NR) printf "%.2f", v[int((NR + 1) / 2)]}')" ms "phase: $p (median of 5)"
  done
}
one_cycle alone
# Every zone's platform helper unshares a mount namespace: a copy of the
# host's mount table, which holds every running zone's nsfs pins.
put zones.unshare_m_alone "$(median_ms unshare -m true)" ms "unshare -m true, no zone running"
sleep 5; meminfo z0
t=$(now)
fails=$(names sc | xargs -P "$PAR" -n 1 sh -c \
  'busctl call --timeout=600 org.zones.Manager /org/zones/zone/$0 org.zones.Zone Boot s "" >/dev/null 2>>'"$LOG"' || echo "$0"' | wc -l)
put zones.boot_all "$(since "$t")" s "$fails failed"
put zones.running "$(zoneadm list -p | grep -c ':sc[0-9]*:running:')" ""
sleep 10; meminfo z1
zads=($(pgrep -x zoneadmd)); inits=()
for z in $(names sc); do p=$(cat /run/zones/$z/init.pid 2>/dev/null) && inits+=("$p"); done
put zones.zoneadmd_pss_per_zone "$(( $(pss_sum "${zads[@]}") / ${#zads[@]} ))" kB "${#zads[@]} zoneadmds"
put zones.init_pss_per_zone "$(( $(pss_sum "${inits[@]}") / ${#inits[@]} ))" kB "zinit"
read -r s u <<<"$(slab_delta z0 z1)"
put zones.slab_per_zone "$((s / N))" kB "SUnreclaim $((u / N)) kB"
zsd=$(systemctl show -p MainPID --value zones.service)
put zones.zonesd_rss "$(kb /proc/$zsd/status VmRSS)" kB "Pss $(pss_sum $zsd) kB"
put zones.list_cv "$(median_ms zoneadm list -cv)" ms "zoneadm list -cv, median of 20"
put zones.listzones "$(median_ms busctl call org.zones.Manager /org/zones org.zones.Manager ListZones)" ms "busctl ListZones"
put zones.list_one "$(median_ms zoneadm -z sc$((N / 2)) list -p)" ms "zoneadm -z Z list -p"
put zones.getusage "$(median_ms busctl call org.zones.Manager /org/zones/zone/sc$((N / 2)) org.zones.Zone.Resources GetUsage)" ms "one zone's GetUsage (zonestat's call)"
put zones.host_mounts "$(wc -l < /proc/self/mountinfo)" "" "lines of the host's mountinfo"
put zones.unshare_m_all "$(median_ms unshare -m true)" ms "unshare -m true, all zones running"
# What a zone's platform helper copies instead (RUN/.mnt, PROTOCOL.md).
if [ "$(stat -f -c %T /run/zones/.mnt 2>/dev/null)" = nsfs ]; then
  put zones.template_mounts "$(nsenter --mount=/run/zones/.mnt cat /proc/self/mountinfo | wc -l)" "" "lines of the template's mountinfo"
  put zones.unshare_m_template "$(median_ms nsenter --mount=/run/zones/.mnt unshare -m true)" ms "the copy of the template (nsenter into it, unshare -m)"
  put zones.unshare_m_host_nsenter "$(median_ms nsenter -t 1 -m unshare -m true)" ms "the same into the host's (nsenter -t 1 -m, unshare -m)"
else
  put zones.template_mounts "n/a" "" "no template (the host's / is not shared)"
fi
put zones.host_processes "$(ls -d /proc/[0-9]* | wc -l)" "" "every process of the host, the zones' included"
a=$(ticks "${zads[@]}"); b=$(ticks $zsd)
sleep 30
put zones.idle_ticks_zoneadmds "$(( $(ticks "${zads[@]}") - a ))" ticks "30 s idle, all zoneadmds"
put zones.idle_ticks_zonesd "$(( $(ticks $zsd) - b ))" ticks "30 s idle"
zoneadm -z sc1 halt >> "$LOG" 2>&1; sleep 1
cur=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
one_cycle with_others
put zones.holder_check_processes "$(journalctl -q -o cat --cursor="$cur" ZONE=sc1 |
  sed -n 's/.*halted (holder check: \([0-9]*\) processes looked at)$/\1/p' | sort -n | tail -1)" "" \
  "what halt's holder check looked at beside the others (zoneadmd's journal; the most of 5)"
zoneadm -z sc1 boot >> "$LOG" 2>&1
t=$(now)
fails=$(names sc | xargs -P "$PAR" -n 1 sh -c \
  'busctl call --timeout=600 org.zones.Manager /org/zones/zone/$0 org.zones.Zone Halt >/dev/null 2>>'"$LOG"' || echo "$0"' | wc -l)
put zones.halt_all "$(since "$t")" s "$fails failed"
sleep 5; meminfo z2
read -r s u <<<"$(slab_delta z0 z2)"
put zones.slab_left_after_halt "$s" kB "all zones, SUnreclaim $u kB"
names sc | xargs -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" uninstall -F' >> "$LOG" 2>&1
names sc | xargs -P 4 -n 1 sh -c 'zonecfg -z "$0" delete -F' >> "$LOG" 2>&1

# ----------------------------------------------------------------- LXC ----
# One shared busybox root for all (the zones share the host's /usr), no
# network (lxc.net.0.type = empty; lxc-net is not running in the test host),
# init a sleep: the nearest LXC has to a sparse zone running zinit.
if ! command -v lxc-start >/dev/null; then
  put lxc "n/a" "" "lxc is not installed (bench/deps.sh)"; exit 0
fi
mkdir -p "$ROOT"/{usr/bin,usr/lib,etc,proc,sys,dev,tmp,run,root}
ln -sfn usr/bin "$ROOT/bin"; ln -sfn usr/bin "$ROOT/sbin"; ln -sfn usr/lib "$ROOT/lib"
cp "$(readlink -f /bin/busybox)" "$ROOT/usr/bin/busybox"
for a in sh true sleep; do ln -sf busybox "$ROOT/usr/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOT/etc/passwd"
for c in $(names lc); do
  mkdir -p "$LXCP/$c"
  cat > "$LXCP/$c/config" <<EOF
lxc.uts.name = $c
lxc.rootfs.path = dir:$ROOT
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.log.level = ERROR
lxc.init.cmd = /bin/sleep 1000000
EOF
done
sleep 5; meminfo l0
t=$(now)
fails=$(names lc | xargs -P "$PAR" -n 1 sh -c 'lxc-start -P '"$LXCP"' -n "$0" -d 2>>'"$LOG"' || echo "$0"' | wc -l)
put lxc.boot_all "$(since "$t")" s "$fails failed (lxc-start -d)"
running=0
for c in $(names lc); do lxc-wait -P "$LXCP" -n "$c" -s RUNNING -t 5 >/dev/null 2>&1 && running=$((running + 1)); done
put lxc.running "$running" ""
sleep 10; meminfo l1
mons=($(pgrep -f "^\[lxc monitor\] $LXCP")); linits=()
for c in $(names lc); do p=$(lxc-info -P "$LXCP" -n "$c" -pH 2>/dev/null) && [ -n "$p" ] && linits+=("$p"); done
((${#mons[@]})) && put lxc.monitor_pss_per_container "$(( $(pss_sum "${mons[@]}") / ${#mons[@]} ))" kB "${#mons[@]} monitors"
((${#linits[@]})) && put lxc.init_pss_per_container "$(( $(pss_sum "${linits[@]}") / ${#linits[@]} ))" kB "busybox sleep"
read -r s u <<<"$(slab_delta l0 l1)"
put lxc.slab_per_container "$((s / N))" kB "SUnreclaim $((u / N)) kB"
put lxc.ls "$(median_ms lxc-ls -P "$LXCP")" ms "lxc-ls (names only)"
put lxc.ls_f "$(hyperfine -N --style none --runs 3 --export-json "$W/h.json" "lxc-ls -P $LXCP -f" >> "$LOG" 2>&1 &&
  python3 -c 'import json,statistics; print("%.1f" % (1000 * statistics.median(json.load(open("'"$W/h.json"'"))["results"][0]["times"])))')" ms "lxc-ls -f (state, PID per container; median of 3)"
a=$(ticks "${mons[@]}")
sleep 30
put lxc.idle_ticks_monitors "$(( $(ticks "${mons[@]}") - a ))" ticks "30 s idle, all monitors"
t=$(now)
fails=$(names lc | xargs -P "$PAR" -n 1 sh -c 'lxc-stop -P '"$LXCP"' -n "$0" -k 2>>'"$LOG"' || echo "$0"' | wc -l)
put lxc.halt_all "$(since "$t")" s "$fails failed (lxc-stop -k)"
sleep 5; meminfo l2
read -r s u <<<"$(slab_delta l0 l2)"
put lxc.slab_left_after_stop "$s" kB "SUnreclaim $u kB"
