#!/usr/bin/env bash
# zps, zpgrep, zpkill (illumos ps -Z/-z, pgrep -z, pkill -z): two running
# zones and the host each run a look-alike "sleep 1001"; each tool sees and
# acts on the zone it is given only. The zone of a process comes from its
# cgroup (zone-NAME.scope/payload), checked here against the scope's own
# cgroup.procs.
source "$(dirname "$0")/lib.sh"
ZONES=(zpa zpb)
host_sleep=""
cleanup() {
  [ -n "$host_sleep" ] && kill "$host_sleep" 2>/dev/null && wait "$host_sleep" 2>/dev/null
  remove_zones "${ZONES[@]}"
  rm -rf /zones
}
on_exit cleanup
need_zoneadmd
plan 36

payload_pids() {   # every PID in zone $1's payload cgroup (any hierarchy)
  local d
  for d in $(cg_dirs "/zones.slice/zone-$1.scope/payload"); do
    find "$d" \( -name cgroup.procs -o -name tasks \) -exec cat {} + 2>/dev/null
  done | sort -un
}
sleeper_in() {   # the PID of "sleep 1001" in zone $1's payload
  local p
  for p in $(payload_pids "$1"); do
    [ "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" = "sleep 1001 " ] && echo "$p"
  done
}

for z in "${ZONES[@]}"; do
  zonecfg -z $z "create; set zonepath=/zones/$z" >/dev/null
  zoneadm -z $z install >/dev/null
  mkdir -p /zones/$z/root/etc/rc.d
  printf '#!/bin/sh\n[ "$1" = start ] || exit 0\nsleep 1001 >/dev/null 2>&1 &\n' >/zones/$z/root/etc/rc.d/S10sleep
  chmod 0755 /zones/$z/root/etc/rc.d/S10sleep
  check "boot $z" zoneadm -z $z boot
done
sleep 1001 & host_sleep=$!
wait_for 60 test -n "$(sleeper_in zpa)" && wait_for 60 test -n "$(sleeper_in zpb)"
a=$(sleeper_in zpa) b=$(sleeper_in zpb)
check "zpa runs sleep 1001 (pid ${a:-none})" test -n "$a"
check "zpb runs sleep 1001 (pid ${b:-none})" test -n "$b"

# --- zps -------------------------------------------------------------------
run zps -ef
check_eq "zps -ef exits 0" 0 "$rc"
check_match "zps -ef: a ZONE column in front of ps -ef's" '^ +ZONE UID +PID +PPID' "$(head -1 <<<"$out")"
check_match "zps -ef: zpa's sleep is in zpa" "^ +zpa [^ ]+ +$a .*sleep 1001\$" "$out"
check_match "zps -ef: zpb's sleep is in zpb" "^ +zpb [^ ]+ +$b .*sleep 1001\$" "$out"
check_match "zps -ef: the host's sleep is global" "^ +global root +$host_sleep .*sleep 1001\$" "$out"
zadm=$(cat /run/zones/zpa/zoneadmd.pid)
check_match "zps -ef: zoneadmd (in the scope's supervisor/) is global, as on illumos" "^ +global root +$zadm " "$out"
run zps -z zpa -o pid=,args=
check_eq "zps -z zpa -o pid=,args=: exactly zpa's processes (its payload cgroup)" \
  "$(payload_pids zpa | tr '\n' ' ')" "$(awk '{print $2}' <<<"$out" | sort -n | tr '\n' ' ')"
check_eq "zps -z zpa: one sleep 1001, zpa's" "zpa $a" "$(grep 'sleep 1001' <<<"$out" | awk '{print $1, $2}')"
run zps -z zpa,zpb -o comm= -o args=
check_eq "zps -z zpa,zpb: both zones' sleeps, not the host's" "zpa
zpb" "$(grep 'sleep 1001' <<<"$out" | awk '{print $1}' | sort)"
run zps -z global -f
check_eq "zps -z global: only the host's sleep 1001" "$host_sleep" "$(grep 'sleep 1001' <<<"$out" | awk '{print $3}')"
run zps -z zpa -p "$a,$b,$host_sleep" -o pid,comm --no-headers
check_match "zps -z with ps's own selection (-p) and no header: zpa's of them" "^ +zpa +$a sleep\$" "$out"
check_eq "... that row alone: no header, no other zone's, not the host's" 1 "$(wc -l <<<"$out")"
run zps -z nosuch -ef
check_eq "zps -z nosuch: exit 1" 1 "$rc"
check_eq "zps -z nosuch: illumos' one line" "zps: invalid zone name -- nosuch" "$err"
run zps -e --bogus
check_match "zps: ps's own errors pass through with its status" 'error' "$err$rc"

# --- zpgrep ----------------------------------------------------------------
run zpgrep -z zpa -x sleep
check_eq "zpgrep -z zpa -x sleep: zpa's sleep only" "$a" "$out"
run zpgrep -z zpb -f 'sleep 1001'
check_eq "zpgrep -z zpb -f: zpb's only" "$b" "$out"
run zpgrep -z zpa,zpb -f 'sleep 1001'
check_eq "zpgrep -z zpa,zpb: both zones'" "$(printf '%s\n' "$a" "$b" | sort -n)" "$(sort -n <<<"$out")"
run zpgrep -z global -f '^sleep 1001'
check_eq "zpgrep -z global: the host's only" "$host_sleep" "$out"
run zpgrep -lz zpa sleep
check_eq "zpgrep -lz zpa (clustered): pgrep's -l kept" "$a sleep" "$out"
run zpgrep -z zpa no-such-process-name
check_eq "zpgrep -z zpa with no match: exit 1, as pgrep" 1 "$rc"
run zpgrep -z nosuch sleep
check_eq "zpgrep -z nosuch: exit 2 (illumos pgrep)" 2 "$rc"
check_eq "zpgrep -z nosuch: illumos' one line" "zpgrep: invalid zone name -- nosuch" "$err"

# --- zpkill ----------------------------------------------------------------
check "zpkill -z zpa -f 'sleep 1001'" zpkill -z zpa -f 'sleep 1001'
wait_for 20 test ! -e "/proc/$a"
check "zpa's sleep is gone" test ! -e "/proc/$a"
check "zpb's sleep lives" kill -0 "$b"
check "the host's sleep lives" kill -0 "$host_sleep"
check "zpkill -KILL -z zpb sleep" zpkill -KILL -z zpb -x sleep
wait_for 20 test ! -e "/proc/$b"
check "zpb's sleep is gone" test ! -e "/proc/$b"
check "the host's sleep still lives" kill -0 "$host_sleep"
check_eq "the zones still run (zpkill touched no zoneadmd, no init)" "running running" "$(state zpa) $(state zpb)"

zoneadm -z zpb halt >/dev/null
run zpgrep -z zpb sleep
check_eq "a halted zone is no zone to pgrep -z (illumos zone_get_id): exit 2" 2 "$rc"
