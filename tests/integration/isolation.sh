#!/usr/bin/env bash
# The two levels hold (architecture §1, §7): ready leaves no process of the
# zone; after boot a zone sees only itself; zonename; a killed zoneadmd or
# zonesd never kills or strands a zone; halt and a failed boot leave nothing;
# several zones boot in parallel. Needs the real zoneadmd (no fake).
# There is no zlogin yet: commands enter a zone with nsenter on its init.
source "$(dirname "$0")/lib.sh"
inz() { local z=$1; shift; nsenter -t "$(initpid "$z")" -a "$@"; }
fails() { ! "$@"; }
ZONES=(web db app bad)
mine=()   # PIDs of processes this script started

cleanup() {
  systemctl unset-environment ZONES_TEST_COMPAT 2>/dev/null
  local p
  for p in "${mine[@]}"; do kill -9 "$p" 2>/dev/null; done
  remove_zones "${ZONES[@]}"
  rm -rf /zones/*; umount /zones 2>/dev/null; rm -rf /zones
}
on_exit cleanup

need_zoneadmd
plan 223
# The zone paths on tmpfs, a local file system whose ctimes the id shift's
# stamp can trust (section 9), as ext4 or xfs on a real host; the test
# host's own root is an overlay, where every ready looks at every file.
mkdir -p /zones && mount -t tmpfs -o mode=0755 isolation-zones /zones

for z in web db app; do
  zonecfg -z $z "create; set zonepath=/zones/$z" >/dev/null
done
check "install web" zoneadm -z web install
check "install db" zoneadm -z db install
check "install app" zoneadm -z app install

# --- 1. ready: the platform and no process of the zone --------------------------
check "ready web" zoneadm -z web ready
zpid=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
check_eq "ready: zone-web.scope holds only zoneadmd" "$zpid" "$(unit_pids zone-web.scope)"
cg=$(systemctl show -p ControlGroup --value zone-web.scope)
check "ready: payload/ exists" test -n "$(cg_dirs "$cg/payload")"
check_eq "ready: payload/ is empty in every hierarchy" "" \
  "$(for d in $(cg_dirs "$cg/payload"); do find "$d" \( -name cgroup.procs -o -name tasks \) -exec cat {} +; done 2>&1)"
check "ready: no init.pid" test ! -e /run/zones/web/init.pid
run zoneadm list -v
check_match "ready: list -v shows web ready with an ID" '^ +[1-9][0-9]* +web +ready ' "$out"
run systemctl status zone-web.scope
check_match "ready: systemctl status shows zoneadmd" 'zoneadmd' "$out"

# --- 2. isolation after boot ------------------------------------------------------
check "boot web (from ready)" zoneadm -z web boot
check "boot db" zoneadm -z db boot
wi=$(initpid web); di=$(initpid db)
check "web's init is alive in the host" alive "$wi"
check_match "web's init is in zone-web.scope/payload" 'zone-web\.scope/payload' "$(cat /proc/$wi/cgroup 2>&1)"
check_match "db's init is in zone-db.scope/payload" 'zone-db\.scope/payload' "$(cat /proc/$di/cgroup 2>&1)"
# zoneadmd itself starts with glibc's signals 32 and 33 ignored (zonesd's
# posix_spawn): none of that reaches the zone.
check_eq "web's init was started with no signal ignored" 0000000000000000 "$(awk '/^SigIgn:/ {print $2}' /proc/$wi/status)"
check_eq "db's init too (booted from installed)" 0000000000000000 "$(awk '/^SigIgn:/ {print $2}' /proc/$di/status)"
check "while web's zoneadmd ignores SIGPIPE (a peer that went away is an error, not its death)" \
  test $(( 0x$(awk '/^SigIgn:/ {print $2}' /proc/$(cat /run/zones/web/zoneadmd.pid)/status) & 0x1000 )) -ne 0
# In every hierarchy, not one: wherever zoneadmd sits in supervisor/, init
# sits in payload/. web booted from ready; db from installed, whose init was
# spawned beside the platform helper, before the platform existed.
for z in web db; do
  want=$(sed -n "s|^\([0-9]*\):\([^:]*\):.*/zone-$z\.scope/supervisor\$|\1:\2|p" \
    "/proc/$(cat /run/zones/$z/zoneadmd.pid)/cgroup" 2>/dev/null | sort)
  got=$(sed -n "s|^\([0-9]*\):\([^:]*\):.*/zone-$z\.scope/payload\$|\1:\2|p" "/proc/$(initpid $z)/cgroup" | sort)
  check "$z: zoneadmd is in supervisor/" test -n "$want"
  check_eq "$z: init is in payload/ of every hierarchy where zoneadmd is in supervisor/" "$want" "$got"
done
check_eq "init is PID 1 inside web" "$(cat /proc/$wi/comm)" "$(inz web cat /proc/1/comm 2>&1)"
# Markers: a host process and one in db that web must not see.
sleep 4242 & mine+=($!)
nsenter -t "$di" -a sleep 4343 & mine+=($!)
sleep 0.3
run inz web ps -e -o pid=,args=
check_match "ps works inside web" '^ *1 ' "$out"
check "web's ps does not show host processes" test -z "$(printf '%s\n' "$out" | grep -E 'sleep 4242|zonesd|zoneadmd|systemd')"
check "web's ps does not show db's processes" test -z "$(printf '%s\n' "$out" | grep 'sleep 4343')"
check_match "the host sees db's marker" 'sleep 4343' "$(ps -e -o args=)"
# Every PID in web's /proc is web's init, a process in its payload, or ours (ls).
inside=$(inz web ls /proc | grep -cE '^[0-9]+$')
payload=$(for d in $(cg_dirs "$cg/payload"); do find "$d" \( -name cgroup.procs -o -name tasks \) -exec cat {} +; done | sort -u | wc -l)
check_eq "web's /proc lists only its own processes (payload + the ls)" $((payload + 1)) "$inside"
check_eq "hostname inside web is web" web "$(inz web cat /proc/sys/kernel/hostname 2>&1)"
check_eq "hostname inside db is db" db "$(inz db cat /proc/sys/kernel/hostname 2>&1)"
check_eq "the host's hostname is unchanged" "$(hostname)" "$(cat /proc/sys/kernel/hostname)"
shm=$(ipcmk -M 4096 2>/dev/null | grep -oE '[0-9]+$')
check "ipcmk in the host" test -n "$shm"
check_match "the host sees its segment" "\\b$shm\\b" "$(ipcs -m)"
run inz web ipcs -m
check "web cannot see the host's IPC segment" test -z "$(printf '%s\n' "$out" | awk -v id="$shm" '$2 == id')"
check "web has its own IPC namespace" test "$(readlink /proc/$wi/ns/ipc)" != "$(readlink /proc/self/ns/ipc)"
[ -n "$shm" ] && ipcrm -m "$shm"
check "web cannot reach db's root (/zones/db)" inz web test ! -e /zones/db
check "web has no /zones at all" inz web test ! -e /zones
check "web cannot reach db through /proc" inz web test ! -e "/proc/$di/root/etc"
check "db cannot reach web's root" inz db test ! -e /zones/web
check "web writes its own /tmp (so the next refusal is /usr's)" inz web touch /tmp/.isolation-test
check "/usr is read-only inside a sparse zone" fails inz web touch /usr/.isolation-test
check "nothing was written to the host's /usr" test ! -e /usr/.isolation-test
check "web and db have distinct mount namespaces" test "$(readlink /proc/$wi/ns/mnt)" != "$(readlink /proc/$di/ns/mnt)"
check "web's PID namespace is not the host's" test "$(readlink /proc/$wi/ns/pid)" != "$(readlink /proc/self/ns/pid)"
check "web's net namespace is not the host's" test "$(readlink /proc/$wi/ns/net)" != "$(readlink /proc/self/ns/net)"

# --- 3. zonename -------------------------------------------------------------------
check_eq "zonename on the host is global" global "$(zonename 2>&1)"
check_eq "zonename inside web is web" web "$(inz web /usr/bin/zonename 2>&1)"
check_eq "zonename inside db is db" db "$(inz db /usr/bin/zonename 2>&1)"
# As on illumos: inside a zone, zoneadm list shows only that zone, and
# zonecfg and the other verbs refuse.
check_eq "zoneadm list inside web shows only web" web "$(inz web /usr/sbin/zoneadm list -c 2>&1)"
check_eq "zoneadm list -p inside web: itself, running, its root as /" "-:web:running:/:::shared" \
  "$(inz web /usr/sbin/zoneadm list -p 2>&1)"
check_eq "zonecfg refuses inside a zone" "zonecfg can only be run from the global zone." \
  "$(inz web /usr/sbin/zonecfg -z db info 2>&1)"
check_eq "zoneadm boot refuses inside a zone" "zoneadm: must be in the global zone to boot a zone." \
  "$(inz web /usr/sbin/zoneadm -z web boot 2>&1)"
check "the zone cannot overwrite its zone name" fails inz web sh -c 'echo db > /dev/.zonename'
check_eq "and zonename still says web" web "$(inz web /usr/bin/zonename 2>&1)"
check_eq "hostname changed inside the zone does not change zonename" web \
  "$(inz web sh -c 'hostname other; /usr/bin/zonename; hostname web' 2>&1)"
kill -9 "${mine[@]}" 2>/dev/null; wait "${mine[@]}" 2>/dev/null; mine=()

# --- 4. kill -9 of zoneadmd never kills the zone -------------------------------------
idw=$(zid web)
zpid=$(cat /run/zones/web/zoneadmd.pid)
kill -9 "$zpid"
sleep 1
check "web's init survives SIGKILL of its zoneadmd" alive "$wi"
check_eq "web is still running" running "$(state web)"
check_eq "with the same ID" "$idw" "$(zid web)"
check_eq "its scope is still active" active "$(systemctl is-active zone-web.scope)"
newz=""
for i in $(seq 1 30); do
  p=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
  if [ -n "$p" ] && [ "$p" != "$zpid" ] && alive "$p"; then newz=$p; break; fi
  [ "$i" = 10 ] && zoneadm -z web boot >/dev/null 2>&1   # a command triggers the restart
  sleep 0.2
done
check "a new zoneadmd runs for web" test -n "$newz"
check_match "started with --adopt" -- '--adopt' "$(tr '\0' ' ' </proc/$newz/cmdline 2>&1)"
check_match "in zone-web.scope" 'zone-web\.scope' "$(cat /proc/$newz/cgroup 2>&1)"
run systemctl status zone-web.scope
check_match "systemctl status zone-web.scope shows a zoneadmd again" 'zoneadmd' "$out"
check_eq "web's init is the same process" "$wi" "$(initpid web)"
check_eq "zonename still works after adoption" web "$(inz web /usr/bin/zonename 2>&1)"

# --- 5. nothing left after halt -----------------------------------------------------
nsw=$(zone_nss web)
check "halt web (adopted)" zoneadm -z web halt
check "web's init is gone" test ! -d "/proc/$wi"
check_eq "web is installed" installed "$(state web)"
check_nothing_left web "$nsw" "halt after adopt"
nsd=$(zone_nss db)
check "halt db" zoneadm -z db halt
check_nothing_left db "$nsd" "halt db"

# A boot that fails: an fs whose special does not exist.
zonecfg -z bad 'create; set zonepath=/zones/bad; add fs; set dir=/data; set special=/nonexistent; set type=lofs; end' >/dev/null
check "install bad" zoneadm -z bad install
run zoneadm -z bad boot
brc=$rc berr=$err   # check runs its own command: keep these
check "boot of bad fails" test "$brc" -ne 0
check_eq "with a one-line message" 1 "$(printf '%s\n' "$berr" | grep -c .)"
check_match "naming the zone and the cause" "^zoneadm: zone 'bad': .*/nonexistent" "$berr"
check_eq "bad stays installed" installed "$(state bad)"
check_nothing_left bad "" "failed boot"
run zoneadm -z bad ready
check "ready of bad fails too" test "$rc" -ne 0
check_nothing_left bad "" "failed ready"

# --- 6. zonesd killed during ready and boot -------------------------------------------
settled() {  # state of $1 once it is not in transition
  local s i
  for i in $(seq 1 50); do
    s=$(state "$1" 2>/dev/null)
    case $s in installed|ready|running) echo "$s"; return ;; esac
    sleep 0.2
  done
  echo "$s"
}
true_state() {  # $1 zone, $2 state: does the platform agree?
  case $2 in
    installed) wait_scope_gone "$1" ;;
    ready) local z; z=$(cat /run/zones/$1/zoneadmd.pid 2>/dev/null)
           alive "$z" && [ ! -e /run/zones/$1/init.pid ] && [ "$(unit_pids "zone-$1.scope")" = "$z" ] ;;
    running) alive "$(initpid "$1")" ;;
    *) false ;;
  esac
}
for verb in ready boot; do
  for delay in 0.05 0.3; do
    zoneadm -z web $verb >/dev/null 2>&1 & bg=$!
    sleep $delay
    zp=$(zonesd_pid)
    owner=$(busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
      GetNameOwner s org.zones.Manager 2>/dev/null)
    [ -n "$zp" ] && kill -9 "$zp"
    wait $bg
    # kill -9 does not wait: when the verb was done before it (a fast boot),
    # a call made before the bus saw that zonesd go still reaches it.
    wait_for 10 sh -c '[ "$(busctl call org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus GetNameOwner s org.zones.Manager 2>/dev/null)" != "$1" ]' sh "$owner"
    run zoneadm -z web list -p
    check_eq "zonesd killed during $verb (+${delay}s): the next zoneadm call works" "0 " "$rc $err"
    s=$(settled web)
    check_match "the zone ends installed, ready or running ($s)" '^(installed|ready|running)$' "$s"
    check "and the platform agrees ($s)" true_state web "$s"
    nsw=""; [ "$s" = running ] && nsw=$(zone_nss web)
    [ "$s" = ready ] && nsw=$(pin_nss web)
    check "halt" zoneadm -z web halt
    check_nothing_left web "$nsw" "after zonesd was killed during $verb"
    if [ -z "$nsw" ]; then   # installed: no namespace to look for
      skip "after zonesd was killed during $verb: no process holds the zone's namespaces" "the zone ended installed"
      skip "after zonesd was killed during $verb: no nsfs mount of them" "the zone ended installed"
    fi
  done
