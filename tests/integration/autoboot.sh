#!/usr/bin/env bash
# Ordered, bounded autoboot: 50 autoboot zones with boot priorities, a
# boot-after chain (a <- b <- c, c's priority inherited by a and b), a zone
# that fails to boot and one that boots after it, and a zone whose init
# hangs at shutdown. zones.target is started, stopped and started again (a
# host restart); the order, the overlap and the bounds are read back from
# the structured journal entries of `zoneadm boot -a` / `shutdown -a`.
source "$(dirname "$0")/lib.sh"

jobs=3          # ZONES_BOOT_OPTIONS: not the default (4 here), to show it is read
bound=20        # ZONES_STOP_OPTIONS -t: seconds for the shutdown of all zones
fillers=44

# name -> configured priority; the chain and the stuck zone by hand.
declare -A prio=([a]=10 [b]=10 [c]=30 [bad]=10 [needbad]=0 [stuck]=40)
for ((i = 1; i <= fillers; i++)); do prio[$(printf p%02d $i)]=$(((i % 4) * 10)); done
zones=("${!prio[@]}")

wait_for() {
  local n=$(($1 * 10)); shift
  for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
cursor() { journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p'; }
cleanup() {
  systemctl stop zones.target >/dev/null 2>&1
  wait_for 120 sh -c '[ "$(systemctl is-active zones-halt.service)" != active ]'
  for z in "${zones[@]}" x tmp; do
    zoneadm -z "$z" halt >/dev/null 2>&1
    zoneadm -z "$z" uninstall -F >/dev/null 2>&1
    zonecfg -z "$z" delete -F >/dev/null 2>&1
  done
  systemctl reset-failed >/dev/null 2>&1
  systemctl disable zones.target >/dev/null 2>&1
  rm -rf /zones /etc/default/zones
}
on_exit cleanup
plan 56

# attr lines for a zone's configuration.
attrs() {
  local z=$1 s="add attr; set name=boot-priority; set type=int; set value=${prio[$1]}; end"
  case $z in
    b) s+="; add attr; set name=boot-after; set type=string; set value=a; end" ;;
    c) s+="; add attr; set name=boot-after; set type=string; set value=b; end" ;;
    needbad) s+="; add attr; set name=boot-after; set type=string; set value=bad; end" ;;
  esac
  echo "$s"
}
# In dependency order: verify refuses a dependency on a zone not configured.
made=0
for z in a b c bad needbad stuck $(printf 'p%02d ' $(seq 1 $fillers)); do
  zonecfg -z "$z" "create; set zonepath=/zones/$z; set autoboot=true; $(attrs "$z")" >/dev/null &&
    { [ "$z" = bad ] || zoneadm -z "$z" install >/dev/null; } && made=$((made + 1))
done
check_eq "50 autoboot zones configured, 49 installed (bad is not)" 50 "$made"

# The stuck zone's init hangs at shutdown (zinit runs K* stop to the end).
r=/zones/stuck/root
mkdir -p $r/etc/rc.d
printf '%s\n' '#!/bin/sh' '[ "$1" = stop ] && exec sleep 600' 'exit 0' > $r/etc/rc.d/K01hang
chmod 755 $r/etc/rc.d/K01hang
chown -R "$(stat -c %u:%g $r/etc)" $r/etc/rc.d

# --- verify ------------------------------------------------------------------------------
run zonecfg -z a 'add attr; set name=boot-after; set type=string; set value=c; end'
check_eq "a cycle does not commit" 1 "$rc"
check_match "one line names the cycle" "^attr boot-after: dependency cycle: a -> c -> b -> a$" "$out$err"
run zonecfg -z x 'create; set zonepath=/zones/x; add attr; set name=boot-after; set type=string; set value=nope; end'
check_eq "a dependency on an unknown zone does not commit" 1 "$rc"
check_match "one line names it" "^attr boot-after: zone 'nope' is not configured$" "$out$err"
run zonecfg -z x 'create; set zonepath=/zones/x; add attr; set name=boot-priority; set type=string; set value=high; end'
check_match "boot-priority must be an int" "^attr boot-priority: type must be int$" "$out$err"
run zonecfg -z x 'create; set zonepath=/zones/x; add attr; set name=boot-after; set type=string; set value=x; end'
check_match "a zone cannot boot after itself" "^attr boot-after: a zone cannot boot after itself$" "$out$err"
zonecfg -z tmp 'create; set zonepath=/zones/tmp' >/dev/null
zonecfg -z x 'create; set zonepath=/zones/x; add attr; set name=boot-after; set type=string; set value=tmp; end' >/dev/null
zonecfg -z tmp delete -F >/dev/null
run zoneadm -z x verify
check_eq "zoneadm verify of a zone whose dependency was deleted fails" 1 "$rc"
check_match "naming it" "zone 'x': attr boot-after: zone 'tmp' is not configured" "$err"
zonecfg -z x delete -F >/dev/null
check "zoneadm verify of c (chain, priorities)" zoneadm -z c verify
run zoneadm -z b boot
check_eq "b does not boot while a is not running" 1 "$rc"
check_eq "and says why" "zoneadm: zone 'b': cannot boot: it boots after zone 'a' (boot-after), which is installed" "$err"

