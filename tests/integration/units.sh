#!/usr/bin/env bash
# systemd units for zones: zone@NAME.service (start/stop/status/failure),
# stopping zone-NAME.scope directly (RequestStop -> an orderly halt through
# zonesd), autoboot <-> `systemctl enable zone@NAME`, zones.target and
# zones-halt.service (illumos svc:/system/zones).
#
# Uses the real zoneadmd when installed, else fake-zoneadmd.py (as
# lifecycle.sh does).
source "$(dirname "$0")/lib.sh"
autoboot() { zonecfg -z "$1" info autoboot; }
wants=/etc/systemd/system/zones.target.wants

if [ "${ZONES_TEST_FAKE_ZONEADMD:-}" = 1 ] || [ ! -x /usr/libexec/zones/zoneadmd ]; then
  cp "$here/fake-zoneadmd.py" /usr/local/sbin/fake-zoneadmd
  chmod 0755 /usr/local/sbin/fake-zoneadmd
  systemctl set-environment ZONES_ZONEADMD=/usr/local/sbin/fake-zoneadmd
  echo "# using fake-zoneadmd (PROTOCOL.md only, no real platform)"
fi
cleanup() {
  systemctl stop zones.target >/dev/null 2>&1
  [ -n "${monpid:-}" ] && kill "$monpid" 2>/dev/null
  systemctl disable unrelated.service >/dev/null 2>&1
  rm -f /etc/systemd/system/unrelated.service
  for ((i = 0; i < ${many:-0}; i++)); do
    zonecfg -z "many$i" delete -F >/dev/null 2>&1
  done
  for z in web db bad; do
    systemctl stop "zone@$z" >/dev/null 2>&1
    systemctl reset-failed "zone@$z" >/dev/null 2>&1
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  systemctl disable zones.target >/dev/null 2>&1
  rm -rf /zones
}
on_exit cleanup
plan 88

zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
zonecfg -z db 'create; set zonepath=/zones/db' >/dev/null
zonecfg -z bad 'create; set zonepath=/zones/bad' >/dev/null
check "install web" zoneadm -z web install
check "install db" zoneadm -z db install

# --- zone@.service ---------------------------------------------------------------
check "systemctl start zone@web" systemctl start zone@web
check_eq "boots web" running "$(state web)"
check_eq "zone-web.scope is active" active "$(systemctl is-active zone-web.scope)"
check_eq "zone@web is active" active "$(systemctl is-active zone@web)"
run systemctl status --no-pager zone@web
check_eq "systemctl status zone@web exits 0" 0 "$rc"
check_match "status describes the zone" "zone@web.service - Zone web" "$out"
check_match "status says active (exited)" "Active: active \(exited\)" "$out"
check "systemctl stop zone@web" systemctl stop zone@web
check_eq "shuts web down" installed "$(state web)"
check "zone-web.scope is gone" wait_for 30 sh -c '! systemctl is-active -q zone-web.scope'
check_eq "zone@web is inactive" inactive "$(systemctl is-active zone@web)"

run systemctl start zone@bad
check "starting zone@ of a zone that cannot boot fails" test "$rc" -ne 0
check_eq "zone@bad is failed" failed "$(systemctl is-active zone@bad)"
journalctl --sync 2>/dev/null
run journalctl --no-pager -o cat -u zone@bad.service
check_match "the journal of zone@bad gives zoneadm's reason" "zoneadm: zone 'bad': " "$out"
check_eq "bad stays configured" configured "$(zoneadm -z bad list -p | cut -d: -f3)"
systemctl reset-failed zone@bad >/dev/null 2>&1

# --- systemctl stop zone-NAME.scope ---------------------------------------------------
check "boot web" zoneadm -z web boot
owner=$(busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
  GetNameOwner s org.zones.Manager | sed 's/^s "\(.*\)"$/\1/')
check_eq "zonesd controls zone-web.scope" "$owner" \
  "$(systemctl show -p Controller --value zone-web.scope)"