done

# --- 7. three zones booted in parallel ---------------------------------------------------
pids=()
for z in web db app; do zoneadm -z $z boot >"$WORK/$z.out" 2>&1 & pids+=($!); done
for i in 0 1 2; do
  wait "${pids[$i]}"; r=$?
  check_eq "parallel boot of ${ZONES[$i]} exits 0" 0 "$r"
done
for z in web db app; do check_eq "$z is running" running "$(state $z)"; done
ids=$(for z in web db app; do zid $z; done | sort -u | grep -cE '^[0-9]+$')
check_eq "with three distinct IDs" 3 "$ids"
check "each has a live init" bash -c 'for z in web db app; do kill -0 "$(cat /run/zones/$z/init.pid)" || exit 1; done'
for z in web db app; do eval "ns_$z=\"\$(zone_nss $z)\""; done
pids=()
for z in web db app; do zoneadm -z $z halt >/dev/null 2>&1 & pids+=($!); done
wait "${pids[@]}"
for z in web db app; do
  check_eq "$z is installed after a parallel halt" installed "$(state $z)"
  v=ns_$z; check_nothing_left $z "${!v}" "parallel halt of $z"
done

# --- 8. one zone ID allocator: reboots from inside a zone, another zone booted ----------
# zoneadmd takes the new ID of an in-zone reboot; zonesd must learn it and
# never hand it to the next zone it boots.
check "boot web for reboots from inside" zoneadm -z web boot
same="" stale="" dup="" bad=""
for i in $(seq 1 100); do
  old=$(cat /run/zones/web/zoneid 2>/dev/null); oldinit=$(initpid web)
  zlogin web 'kill -INT 1' >/dev/null 2>&1   # zinit: SIGINT is a reboot
  new=""
  for _ in $(seq 1 200); do   # zoneadmd's side: a new init and RUN/web/zoneid
    new=$(cat /run/zones/web/zoneid 2>/dev/null)
    [ -n "$(initpid web)" ] && [ "$(initpid web)" != "$oldinit" ] && [ -n "$new" ] && [ "$new" != "$old" ] &&
      [ -S /run/zones/web/zoneadmd.sock ] && break
    sleep 0.05
  done
  [ -n "$new" ] && [ "$new" != "$old" ] || same+="$i($old) "
  for _ in $(seq 1 40); do [ "$(zoneadm -z web list -p | cut -d: -f1,3)" = "$new:running" ] && break; sleep 0.05; done
  [ "$(zid web)" = "$new" ] || stale+="$i:$(zid web)/$new "
  zoneadm -z db boot >/dev/null 2>&1 || bad+="boot$i "
  [ "$(zid db)" != "$new" ] || dup+="$i:$(zid db) "
  zoneadm -z db halt >/dev/null 2>&1 || bad+="halt$i "
  [ -n "$same$stale$dup$bad" ] && break   # the first failure says it all
