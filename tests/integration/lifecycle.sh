#!/usr/bin/env bash
# ready / boot / halt / shutdown / reboot through zoneadm, busctl and
# zone@.service: zone IDs, the zone-NAME.scope, states, illumos messages,
# and a restart of zonesd that must not lose a live zone.
#
# With the real zoneadmd installed this drives real zones. Without it (or
# with ZONES_TEST_FAKE_ZONEADMD=1) zonesd is pointed at fake-zoneadmd.py,
# which speaks daemon/zoneadmd/PROTOCOL.md and nothing more, so zonesd's side
# is tested on its own.
source "$(dirname "$0")/lib.sh"
Z=(org.zones.Manager /org/zones/zone/web org.zones.Zone)

fake=no
if [ "${ZONES_TEST_FAKE_ZONEADMD:-}" = 1 ] || [ ! -x /usr/libexec/zones/zoneadmd ]; then
  fake=yes
  cp "$here/fake-zoneadmd.py" /usr/local/sbin/fake-zoneadmd
  chmod 0755 /usr/local/sbin/fake-zoneadmd
  systemctl set-environment ZONES_ZONEADMD=/usr/local/sbin/fake-zoneadmd
  echo "# using fake-zoneadmd (PROTOCOL.md only, no real platform)"
fi
cleanup() {
  for z in web db my-zone; do
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  rm -rf /zones
}
on_exit cleanup
plan 105

# Something only zonesd's environment has (systemctl set-environment reaches
# every service started after it): zoneadmd must not inherit it.
systemctl set-environment ZONES_LEAK_MARKER=zonesd-only
zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
zonecfg -z db 'create; set zonepath=/zones/db' >/dev/null
check "install web" zoneadm -z web install
check "install db" zoneadm -z db install

# --- states that forbid the verbs ---------------------------------------------
run zoneadm -z web shutdown
check_eq "shutdown of an installed zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'web': not running" "$err"
run zoneadm -z web reboot
check_eq "reboot of an installed zone: illumos's message" "zoneadm: zone 'web': not running" "$err"
run zoneadm -z web halt
check_eq "halt of an installed zone exits 0" 0 "$rc"
check_eq "saying it is already halted" "zoneadm: zone 'web': zone is already halted" "$err"

for v in boot halt ready reboot shutdown; do
  run zoneadm -z nosuch $v
  check_eq "$v of an unknown zone: illumos's message, exit 1" "1 zoneadm: nosuch: No such zone configured" "$rc $err"
done

# --- ready ----------------------------------------------------------------------
check "ready" zoneadm -z web ready
check_eq "the zone is ready" ready "$(state web)"
id1=$(zid web)
check_match "and has a zone ID in 1-9999" '^[1-9][0-9]{0,3}$' "$id1"
check_eq "RUN/web/zoneid holds it" "$id1" "$(cat /run/zones/web/zoneid 2>&1)"
check_eq "the Id property says so" "i $id1" "$(busctl get-property "${Z[@]}" Id)"
check_eq "the State property says ready" 's "ready"' "$(busctl get-property "${Z[@]}" State)"
check_eq "zone-web.scope is active" active "$(systemctl is-active zone-web.scope)"
check_eq "in zones.slice" zones.slice "$(systemctl show -p Slice --value zone-web.scope)"
check_eq "with delegation" yes "$(systemctl show -p Delegate --value zone-web.scope)"
check_eq "described as the zone" "Zone web" "$(systemctl show -p Description --value zone-web.scope)"
zpid=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
check_match "zoneadmd runs in the zone's scope" 'zone-web\.scope' "$(cat /proc/$zpid/cgroup 2>&1)"
check "a zone without net resources never loads libnftables" test -z "$(grep libnftables /proc/$zpid/maps)"
check_match "zonesd's environment has the marker" '^ZONES_LEAK_MARKER=zonesd-only$' \
  "$(tr '\0' '\n' </proc/"$(zonesd_pid)"/environ)"
check_eq "zoneadmd's has only PATH, JOURNAL_STREAM and a test build's seams" "" \
  "$(tr '\0' '\n' </proc/$zpid/environ | grep -vE '^(PATH|JOURNAL_STREAM|ZONES_(ZONEADMD|PLUGIN_DIR|INIT|TEST_CGROUP|TEST_PAUSE))=')"
