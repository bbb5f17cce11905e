#!/usr/bin/env bash
# scale: many sparse zones on one host (issue 13). $SCALE_ZONES zones (200
# by default) are configured and installed, booted in parallel batches
# through the D-Bus service, listed, checked (all running, distinct IDs,
# one init each, zlogin into the first and the last), left idle to see
# that zonesd and the zoneadmds use no CPU (nothing polls), halted in
# parallel batches, and nothing of any of them may be left. No timed
# assertions: bench/scale.sh measures the times.
source "$(dirname "$0")/lib.sh"
N=${SCALE_ZONES:-200}
PAR=${SCALE_PARALLEL:-16}   # boots/halts in flight at once
names() { seq -f 'sc%g' 1 "$N"; }

cleanup() {
  # Only what is left: a zone that halted and was deleted costs nothing here.
  local zs
  zs=$(zoneadm list -c 2>/dev/null | grep -x 'sc[0-9]*')
  [ -n "$zs" ] || { rm -rf /zones; return; }
  xargs -r -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" halt' <<<"$zs" >/dev/null 2>&1
  xargs -r -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" uninstall -F' <<<"$zs" >/dev/null 2>&1
  xargs -r -P 4 -n 1 sh -c 'zonecfg -z "$0" delete -F' <<<"$zs" >/dev/null 2>&1
  rm -rf /zones
}
on_exit cleanup
if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  skip_rest "no real zoneadmd installed"
fi
plan 29

