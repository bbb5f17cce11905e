#!/usr/bin/env bash
# A halt that cannot finish leaves the zone `down` and says what holds it;
# a second halt finishes the job. SIGKILL of zoneadmd before "go" (--prepare),
# during ready, boot and halt, and of zonesd during halt, at points zoneadmd stops at on request
# (ZONES_TEST_PAUSE, PROTOCOL.md): the state shown is true afterwards, the
# zone recovers or is cleaned up, and nothing is left. Needs the real zoneadmd.
source "$(dirname "$0")/lib.sh"
mine=()   # PIDs of processes this script started
PAUSE=/run/zones-test-pause
FREEZER=""

cleanup() {
  local p
  [ -n "$FREEZER" ] && { echo THAWED >"$FREEZER/freezer.state"; }
  for p in "${mine[@]}"; do kill -9 "$p" 2>/dev/null; done
  for p in /run/zones/*/zoneadmd.pid; do kill -CONT "$(cat "$p" 2>/dev/null)" 2>/dev/null; done
  rm -f "$PAUSE"
  zoneadm -z web halt >/dev/null 2>&1; zoneadm -z web halt >/dev/null 2>&1
  zoneadm -z web uninstall -F >/dev/null 2>&1
  zonecfg -z web delete -F >/dev/null 2>&1
  [ -n "$FREEZER" ] && rmdir "$FREEZER"
  rm -rf /zones
}
on_exit cleanup

if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  skip_rest "no real zoneadmd installed"
fi
plan 196

# zonesd hands its environment to every zoneadmd it starts.
systemctl set-environment ZONES_TEST_PAUSE=$PAUSE
systemctl restart zones.service

zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
check "install web" zoneadm -z web install

zadm() { cat /run/zones/web/zoneadmd.pid 2>/dev/null; }
stopped() { [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ]; }
# Until zoneadmd stopped itself at step $1 (it writes RUN/web/paused first).
wait_paused() {
  local i p
  for i in $(seq 1 300); do
    p=$(zadm)
    if [ "$(cat /run/zones/web/paused 2>/dev/null)" = "$1" ] && stopped "$p"; then return 0; fi
    sleep 0.05
  done
  return 1
}
# The zone's state once no transition is under way (recovery runs in zonesd).
settled() {
  local s i
  for i in $(seq 1 100); do
    s=$(state web 2>/dev/null)
    case $s in installed|ready|running|down) echo "$s"; return ;; esac
    sleep 0.1
  done
  echo "$s"
}
# A zoneadmd other than $1 that answers for web (restarted by zonesd).
new_zoneadmd() {
  local i p
  for i in $(seq 1 100); do
    p=$(zadm)
    if [ -n "$p" ] && [ "$p" != "$1" ] && alive "$p" && [ -S /run/zones/web/zoneadmd.sock ] &&
       [ -n "$(state web)" ]; then echo "$p"; return; fi
    sleep 0.1
  done
}

# --- 1. a halt that cannot finish: a process outside the zone holds it -------------
check "boot web" zoneadm -z web boot
wi=$(initpid web); nsw=$(zone_nss web)
# An operator's shell that entered the zone's mount namespace (nsenter),
# as a global-zone process with its cwd in a zone's file system on illumos.
hold_mnt "$wi"; mine+=("$holder")
run zoneadm -z web halt
check_eq "halt while a process holds the zone's mount namespace exits 1" 1 "$rc"
check_eq "with one line naming the holder" \
  "zoneadm: zone 'web': unable to halt: process $holder (sleep) holds the zone's mount namespace" "$err"
check_eq "the zone is down" down "$(state web)"
run zoneadm list -v
check_match "list -v shows it down with its ID" "^ +[1-9][0-9]* +web +down " "$out"
check_eq "the State property says down" 's "down"' \
  "$(busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone State)"
check "the zone's processes were killed (init is gone)" test ! -d "/proc/$wi"
check_eq "zone-web.scope stays (zoneadmd holds the platform)" active "$(systemctl is-active zone-web.scope)"
check "the holder was not touched" alive "$holder"
check_match "the platform is still pinned" 'mnt' "$(pin_nss web)"
old=$(zonesd_pid)
check "restart zones.service while the zone is down" systemctl restart zones.service
check "zonesd is a new process" test "$(zonesd_pid)" != "$old"
check_eq "the new zonesd finds the zone down" down "$(state web)"
run zoneadm -z web boot
check_eq "boot of a down zone is refused" \
  "1 zoneadm: zone 'web': boot operation is invalid for zones in state 'down'" "$rc $err"
run zoneadm -z web halt
check_eq "a second halt while it is still held fails the same way" \
  "1 zoneadm: zone 'web': unable to halt: process $holder (sleep) holds the zone's mount namespace" "$rc $err"
kill "$holder"; wait "$holder" 2>/dev/null
check "with the holder gone, halt finishes the job" zoneadm -z web halt
check_eq "the zone is installed" installed "$(state web)"
check_nothing_left web "$nsw" "down, then halted"

# A graceful shutdown ends in the same halt, and says the same.
check "boot web" zoneadm -z web boot
wi=$(initpid web)
hold_mnt "$wi"; mine+=("$holder")
run zoneadm -z web shutdown
check_eq "shutdown while the zone is held exits 1, naming the holder" \
  "1 zoneadm: zone 'web': unable to halt: process $holder (sleep) holds the zone's mount namespace" "$rc $err"
check_eq "the zone is down" down "$(state web)"
kill "$holder"; wait "$holder" 2>/dev/null
check "halt finishes the job" zoneadm -z web halt
check_eq "installed" installed "$(state web)"

# A process in none of the zone's namespaces that has one of them open (an
# nsfs fd) holds it as well.
check "boot web" zoneadm -z web boot
wi=$(initpid web)
bash -c 'exec 3<"/proc/$1/ns/net"; exec sleep 4714' _ "$wi" & holder=$!; mine+=("$holder")
for i in $(seq 1 100); do [ "$(cat /proc/$holder/comm 2>/dev/null)" = sleep ] && break; sleep 0.05; done
run zoneadm -z web halt
check_eq "halt while a process has the zone's network namespace open fails, naming it" \
  "1 zoneadm: zone 'web': unable to halt: process $holder (sleep) holds the zone's network namespace" "$rc $err"
kill "$holder"; wait "$holder" 2>/dev/null
check "with the fd closed, halt finishes the job" zoneadm -z web halt

# A holder that leaves as the zone dies (the nsenter parent of a zone process
# the kill reaches) is waited for, not reported: the halt finishes.
check "boot web" zoneadm -z web boot
wi=$(initpid web); nsw=$(zone_nss web)
nsenter -t "$wi" -a sleep 4713 & holder=$!; mine+=("$holder")
for i in $(seq 1 100); do
  [ "$(readlink /proc/$holder/ns/mnt)" = "$(readlink /proc/$wi/ns/mnt)" ] &&
    pgrep -P "$holder" -x sleep >/dev/null && break
  sleep 0.05
done
# A second holder that lets go 300 ms after the halt began.
( exec 3</proc/$wi/ns/net; sleep 0.3 ) & late=$!; mine+=("$late")
check "halt with an nsenter'd process and a holder leaving in 300 ms finishes" zoneadm -z web halt
check_eq "the zone is installed" installed "$(state web)"
gone() { [ ! -d "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
for i in $(seq 1 40); do gone "$holder" && break; sleep 0.05; done
check "the nsenter parent went with its child" gone "$holder"
check_nothing_left web "$nsw" "halt with leaving holders"
gone "$holder" && wait "$holder" 2>/dev/null; wait "$late" 2>/dev/null

# --- 2. a halt that cannot finish: a zone process that cannot die -----------------
# The v1 freezer (outside the zone's scope) keeps a SIGKILLed task frozen.
fz=$(awk '$9 == "cgroup" && $NF ~ /(^|,)freezer(,|$)/ {print $5; exit}' /proc/self/mountinfo)
if [ -n "$fz" ] && mkdir "$fz/zones-robustness" 2>/dev/null; then
  FREEZER=$fz/zones-robustness
  check "boot web" zoneadm -z web boot
  wi=$(initpid web); nsw=$(zone_nss web)
  echo "$wi" >"$FREEZER/cgroup.procs"
  echo FROZEN >"$FREEZER/freezer.state"
  for i in $(seq 1 100); do [ "$(cat "$FREEZER/freezer.state")" = FROZEN ] && break; sleep 0.05; done
  check_eq "the zone's init is frozen" FROZEN "$(cat "$FREEZER/freezer.state")"
  comm=$(cat /proc/$wi/comm)
  zoneadm -z web halt >"$WORK/halt.out" 2>&1 & hp=$!
  seen=""
  while alive "$hp"; do
    s=$(state web); case " $seen " in *" $s "*) ;; *) seen+="$s " ;; esac
    sleep 0.02
  done
  wait "$hp"; hrc=$?
  check_match "shutting_down is visible while zoneadmd kills the zone ($seen)" 'shutting_down' "$seen"
  check_eq "the halt exits 1" 1 "$hrc"
  check_eq "naming the process that cannot be killed" \
    "zoneadm: zone 'web': unable to halt: process $wi ($comm) in the zone cannot be killed" "$(cat "$WORK/halt.out")"
  check_eq "the zone is down" down "$(state web)"
  check "its init is still there (frozen)" alive "$wi"
  echo THAWED >"$FREEZER/freezer.state"
  check "thawed, a second halt finishes the job" zoneadm -z web halt
  check_eq "installed" installed "$(state web)"
  check "init is gone" test ! -d "/proc/$wi"
  check_nothing_left web "$nsw" "frozen, thawed, halted"
  rmdir "$FREEZER" && FREEZER=""
else
  for i in $(seq 1 18); do skip "a frozen zone process: halt fails, a second halt finishes ($i)" "no writable v1 freezer hierarchy"; done
fi

# --- 3a. SIGKILL of zoneadmd before "go": zoneadmd --prepare made the zone's user
# namespace while zonesd still waited for the scope --------------------------------
# (zoneadmd.pid is written only after "go": find the paused one by its arguments)
# The ready started in the background ($bg, its output in $WORK/out)
# failed in one line matching $1 and left the zone installed with nothing
# behind ($2: what happened to it).
ready_failed() {
  wait "$bg"; brc=$?
  check "$2: the ready reports a failure" test "$brc" -ne 0
  check_eq "$2: in one line" 1 "$(grep -c . "$WORK/out")"
  check_match "$2: naming the zone and the cause" "$1" "$(cat "$WORK/out")"
  check_eq "$2: what was prepared is cleaned up: installed" installed "$(settled web)"
  check_nothing_left web "" "$2"
}
prepared() {
  local i p
  for i in $(seq 1 300); do
    p=$(pgrep -f "zoneadmd -z web --prepare" | head -1)
    if [ "$(cat /run/zones/web/paused 2>/dev/null)" = prepare ] && [ -n "$p" ] && stopped "$p"; then
      echo "$p"; return 0
    fi
    sleep 0.05
  done
  return 1
}
echo prepare >$PAUSE
zoneadm -z web ready >"$WORK/out" 2>&1 & bg=$!
zp=$(prepared)
check "zoneadmd --prepare stopped before go" test -n "$zp"
# The user namespace is made before go and held by zoneadmd alone (pinned
# with the others at the end of ready): its death leaves nothing behind.
check "with the zone's user namespace made, held by zoneadmd, not yet pinned" \
  test -n "$(for f in /proc/$zp/fd/*; do readlink "$f"; done | grep -v "^$(readlink /proc/self/ns/user)\$" | grep '^user:\[')" -a ! -e /run/zones/web/ns/user
[ -n "$zp" ] && kill -9 "$zp"
ready_failed "^zoneadm: zone 'web': zoneadmd (did not start: killed by signal 9|died during ready)" "zoneadmd killed before go"

# --- 3b. The maker of the zone's namespaces dies before it made them: the
# process that made the user namespace at --prepare is kept to make the UTS,
# net and cgroup namespaces from payload/ (namespaces.hpp, NsMaker) --------------
echo prepare >$PAUSE
zoneadm -z web ready >"$WORK/out" 2>&1 & bg=$!
zp=$(prepared)
check "zoneadmd --prepare stopped before go, for the maker" test -n "$zp"
mk=""
for c in $(pgrep -P "$zp"); do
  [ "$(readlink /proc/$c/ns/user 2>/dev/null)" != "$(readlink /proc/self/ns/user)" ] && mk=$c
done
check "the maker waits: zoneadmd's child, in the zone's user namespace" test -n "$mk"
check_eq "only one such child" 1 "$(for c in $(pgrep -P "$zp"); do readlink /proc/$c/ns/user; done | grep -vc "^$(readlink /proc/self/ns/user)\$")"
[ -n "$mk" ] && kill -9 "$mk"
[ -n "$zp" ] && kill -CONT "$zp"
ready_failed "^zoneadm: zone 'web': platform: namespaces in the zone's user namespace" "the namespaces' maker killed"
check "a following ready works" zoneadm -z web ready
check "and its halt" zoneadm -z web halt

# zonesd and that zoneadmd both killed: the new zonesd finds the zone's
# run directory with no zoneadmd (and no scope, once systemd dropped the
# emptied one) when it starts, and clears it itself, before any further
# zoneadm call.
echo prepare >$PAUSE
zoneadm -z web ready >"$WORK/out" 2>&1 & bg=$!
zp=$(prepared)
check "zoneadmd --prepare stopped before go, again" test -n "$zp"
zs=$(zonesd_pid)
[ -n "$zs" ] && kill -9 "$zs"
[ -n "$zp" ] && kill -9 "$zp"
wait "$bg"; brc=$?
check "the ready reports a failure" test "$brc" -ne 0
run zoneadm -z web list -p
check_eq "the restarted zonesd answers" "0 " "$rc $err"
check_eq "installed" installed "$(settled web)"
check_nothing_left web "" "zonesd and zoneadmd killed before go"

# --- 3. SIGKILL of zoneadmd while it builds the platform (ready) ---------------------
echo ready >$PAUSE
zoneadm -z web ready >"$WORK/out" 2>&1 & bg=$!
check "zoneadmd stopped with the namespaces pinned" wait_paused ready
zp=$(zadm); nss=$(pin_nss web)
check_match "the pins exist" 'mnt:.*net:' "$nss"
kill -9 "$zp"
wait "$bg"; brc=$?
check "the ready reports a failure" test "$brc" -ne 0
check_eq "in one line" 1 "$(grep -c . "$WORK/out")"
s=$(settled web)
check_eq "the half-built platform is cleaned up: installed" installed "$s"
check_nothing_left web "$nss" "zoneadmd killed during ready"
check "a following ready works" zoneadm -z web ready
check_eq "ready" ready "$(state web)"
nss=$(pin_nss web)

# --- 4. SIGKILL of the zoneadmd of a ready zone (its scope dies with it) ---------------
idr=$(zid web)
zp=$(zadm); kill -9 "$zp"
nz=$(new_zoneadmd "$zp")
check "zonesd restarts zoneadmd for the ready zone" test -n "$nz"
check_match "with --adopt" -- '--adopt' "$(tr '\0' ' ' </proc/$nz/cmdline 2>&1)"
check_match "in a zone-web.scope" 'zone-web\.scope' "$(cat /proc/$nz/cgroup 2>&1)"
check_eq "the zone is still ready" ready "$(settled web)"
check_eq "with the same ID" "$idr" "$(zid web)"
check_eq "and the same namespaces" "$nss" "$(pin_nss web)"
check "halt" zoneadm -z web halt
check_nothing_left web "$nss" "ready zone's zoneadmd killed, halted"

# --- 5. SIGKILL of zoneadmd after it started init, before it recorded it (boot) --------
echo boot >$PAUSE
zoneadm -z web boot >"$WORK/out" 2>&1 & bg=$!
check "zoneadmd stopped with init started" wait_paused boot
zp=$(zadm)
wi=$(pgrep -P "$zp" | head -1)
check "init runs" alive "$wi"
check "init.pid is not written yet" test ! -e /run/zones/web/init.pid
nsw=$(pid_nss "$wi")
kill -9 "$zp"
wait "$bg"; brc=$?
s=$(settled web)
check_eq "the zone is running: init lives, a new zoneadmd adopted it" running "$s"
check_eq "so the boot succeeds, saying what happened" \
  "0 zoneadm: zone 'web': zoneadmd died during boot; the zone is running" "$brc $(cat "$WORK/out")"
check_eq "init.pid names the same init" "$wi" "$(initpid web)"
nz=$(zadm)
check "the new zoneadmd is not the killed one" test -n "$nz" -a "$nz" != "$zp"
check_match "started with --adopt" -- '--adopt' "$(tr '\0' ' ' </proc/$nz/cmdline 2>&1)"
check_eq "zonename works inside" web "$(nsenter -t "$wi" -a /usr/bin/zonename 2>&1)"
check "halt" zoneadm -z web halt
check "init is gone" test ! -d "/proc/$wi"
check_nothing_left web "$nsw" "zoneadmd killed during boot, halted"

# --- 5b. zonesd gone while a fresh zoneadmd runs the boot that came with go ------------
# zoneadmd answers on the start socket (PROTOCOL.md), whose other end went
# with zonesd: a write there must not kill it (SIGPIPE), the zone boots.
echo boot >$PAUSE
zoneadm -z web boot >"$WORK/out" 2>&1 & bg=$!
check "zoneadmd stopped in a boot from installed" wait_paused boot
zp=$(zadm)
systemctl stop zones.service
kill -CONT "$zp"
for _ in $(seq 1 100); do [ -e /run/zones/web/init.pid ] && break; sleep 0.05; done
sleep 0.2
check "zoneadmd lives after answering a start socket nobody reads" alive "$zp"
wait "$bg"
systemctl start zones.service
check_eq "the zone runs" running "$(settled web)"
check_eq "with the same zoneadmd" "$zp" "$(zadm)"
check "halt" zoneadm -z web halt

# --- 6. SIGKILL of zoneadmd in the middle of halt ---------------------------------------
check "boot web" zoneadm -z web boot
wi=$(initpid web); nsw=$(zone_nss web)
echo halt >$PAUSE
zoneadm -z web halt >"$WORK/out" 2>&1 & bg=$!
check "zoneadmd stopped in halt (zone processes killed, nothing torn down)" wait_paused halt
zp=$(zadm)
check "init is already gone" test ! -d "/proc/$wi"
kill -9 "$zp"
wait "$bg"; hrc=$?
check_eq "the halt still succeeds (a new zoneadmd finishes it)" "0:" "$hrc:$(cat "$WORK/out")"
check_eq "installed" installed "$(settled web)"
check_nothing_left web "$nsw" "zoneadmd killed during halt"
check "a following boot works" zoneadm -z web boot
check "and halt" zoneadm -z web halt
check_eq "installed" installed "$(state web)"

# --- 7. SIGKILL of zonesd in the middle of halt -------------------------------------------
check "boot web" zoneadm -z web boot
wi=$(initpid web); nsw=$(zone_nss web)
echo halt >$PAUSE
zoneadm -z web halt >"$WORK/out" 2>&1 & bg=$!
check "zoneadmd stopped in halt" wait_paused halt
zp=$(zadm); old=$(zonesd_pid)
kill -9 "$old"
kill -CONT "$zp"
wait "$bg"; hrc=$?
check "the halt call fails with zonesd" test "$hrc" -ne 0
for i in $(seq 1 100); do alive "$zp" || break; sleep 0.05; done
check "zoneadmd finished the halt and exited" test ! -d "/proc/$zp"
check_eq "the new zonesd shows the zone installed" installed "$(settled web)"
check "zonesd is a new process" test "$(zonesd_pid)" != "$old"
check_nothing_left web "$nsw" "zonesd killed during halt"
check "a following boot works" zoneadm -z web boot
check_eq "running" running "$(state web)"
nsw=$(zone_nss web)
check "and halt" zoneadm -z web halt
check_nothing_left web "$nsw" "boot and halt after zonesd was killed"