run zoneadm list
check_eq "plain list shows the ready zone" $'global\nweb' "$out"
run zoneadm -z web ready
check_eq "ready of a ready zone exits 0" 0 "$rc"
check_eq "saying so" "zoneadm: zone 'web': zone is already ready" "$err"
run zoneadm -z web install
check_eq "install of a ready zone" "zoneadm: zone 'web': install operation is invalid for ready zones." "$err"
run zoneadm -z web uninstall -F
check_eq "uninstall of a ready zone" "zoneadm: zone 'web': uninstall operation is invalid for ready zones." "$err"
run zoneadm -z web reboot
check_eq "reboot of a ready zone exits 1" 1 "$rc"
check_eq "with zoneadmd's message" "zoneadm: zone 'web': reboot operation is invalid for zones in state 'ready'" "$err"

# --- boot -----------------------------------------------------------------------
check "boot a ready zone" zoneadm -z web boot
check_eq "the zone is running" running "$(state web)"
check_eq "boot from ready keeps the zone ID" "$id1" "$(zid web)"
run zoneadm -z web boot
check_eq "boot of a running zone exits 0" 0 "$rc"
check_eq "saying so" "zoneadm: zone 'web': zone is already booted" "$err"
run zoneadm -z web mark incomplete
check_eq "mark of a running zone" "zoneadm: zone 'web': mark operation is invalid for running zones." "$err"

check "boot db from installed" zoneadm -z db boot -- -s
idb=$(zid db)
check "db has its own zone ID" test "$idb" != "$id1"
check_eq "zone-db.scope is active" active "$(systemctl is-active zone-db.scope)"
if [ $fake = yes ]; then
  check_eq "boot arguments reach zoneadmd" "-s" "$(cat /run/zones/db/fake-bootargs 2>&1)"
else
  check_match "boot arguments reach the zone's init" ' -s$' "$(tr '\0' ' ' </proc/$(initpid db)/cmdline | sed 's/ $//')"
fi
run zoneadm list -v
check_match "list -v shows the real IDs" "^ +$id1 web +running" "$out"

# --- reboot: a new ID -------------------------------------------------------------
check "reboot" zoneadm -z web reboot
id2=$(zid web)
check_eq "still running" running "$(state web)"
check "with a new zone ID" test "$id2" != "$id1"
check_eq "written to RUN/web/zoneid" "$id2" "$(cat /run/zones/web/zoneid 2>&1)"

# --- zonesd restarts; zones live on ------------------------------------------------
old=$(zonesd_pid)
check "restart zones.service" systemctl restart zones.service
check "zonesd is a new process" test "$(zonesd_pid)" != "$old"
check_eq "web is still running after the restart" running "$(state web)"
check_eq "with the same ID" "$id2" "$(zid web)"
check_eq "its scope never stopped" active "$(systemctl is-active zone-web.scope)"
check "ready of db after the restart gets no duplicate ID" zoneadm -z db boot
check "the IDs still differ" test "$(zid db)" != "$(zid web)"

# --- halt --------------------------------------------------------------------------
check "halt" zoneadm -z web halt
check_eq "the zone is installed" installed "$(state web)"
check_eq "and has no ID" - "$(zid web)"
check_eq "the Id property is -1" "i -1" "$(busctl get-property "${Z[@]}" Id)"
check "RUN/web/zoneid is gone" test ! -e /run/zones/web/zoneid
for i in $(seq 1 50); do systemctl is-active -q zone-web.scope || break; sleep 0.1; done
check "zone-web.scope is gone" test "$(systemctl is-active zone-web.scope)" != active

# --- shutdown ------------------------------------------------------------------------
check "shutdown db" zoneadm -z db shutdown
check_eq "db is installed" installed "$(state db)"
check "boot db again" zoneadm -z db boot
idc=$(zid db)
check "shutdown -r" zoneadm -z db shutdown -r
check_eq "db is running again" running "$(state db)"
check "with a new ID" test "$(zid db)" != "$idc"
check "halt db" zoneadm -z db halt

# --- the D-Bus verbs -------------------------------------------------------------------
run busctl call org.zones.Manager /org/zones org.zones.Manager Ready s web
check_eq "Manager.Ready" 's ""' "$out"
run busctl call "${Z[@]}" Boot s ""
check_eq "Zone.Boot" 's ""' "$out"
run busctl call "${Z[@]}" Boot s ""
check_eq "Zone.Boot of a running zone returns the notice" 's "zone is already booted"' "$out"
run busctl call "${Z[@]}" Halt
check_eq "Zone.Halt" 's ""' "$out"
run setpriv --reuid=65534 --regid=65534 --clear-groups busctl call "${Z[@]}" Boot s ""
check "an unprivileged Boot is refused" test "$rc" -ne 0
check_eq "and the zone stays installed" installed "$(state web)"