# --- the journal, read back ---------------------------------------------------------------
# analyse RUN CURSOR: key=value lines about the run's entries from CURSOR on.
analyse() {
  local spec=""
  for z in "${zones[@]}"; do spec+="$z=${prio[$z]} "; done
  # --cursor, not --after-cursor: journalctl 252 with a match skips the
  # first matching entry after the cursor.
  journalctl --cursor="$2" -o json ZONES_RUN="$1" |
    python3 -c '
import json, sys
run, spec = sys.argv[1], dict(kv.split("=") for kv in sys.argv[2].split())
conf = {z: int(p) for z, p in spec.items()}
# Effective priorities: a zone is as urgent as anything that boots after it.
after = {"b": "a", "c": "b", "needbad": "bad"}
eff = dict(conf)
for _ in range(3):
    for z, d in after.items():
        eff[d] = max(eff[d], eff[z])
# journalctl gives the entries of one journal in the order they were written.
ev = [json.loads(l) for l in sys.stdin]
in_run = {e["ZONE"] for e in ev}
inflight = peak = bad_order = 0
ended, when, msg, by_event = set(), {}, {}, {}
for e in ev:
    z, k = e["ZONE"], e["ZONES_EVENT"]
    by_event.setdefault(k, []).append(z)
    msg[z, k] = e["MESSAGE"]
    when[z, k] = len(when)
    if k == "start":
        inflight += 1
        peak = max(peak, inflight)
        # Booting: every zone of the run with a higher priority has
        # finished (booted, failed or skipped); stopping: of a lower one.
        bad_order += sum(1 for o in in_run - ended - {z}
                         if (eff[o] > eff[z] if run == "boot" else eff[o] < eff[z]))
    else:
        if k != "skipped":
            inflight -= 1
        ended.add(z)
def before(x, kx, y, ky):
    return (x, kx) in when and (y, ky) in when and when[x, kx] <= when[y, ky]
chain = ("a", "b", "c") if run == "boot" else ("c", "b", "a")
print("starts=%d" % len(by_event.get("start", [])))
print("dones=%d" % len(by_event.get("done", [])))
print("failed=%s" % ",".join(sorted(by_event.get("failed", []))))
print("skipped=%s" % ",".join(sorted(by_event.get("skipped", []))))
print("peak=%d" % peak)
print("reported_peak=%d" % max([int(e["ZONES_IN_FLIGHT"]) for e in ev] + [0]))
print("jobs=%s" % (ev[0]["ZONES_JOBS"] if ev else ""))
print("order_violations=%d" % bad_order)
print("chain=%s" % ("ok" if before(chain[0], "done", chain[1], "start") and before(chain[1], "done", chain[2], "start") else "broken"))
print("prio_a=%s" % next((e["ZONES_PRIORITY"] for e in ev if e["ZONE"] == "a"), ""))
print("skip_line=%s" % msg.get(("needbad", "skipped"), ""))
print("fail_line=%s" % msg.get(("bad", "failed"), ""))
print("stuck_line=%s" % msg.get(("stuck", "done"), ""))
print("stuck_last=%s" % ("yes" if ev and ev[-1]["ZONE"] == "stuck" else "no"))
times = [int(e["__REALTIME_TIMESTAMP"]) for e in ev]
print("span=%d" % ((max(times) - min(times)) // 1000000 if times else -1))
' "$1" "$spec"
}
val() { sed -n "s/^$1=//p" <<<"$A"; }

# check_boot_run WHAT CURSOR: the checks of one ordered boot of the 50 zones.
check_boot_run() {
  A=$(analyse boot "$2")
  check_eq "$1: 49 boots started (48 and bad)" 49 "$(val starts)"
  check_eq "$1: 48 zones booted" 48 "$(val dones)"
  check_eq "$1: bad failed to boot" bad "$(val failed)"
  check_match "$1: with the service's reason" "^zone 'bad': boot failed: must be installed before boot" "$(val fail_line)"
  check_eq "$1: needbad was not booted" needbad "$(val skipped)"
  check_eq "$1: with a line naming its dependency" \
    "zone 'needbad': not booted: it boots after zone 'bad', which failed to boot" "$(val skip_line)"
  check_eq "$1: never more than $jobs boots in flight" "$jobs" \
    "$(( $(val peak) <= jobs && $(val reported_peak) <= jobs ? jobs : $(val peak) ))"
  check "$1: boots overlapped (at least 2 in flight)" test "$(val peak)" -ge 2
  check_eq "$1: the run used ZONES_BOOT_OPTIONS' -j" "$jobs" "$(val jobs)"
  check_eq "$1: no zone started before every zone of a higher priority had finished" 0 "$(val order_violations)"
  check_eq "$1: a, then b, then c, each once the one before runs" ok "$(val chain)"
  check_eq "$1: a inherits c's priority" 30 "$(val prio_a)"
}

printf '%s\n' "ZONES_BOOT_OPTIONS=\"-j $jobs\"" "ZONES_STOP_OPTIONS=\"-t $bound\"" > /etc/default/zones

# --- host start -----------------------------------------------------------------------------
c0=$(cursor)
check "systemctl start zones.target" timeout 900 systemctl start zones.target
check_eq "48 zones run" 48 "$(zoneadm list | grep -vcx global)"
check_boot_run "first boot" "$c0"
check_eq "zone@a is active" active "$(systemctl is-active zone@a)"
check_eq "zone@bad is failed" failed "$(systemctl is-active zone@bad)"
run journalctl --no-pager -o cat -u zone@needbad.service
check_match "zone@needbad's journal names the dependency" "cannot boot: it boots after zone 'bad'" "$out"

# --- host restart: stop -------------------------------------------------------------------
c1=$(cursor)
start=$(date +%s)
check "systemctl stop zones.target" timeout 600 systemctl stop zones.target
wait_for 300 sh -c '[ "$(systemctl is-active zones-halt.service)" = inactive ]'
took=$(( $(date +%s) - start ))
check_eq "every zone is down" 0 "$(zoneadm list | grep -vcx global)"
A=$(analyse shutdown "$c1")
check_eq "48 shutdowns started" 48 "$(val starts)"
check_eq "and all ended" 48 "$(val dones)"
check_eq "no zone stopped before every zone of a lower priority was down" 0 "$(val order_violations)"
check_eq "c, then b, then a" ok "$(val chain)"
check_eq "the stuck zone (highest priority) went last" yes "$(val stuck_last)"
check_match "it was halted when the time ran out" "init did not finish within [0-9]+ seconds: the zone was halted" "$(val stuck_line)"
check "the shutdown of all zones kept to the bound ($bound s, journal span $(val span) s)" \
  test "$(val span)" -le $((bound + 30))
check "zones-halt.service stopped well before zonesd's own 90 s per zone ($took s)" test "$took" -lt 90
# zone@a stops after zones-halt.service (it is ordered before it): wait.
wait_for 60 sh -c '[ "$(systemctl is-active zone@a)" = inactive ]'
check_eq "zone@a is inactive" inactive "$(systemctl is-active zone@a)"

# --- host restart: start again -------------------------------------------------------------
systemctl reset-failed >/dev/null 2>&1
c2=$(cursor)
check "systemctl start zones.target again" timeout 900 systemctl start zones.target
check_eq "48 zones run again" 48 "$(zoneadm list | grep -vcx global)"
check_boot_run "after the restart" "$c2"
run zoneadm boot -a
check_eq "zoneadm boot -a by hand: bad still fails, exit 1" 1 "$rc"
check_eq "and says so on stderr, a line per zone and a count" \
  "zoneadm: zone 'bad': must be installed before boot.
zoneadm: zone 'needbad': not booted: it boots after zone 'bad', which failed to boot
zoneadm: 2 of 2 zones did not boot" "$err"