done
check_eq "100 reboots from inside web: each gave it a new ID" "" "$same"
check_eq "zonesd knew web's new ID each time" "" "$stale"
check_eq "db booted and halted each time" "" "$bad"
check_eq "db never got the ID web holds" "" "$dup"
# Each boot's go-between mount namespace is zoneadmd's until the boot was
# answered, then closed: after 100 boots it holds init's alone (and the
# platform's pin, a path).
zpid=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
held=$(for f in /proc/$zpid/fd/*; do readlink "$f"; done 2>/dev/null | grep -c '^mnt:\[' || true)
check_eq "web's zoneadmd holds one boot's mount namespace after 100 boots (init's)" 1 "$held"
check_eq "... and it is init's" "$(readlink /proc/$(initpid web)/ns/mnt)" \
  "$(for f in /proc/$zpid/fd/*; do readlink "$f"; done 2>/dev/null | grep '^mnt:\[')"
check "halt web" zoneadm -z web halt

# --- 9. a zone root as deep as the zone likes: the id shift at ready, uninstall -----------
# Root in the zone makes a 5000-deep chain (its path is 10 KB, twice
# PATH_MAX); the global zone leaves a file of host root at the bottom, as
# install does, so the id shift of the next ready has to get down there.
cat >/zones/web/root/var/tmp/deep.py <<'PY'
import os
os.chdir("/var/tmp")
for _ in range(5000):
    os.mkdir("d")
    os.chdir("d")
open("bottom", "w").write("made in the zone\n")
PY
check "boot web" zoneadm -z web boot
check "zone root makes a 5000-deep directory chain" zlogin web python3 /var/tmp/deep.py
check "halt web" zoneadm -z web halt
bottom() {  # bottom CMD: at the bottom of the chain (openat, no path), "stat" or "plant"
  python3 -c 'import os, sys
fd = os.open("/zones/web/root/var/tmp", os.O_RDONLY | os.O_DIRECTORY)
for _ in range(5000):
    nxt = os.open("d", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
    os.close(fd); fd = nxt
if sys.argv[1] == "plant":
    os.close(os.open("hostfile", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd))
    os.chown("hostfile", 0, 0, dir_fd=fd, follow_symlinks=False)
print(os.stat("hostfile", dir_fd=fd, follow_symlinks=False).st_uid, os.stat("bottom", dir_fd=fd, follow_symlinks=False).st_uid)' "$1"
}
base=$(awk '$1 == "web" {print $2}' /etc/zones/idmap)
# Two seconds after the zone made the chain, so that the shift's stamp of
# the next boot (its start less two seconds: the ctimes' clock is coarse)
# is later than all of it but the bottom, where the file is planted.
sleep 2.1
check_eq "a file of host root at the bottom (precondition)" "0 $base" "$(bottom plant 2>&1)"
check "boot web again: the id shift walks all of the chain" zoneadm -z web boot
check_eq "the file at the bottom now belongs to zone root" "$base $base" "$(bottom stat 2>&1)"
check "halt web" zoneadm -z web halt
# The next ready looks into the directories changed since the last shift
# only (ZONEPATH/idshift), not into the 5000 of the chain: each is gone
# through, none is looked into; a file put into one of them is seen.
shifted() {  # the id shift of web's last ready, as zoneadmd logged it
  zone_logged "$1" web 's/.*ready, zone ID [0-9]* (\(id shift: .*\))$/\1/p'
}
check "web's shift stamp records its range and this boot of the host" \
  grep -q "^$base [0-9]* [0-9]* [0-9]* $(cat /proc/sys/kernel/random/boot_id)\$" /zones/web/idshift
cur=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
check "ready web" zoneadm -z web ready
note=$(shifted "$cur")
n_looked=$(sed -n 's/^id shift: looked into \([0-9]*\) of [0-9]* directories$/\1/p' <<<"$note")
n_dirs=$(sed -n 's/^id shift: looked into [0-9]* of \([0-9]*\) directories$/\1/p' <<<"$note")
check "ready web: the shift went through the 5000-deep chain ($note)" test "${n_dirs:-0}" -gt 5000
check "ready web: and looked into a handful of its directories" test -n "$n_looked" -a "${n_looked:-9999}" -lt 50
check "halt web" zoneadm -z web halt
mkdir -p /zones/web/root/etc/added/deeper && echo host >/zones/web/root/etc/added/deeper/f
check "ready web after files were added" zoneadm -z web ready
check_eq "what the global zone added belongs to zone root" "$base $base" \
  "$(stat -c %u /zones/web/root/etc/added/deeper/f) $(stat -c %u /zones/web/root/etc/added)"
check "halt web" zoneadm -z web halt
# The root directory itself back to host root, and a device: the dev plugin
# gives the nodes it copies the root's owner, read by the platform helper
# while zoneadmd walks the rest of the root, so the root is shifted first.
zonecfg -z web 'add device; set match=/dev/net/tun; end'
chown 0:0 /zones/web/root
check "boot web with its root directory of host root" zoneadm -z web boot
check_eq "the root directory and the zone's tun node belong to zone root" "$base $base" \
  "$(stat -c %u /zones/web/root) $(stat -c %u "/proc/$(initpid web)/root/dev/net/tun" 2>&1)"
check "halt web" zoneadm -z web halt
check "uninstall web: the chain goes with the root" zoneadm -z web uninstall -F
check "the zone root is gone" test ! -e /zones/web/root

# --- 10. the zone's /proc, with and without procfs's pidns= -----------------------
# On Linux 6.17+ the /proc of a zone with a user namespace is made for its
# PID namespace by the same process that makes the masks (procfs pidns=);
# before, by a process forked into that namespace. ZONES_TEST_COMPAT (a test
# build's seam) makes zoneadmd take the older way: both give the zone the
# same /proc.
procview() {  # what db's init sees in its /proc
  inz db sh -c 'echo "$(cat /proc/1/comm) $(ls /proc | grep -c "^[0-9]") $(wc -c < /proc/timer_list) $(readlink /proc/self/ns/pid)"' 2>&1 |
    awk '{ print $1, ($2 < 10 ? "few" : "many: " $2), $3, ($4 ~ /^pid:/ ? "own" : $4) }'
}
check "boot db" zoneadm -z db boot
check_eq "db's /proc: its init, its processes only, the masks" "zinit few 0 own" "$(procview)"
check_eq "db's /proc is another PID namespace than the host's" "" \
  "$(inz db readlink /proc/self/ns/pid | grep -Fx "$(readlink /proc/self/ns/pid)")"
check "halt db" zoneadm -z db halt
systemctl set-environment ZONES_TEST_COMPAT=no-proc-pidns
check "restart zonesd as on a kernel without procfs pidns=" systemctl restart zones.service
check "boot db (the /proc made by a process in its PID namespace)" zoneadm -z db boot
check_eq "db's /proc is the same" "zinit few 0 own" "$(procview)"
check "halt db" zoneadm -z db halt
systemctl unset-environment ZONES_TEST_COMPAT
check "restart zonesd" systemctl restart zones.service