# --- a zoneadmd that dies ----------------------------------------------------------------
if [ $fake = yes ]; then
  zoneadm -z web boot >/dev/null 2>&1
  kill -9 "$(cat /run/zones/web/zoneadmd.pid)"
  for i in $(seq 1 50); do [ "$(state web)" = installed ] && break; sleep 0.1; done
  check_eq "a zone whose zoneadmd died with nothing else in its scope is installed" installed "$(state web)"
  check "and boots again" zoneadm -z web boot

  # The zone has a process of its own, so its scope outlives zoneadmd.
  sleep 600 &
  inzone=$!
  busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager \
    AttachProcessesToUnit ssau zone-web.scope "" 1 $inzone
  kill -9 "$(cat /run/zones/web/zoneadmd.pid)"
  sleep 2.5
  check_eq "a zone whose zoneadmd died stays running while its scope lives" running "$(state web)"
  run zoneadm -z web boot
  check_eq "the next boot restarts zoneadmd and exits 0" 0 "$rc"
  check_match "warning as illumos does" "^zoneadm: zone 'web': WARNING: zone is in state 'running', but zoneadmd does not appear to be available; restarted zoneadmd to recover.$" "$err"
  check_match "and saying the zone is booted" "^zoneadm: zone 'web': zone is already booted$" "$err"
  check_match "the new zoneadmd was started with --adopt" -- "--adopt" "$(tail -1 /run/zones/web/fake-argv)"
  zpid=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
  check_match "and joined the zone's scope" 'zone-web\.scope' "$(cat /proc/$zpid/cgroup 2>&1)"

  # zonesd restarting while zoneadmd is dead: recovery at start.
  kill -9 "$zpid"
  sleep 0.3
  systemctl restart zones.service
  run zoneadm -z web list -p
  check_match "after a zonesd restart the zone is found running" '^[0-9]+:web:running:' "$out"
  check "with a zoneadmd restarted for it" test -S /run/zones/web/zoneadmd.sock
  check "halt tears it down" zoneadm -z web halt
  kill $inzone 2>/dev/null; wait $inzone 2>/dev/null
  check_eq "installed" installed "$(state web)"
else
  for i in $(seq 1 12); do skip "a zoneadmd that dies ($i)" "run with the fake zoneadmd only (ZONES_TEST_FAKE_ZONEADMD=1)"; done
fi

# --- a name with '-': zonesd escapes it in the scope's name (zone-my\x2dzone.scope),
# and zoneadmd must find its cgroups by that same name -----------------------------------
zonecfg -z my-zone 'create; set zonepath=/zones/my-zone; set max-lwps=300' >/dev/null
check "install my-zone" zoneadm -z my-zone install
check "boot a zone whose name has a '-'" zoneadm -z my-zone boot
check_eq "it runs" running "$(state my-zone)"
check "in zone-my\\x2dzone.scope" systemctl is-active --quiet 'zone-my\x2dzone.scope'
if [ $fake = no ]; then
  check_eq "zlogin reaches it" my-zone "$(zlogin my-zone hostname 2>&1)"
  check_match "zps -ef names its init's zone from the cgroup (\\x2d read back as -)" \
    "^ +my-zone [^ ]+ +$(cat /run/zones/my-zone/init.pid 2>/dev/null) " "$(zps -ef 2>&1)"
  check_eq "its max-lwps reached that scope (rctl: max-lwps plus zoneadmd's 4)" 304 \
    "$(systemctl show -p TasksMax --value 'zone-my\x2dzone.scope')"
  check_match "zps -z my-zone shows its init" '^ +my-zone +[0-9]+ .* zinit$' "$(zps -z my-zone 2>&1)"
else
  for c in "zlogin reaches it" "zps -ef names its init's zone" "its max-lwps reached that scope" "zps -z my-zone shows its init"; do
    skip "$c" "the fake zoneadmd has no zone to enter"
  done
fi
check "halt it" zoneadm -z my-zone halt
check_eq "installed again" installed "$(state my-zone)"
check "systemctl start zone@\$(systemd-escape my-zone) boots it" systemctl start "zone@$(systemd-escape my-zone)"
check_eq "running" running "$(state my-zone)"
check "and stop shuts it down" systemctl stop "zone@$(systemd-escape my-zone)"
check_eq "installed again" installed "$(state my-zone)"

# --- zone@.service ----------------------------------------------------------------------
check "systemctl start zone@web boots the zone" systemctl start zone@web
check_eq "running" running "$(state web)"
check "systemctl stop zone@web shuts it down" systemctl stop zone@web
check_eq "installed" installed "$(state web)"
check_eq "zone@.service installs into multi-user.target" multi-user.target \
  "$(sed -n 's/^WantedBy=//p' /usr/lib/systemd/system/zone@.service)"