# ticks ZONESD ZONEADMD...: utime+stime (clock ticks) of these processes, summed.
ticks() { local p s=0; for p in "$@"; do s=$((s + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
zoneadmds() { pgrep -x zoneadmd; }
# The host's limits this run meets (the sysctls are the machine's, not the test host's).
echo "# zones: $N, parallel: $PAR, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# limits: user.max_user_namespaces=$(cat /proc/sys/user/max_user_namespaces)" \
  "fs.inotify.max_user_instances=$(cat /proc/sys/fs/inotify/max_user_instances)" \
  "kernel.pid_max=$(cat /proc/sys/kernel/pid_max) fs.mount-max=$(cat /proc/sys/fs/mount-max)"

# systemd watches each zone scope's Controller (zonesd) with a match rule
# of its own: dbus-daemon's default of 512 per connection would stop it at
# about 500 zones. org.zones.limits.conf raises it to 4096.
check "the system bus lets one connection hold 4000 match rules (org.zones.limits.conf)" python3 -c '
import dbus
b = dbus.SystemBus()
for i in range(4000): b.add_match_string("type=\x27signal\x27,arg0=\x27zones-scale-%d\x27" % i)'

t0=$SECONDS
failed=$(names | xargs -P 4 -n 1 sh -c 'zonecfg -z "$0" "create; set zonepath=/zones/$0" >/dev/null 2>&1 || echo "$0"')
check_eq "$N zones configured" "" "$failed"
check_eq "zoneadm list -c lists all $N" "$N" "$(zoneadm list -c | grep -cx 'sc[0-9]*')"
failed=$(names | xargs -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" install >/dev/null 2>&1 || echo "$0"')
check_eq "$N sparse zones installed" "" "$failed"
echo "# configured and installed in $((SECONDS - t0)) s"

# --- halt's holder check looks at the host's processes, not the zones' -----------------
# zoneadmd logs how many processes the check looked at; other zones'
# (their zoneadmd, init, console getty: three each) are not among them.
looked() {  # looked CURSOR: the count of sc1's last halt after CURSOR
  zone_logged "$1" sc1 's/.*halted (holder check: \([0-9]*\) processes looked at)$/\1/p'
}
cur=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
zoneadm -z sc1 boot >/dev/null 2>&1; zoneadm -z sc1 halt >/dev/null 2>&1
alone=$(looked "$cur")

# --- boot all, through the D-Bus service, PAR in flight ---------------------------------
t0=$SECONDS
failed=$(names | xargs -P "$PAR" -n 1 sh -c \
  'busctl call --timeout=300 org.zones.Manager /org/zones/zone/$0 org.zones.Zone Boot s "" >/dev/null 2>"/tmp/scale-boot-$0" || echo "$0"')
first=$(for z in $failed; do echo "$z: $(cat /tmp/scale-boot-$z)"; break; done)
rm -f /tmp/scale-boot-sc*
check_eq "every zone boots (Boot over D-Bus, $PAR at a time)" "" "$failed${first:+ ($first)}"
echo "# booted in $((SECONDS - t0)) s"

run zoneadm list -cv
check_eq "zoneadm list -cv: exit 0" 0 "$rc"
check_eq "zoneadm list -cv: all $N running" "$N" "$(awk '$2 ~ /^sc[0-9]+$/ && $3 == "running"' <<<"$out" | wc -l)"
ids=$(awk '$2 ~ /^sc[0-9]+$/ {print $1}' <<<"$out")
check_eq "$N distinct numeric zone IDs" "$N" "$(grep -xE '[0-9]+' <<<"$ids" | sort -u | wc -l)"
rows=$(busctl call --json=short org.zones.Manager /org/zones org.zones.Manager ListZones |
  python3 -c 'import json,sys; d=json.load(sys.stdin)["data"][0]; print(sum(1 for r in d if r[1].startswith("sc") and r[2]=="running"))')
check_eq "ListZones: $N running rows" "$N" "$rows"
dead=$(for z in $(names); do p=$(initpid $z); alive "$p" || echo "$z"; done)
check_eq "every zone has a live init" "" "$dead"
inits=$(for z in $(names); do initpid $z; done | sort -u | wc -l)
check_eq "... $N different ones" "$N" "$inits"
run zlogin sc1 zonename
check_eq "zlogin sc1 zonename" "0 sc1" "$rc $out"
run zlogin "sc$N" zonename
check_eq "zlogin sc$N zonename" "0 sc$N" "$rc $out"
run zonestat -o json 1 1
check_eq "zonestat -o json 1 1: exit 0" 0 "$rc"
check_eq "zonestat: a row for each zone" "$N" \
  "$(python3 -c 'import json,sys; print(sum(1 for z in json.loads(sys.argv[1])["zones"] if z["name"].startswith("sc")))' "$out" 2>&1)"

cur=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
zoneadm -z sc1 halt >/dev/null 2>&1
beside=$(looked "$cur")
echo "# holder check: $alone processes looked at alone, $beside beside $((N - 1)) running zones"
check "halt beside $((N - 1)) running zones: the holder check looks at no more processes than alone ($alone, $beside)" \
  test -n "$alone" -a -n "$beside" -a "${beside:-9999}" -le $((${alone:-0} + 10))
check "boot sc1 again" zoneadm -z sc1 boot

# --- idle: nothing polls ---------------------------------------------------------------
zsd=$(zonesd_pid)
mapfile -t zads < <(zoneadmds)
check_eq "one zoneadmd per zone" "$N" "${#zads[@]}"
sleep 5   # the boots' after-effects (journal, unit state) settle
a=$(ticks "${zads[@]}"); b=$(ticks $zsd)
sleep 20
a2=$(ticks "${zads[@]}"); b2=$(ticks $zsd)
echo "# idle 20 s: zoneadmds $((a2 - a)) ticks, zonesd $((b2 - b)) ticks"
# A tick is 10 ms: polling of any kind (even one wakeup a second per
# daemon) would add up to many over 20 s across $N daemons.
check "idle 20 s: all $N zoneadmds together use at most 1 tick of CPU" test $((a2 - a)) -le 1
check "idle 20 s: zonesd uses at most 1 tick of CPU" test $((b2 - b)) -le 1

# --- halt all ----------------------------------------------------------------------------
t0=$SECONDS
failed=$(names | xargs -P "$PAR" -n 1 sh -c \
  'busctl call --timeout=300 org.zones.Manager /org/zones/zone/$0 org.zones.Zone Halt >/dev/null 2>"/tmp/scale-halt-$0" || echo "$0"')
first=$(for z in $failed; do echo "$z: $(cat /tmp/scale-halt-$z)"; break; done)
rm -f /tmp/scale-halt-sc*
check_eq "every zone halts (Halt over D-Bus, $PAR at a time)" "" "$failed${first:+ ($first)}"
echo "# halted in $((SECONDS - t0)) s"
check_eq "all $N installed" "$N" "$(zoneadm list -cp | awk -F: '$2 ~ /^sc[0-9]+$/ && $3 == "installed"' | wc -l)"
wait_gone() { local i; for i in $(seq 1 100); do [ -z "$("$@")" ] && return 0; sleep 0.2; done; return 1; }
scopes() { systemctl list-units --all --plain --no-legend 'zone-sc*.scope' | awk '$3 == "active" || $4 == "running" {print $1}'; }
wait_gone scopes
check_eq "no zone scope is left" "" "$(scopes)"
check_eq "no zoneadmd is left" "" "$(zoneadmds)"
check_eq "no mount under /zones or /run/zones/sc* is left" "" \
  "$(mounts_under /zones; awk 'index($5, "/run/zones/sc") == 1 {print $5}' /proc/self/mountinfo)"
check_eq "no pinned namespace is left" "" "$(find /run/zones -path '*/ns/*' 2>/dev/null)"
check_eq "no cgroup of a zone is left in any hierarchy" "" \
  "$(find /sys/fs/cgroup -maxdepth 4 -type d -name 'zone-sc*.scope' 2>/dev/null)"

failed=$(names | xargs -P "$PAR" -n 1 sh -c 'zoneadm -z "$0" uninstall -F >/dev/null 2>&1 || echo "$0"')
check_eq "all uninstalled" "" "$failed"
failed=$(names | xargs -P 4 -n 1 sh -c 'zonecfg -z "$0" delete -F >/dev/null 2>&1 || echo "$0"')
check_eq "all deleted" "" "$failed"