zpid=$(cat /run/zones/web/zoneadmd.pid 2>/dev/null)
check "systemctl stop zone-web.scope" timeout 120 systemctl stop zone-web.scope
check_eq "halts web in order: it is installed" installed "$(state web)"
run zoneadm -z web list -p
check_match "with no zone ID" '^-:web:installed:' "$out"
check "zoneadmd is gone" test ! -d "/proc/${zpid:-0}"
check "RUN/web/zoneid is gone" test ! -e /run/zones/web/zoneid
check "the scope is gone" test "$(systemctl is-active zone-web.scope)" != active
run journalctl --no-pager -o cat -u zones.service
check_match "zonesd logged the orderly halt" "scope stop requested: halting the zone" "$out"
check "web boots again" zoneadm -z web boot
check "and halts" zoneadm -z web halt

# The limit: systemd 252 drops a scope's Controller when that bus name goes
# away and will not take a new one (SetUnitProperties refuses Controller),
# so the scope of a zone booted before a zonesd restart is stopped the
# plain way (SIGTERM to zoneadmd, then SIGKILL).
check "boot web" zoneadm -z web boot
systemctl restart zones.service
check_eq "after a zonesd restart the scope has no Controller" "" \
  "$(systemctl show -p Controller --value zone-web.scope)"
run busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
  org.freedesktop.systemd1.Manager SetUnitProperties 'sba(sv)' zone-web.scope true 1 \
  Controller s "$(busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
    GetNameOwner s org.zones.Manager | sed 's/^s "\(.*\)"$/\1/')"
check "and systemd will not take a new one" test "$rc" -ne 0
check "halt web" zoneadm -z web halt
check "boot web" zoneadm -z web boot
check_eq "a zone booted by the new zonesd is controlled by it" \
  "$(busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
    GetNameOwner s org.zones.Manager | sed 's/^s "\(.*\)"$/\1/')" \
  "$(systemctl show -p Controller --value zone-web.scope)"
check "halt web" zoneadm -z web halt

# A RequestStop for a scope nobody is stopping is ignored.
check "boot web" zoneadm -z web boot
since=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
busctl emit /org/freedesktop/systemd1/unit/zone_2dweb_2escope org.freedesktop.systemd1.Scope \
  RequestStop >/dev/null 2>&1
ignored() { sync_journal; journalctl -q --after-cursor="$since" -o cat -u zones.service | grep -q 'RequestStop from .* ignored'; }
check "zonesd got the forged RequestStop and ignored it" wait_for 30 ignored
check_eq "a forged RequestStop halts nothing" running "$(state web)"
check "halt web" zoneadm -z web halt

# --- autoboot <-> systemctl enable ------------------------------------------------------
check_eq "autoboot is false at first" "autoboot: false" "$(autoboot web)"
check_eq "so zone@web is disabled" disabled "$(systemctl is-enabled zone@web)"
check "zonecfg set autoboot=true" zonecfg -z web set autoboot=true
check_eq "enables zone@web" enabled "$(systemctl is-enabled zone@web)"
check "into multi-user.target" test -L "/etc/systemd/system/multi-user.target.wants/zone@web.service"
check "and into zones.target" test -L "$wants/zone@web.service"
check_eq "and enables zones.target" enabled "$(systemctl is-enabled zones.target)"
check "zonecfg set autoboot=false" zonecfg -z web set autoboot=false
check_eq "disables zone@web" disabled "$(systemctl is-enabled zone@web)"
# zonesd follows systemctl enable/disable asynchronously (UnitFilesChanged):
# each of these is waited for, generously.
autoboot_is() { [ "$(autoboot web)" = "autoboot: $1" ]; }
property_is() { [ "$(busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone Autoboot)" = "b $1" ]; }
check "systemctl enable zone@web" systemctl enable zone@web
check "sets autoboot=true" wait_for 30 autoboot_is true
check "zonesd adds zone@web to zones.target" wait_for 30 test -L "$wants/zone@web.service"
check "the Autoboot property says so" wait_for 30 property_is true
check "systemctl disable zone@web" systemctl disable zone@web
check "sets autoboot=false" wait_for 30 autoboot_is false
check "the Autoboot property says so" wait_for 30 property_is false
check "systemctl enable zone@web again" systemctl enable zone@web
check "sets autoboot=true again" wait_for 30 autoboot_is true
check "and the wants link is back" wait_for 30 test -L "$wants/zone@web.service"
check "systemctl restart zones.service" systemctl restart zones.service
check_eq "a restart keeps them in step" "autoboot: true" "$(autoboot web)"
check "stop zones.service" systemctl stop zones.service
check "systemctl disable zone@web while zonesd is away" systemctl disable zone@web
check_eq "is taken into autoboot when zonesd starts again" "autoboot: false" "$(autoboot web)"
check_eq "and zone@web stays disabled" disabled "$(systemctl is-enabled zone@web)"
check "no link into zones.target is left" test ! -e "$wants/zone@web.service"

# --- zones.target -------------------------------------------------------------------------
check_eq "zones.target installs into multi-user.target" multi-user.target \
  "$(sed -n 's/^WantedBy=//p' /usr/lib/systemd/system/zones.target)"
check_eq "zone@.service installs into multi-user.target" multi-user.target \
  "$(sed -n 's/^WantedBy=//p' /usr/lib/systemd/system/zone@.service)"
check "zonecfg -z db set autoboot=true" zonecfg -z db set autoboot=true
check "systemctl start zones.target" systemctl start zones.target
check_eq "boots db (autoboot=true)" running "$(state db)"
check_eq "through zone@db" active "$(systemctl is-active zone@db)"
check_eq "not web (autoboot=false)" installed "$(state web)"
check "a zone booted by hand" zoneadm -z web boot
check "systemctl stop zones.target" systemctl stop zones.target
# The target stops first (zone@ is ordered before it, for start); the
# zones' stop jobs run on: wait for them.
wait_for 60 sh -c '[ "$(systemctl is-active zones-halt.service)" = inactive ]'
check_eq "shuts db down" installed "$(state db)"
# zone@db stops after zones-halt.service (it is ordered before it): wait.
wait_for 60 sh -c '[ "$(systemctl is-active zone@db)" = inactive ]'
check_eq "zone@db is inactive" inactive "$(systemctl is-active zone@db)"
check_eq "and halts the zone booted by hand" installed "$(state web)"
check_eq "zones-halt.service is inactive" inactive "$(systemctl is-active zones-halt.service)"

# --- deleting a zone disables its unit -------------------------------------------------------
check "uninstall db" zoneadm -z db uninstall -F
check "zonecfg delete db" zonecfg -z db delete -F
check_eq "zone@db is disabled" disabled "$(systemctl is-enabled zone@db)"
check "no link is left" test ! -e "$wants/zone@db.service"

# --- many zones: a systemctl enable costs zonesd one scan, not a call per zone ------------
# (issue 13, zone-units.hpp): zonesd reads the zone@ entries of
# /etc/systemd/system and /run/systemd/system once per change and asks
# systemd only about the zones whose entries changed, over connections it
# already has. Watched on the bus with dbus-monitor; the wait reads the
# store, so that no client of ours says Hello meanwhile.
many=40
for ((i = 0; i < many; i++)); do zonecfg -z "many$i" "create; set zonepath=/zones/many$i" >/dev/null; done
check_eq "$many more zones are configured" $many "$(zoneadm list -c | grep -c '^many')"
printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' \
  >/etc/systemd/system/unrelated.service
systemctl daemon-reload
mon=$(mktemp)
dbus-monitor --system "type='method_call',member='GetUnitFileState'" \
  "type='method_call',member='Hello'" >"$mon" 2>&1 &
monpid=$!
wait_for 10 grep -q 'member=NameAcquired\|^signal' "$mon"
sleep 1
check "systemctl enable of an unrelated unit" systemctl enable unrelated.service
# zonesd takes changes in order: once it took many7's, it had taken the
# unrelated one.
systemctl enable zone@many7 >/dev/null 2>&1
wait_for 20 grep -q 'autoboot="true"' /etc/zones/many7.xml
check "systemctl enable zone@many7 sets its autoboot" grep -q 'autoboot="true"' /etc/zones/many7.xml
sleep 1
kill "$monpid"; wait "$monpid" 2>/dev/null; monpid=
calls=$(grep -c 'member=GetUnitFileState' "$mon")
hellos=$(grep -c 'member=Hello' "$mon")
echo "# with $many zones: $calls GetUnitFileState, $hellos new bus connections"
check "zonesd did not ask systemd about every zone ($calls GetUnitFileState calls)" test "$calls" -lt 10
check "zonesd did not open a connection per zone ($hellos Hello)" test "$hellos" -lt 10
rm -f "$mon"
check_eq "the other zones' autoboot stayed false" 0 \
  "$(grep -l 'autoboot="true"' /etc/zones/many*.xml | grep -vc many7.xml)"
