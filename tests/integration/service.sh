#!/usr/bin/env bash
# org.zones.Manager on a real system bus: activation, zones.service,
# introspection, bus policy, properties, signals, errors, parallel calls.
source "$(dirname "$0")/lib.sh"
plan 53
M=(org.zones.Manager /org/zones org.zones.Manager)
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)

check_eq "zonesd is not running before the first call" inactive "$(systemctl is-active zones.service)"
check "busctl introspect starts zonesd by D-Bus activation" busctl introspect org.zones.Manager /org/zones
check_match "introspection shows the org.zones.Manager interface" '^org\.zones\.Manager +interface' "$out"
check_match "introspection shows ListZones" '\.ListZones +method' "$out"
check_match "introspection shows SetConfiguration" '\.SetConfiguration +method' "$out"
check_match "introspection shows the ZoneAdded signal" '\.ZoneAdded +signal' "$out"
check_eq "activation went through zones.service" active "$(systemctl is-active zones.service)"
check_eq "zones.service is Type=dbus" dbus "$(systemctl show -p Type --value zones.service)"
check_eq "zonesd owns org.zones.Manager" "$(zonesd_pid)" \
  "$(busctl status org.zones.Manager 2>/dev/null | sed -n 's/^PID=//p')"

run busctl call "${M[@]}" ListZones
check_eq "ListZones on an empty store" 'a(isssssso) 0' "$out"

check "zonecfg configures a zone through the service" \
  zonecfg -z web 'create; set zonepath=/zones/web; set autoboot=true'
run busctl call "${M[@]}" GetZone s web
check_eq "GetZone returns the zone's object" 'o "/org/zones/zone/web"' "$out"
Z=(org.zones.Manager /org/zones/zone/web org.zones.Zone)
prop() { busctl get-property "${Z[@]}" "$1" 2>&1; }
check_eq "Name property" 's "web"' "$(prop Name)"
check_eq "State property" 's "configured"' "$(prop State)"
check_eq "Id property of a zone that is not ready" 'i -1' "$(prop Id)"
check_eq "ZonePath property" 's "/zones/web"' "$(prop ZonePath)"
check_eq "Brand property" 's "sparse"' "$(prop Brand)"
check_eq "IPType property" 's "shared"' "$(prop IPType)"
check_eq "UUID property of a configured zone" 's ""' "$(prop UUID)"
check_eq "Autoboot property" 'b true' "$(prop Autoboot)"
run busctl introspect "${Z[@]}"
check_match "the zone object is introspectable" '^\.State +property +s' "$out"

run busctl call "${M[@]}" ListZones
check_match "ListZones lists the zone" 'a\(isssssso\) 1 -1 "web" "configured" "/zones/web" "" "sparse" "shared" "/org/zones/zone/web"' "$out"
run busctl call "${M[@]}" GetConfiguration s web
check_match "GetConfiguration returns the zone XML" 'zone name=\\?"web\\?" zonepath=\\?"/zones/web\\?"' "$out"

run busctl call "${M[@]}" GetConfiguration s nosuch
check_eq "a missing zone is a D-Bus error" 1 "$rc"
check_match "the D-Bus error carries the illumos text" 'nosuch: No such zone configured' "$err"
run busctl call "${M[@]}" SetConfiguration ss "" '<zone name="bad'
check_eq "damaged XML from a client is refused" 1 "$rc"
run busctl call "${M[@]}" SetConfiguration ss "" '<zone name="../x" zonepath="/z" autoboot="false"/>'
check_eq "a zone name with a path in it is refused" 1 "$rc"
check "zonesd survives bad input" busctl call "${M[@]}" ListZones

# Anyone reads; a user without rights changes nothing (delegation.sh has the rest).
check "an unprivileged user may list zones" "${nobody[@]}" busctl call "${M[@]}" ListZones
check "an unprivileged user may read a configuration" "${nobody[@]}" busctl call "${M[@]}" GetConfiguration s web
check "an unprivileged user may read properties" "${nobody[@]}" busctl get-property "${Z[@]}" State
run "${nobody[@]}" busctl call "${M[@]}" DeleteConfiguration sb web true
check_eq "an unprivileged user may not delete a zone" 1 "$rc"
check_match "the refusal says access is denied" '[Aa]ccess denied|[Pp]ermission denied|not authori|privileged' "$err"
run "${nobody[@]}" zonecfg -z web set autoboot=false
check_eq "unprivileged zonecfg commit fails" 1 "$rc"
check_eq "the zone is unchanged after the refused commit" 'b true' "$(prop Autoboot)"

# Signals.
mon=$WORK/monitor
busctl monitor --match "type='signal',sender='org.zones.Manager'" > "$mon" 2>&1 &
monpid=$!
sleep 0.5
zonecfg -z db 'create; set zonepath=/zones/db' >/dev/null 2>&1
zonecfg -z web set autoboot=false >/dev/null 2>&1
zonecfg -z db delete -F >/dev/null 2>&1
sleep 0.5
kill "$monpid"; wait "$monpid" 2>/dev/null
check_match "ZoneAdded is emitted for a new zone" 'Member=ZoneAdded' "$(cat "$mon")"
check_match "ZoneRemoved is emitted for a deleted zone" 'Member=ZoneRemoved' "$(cat "$mon")"
check_match "PropertiesChanged is emitted for a changed property" 'Member=PropertiesChanged' "$(cat "$mon")"
check_match "PropertiesChanged names Autoboot" '"Autoboot"' "$(cat "$mon")"

# Many clients at once, every one is answered.
pids=()
for i in $(seq 1 12); do
  zonecfg -z "p$i" "create; set zonepath=/zones/p$i; set bootargs=\"-m $i\"" >"$WORK/p$i.out" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 12); do busctl call "${M[@]}" ListZones >/dev/null 2>&1 || echo "list $i failed" >> "$WORK/listfail"; done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check_eq "12 concurrent zonecfg commits all succeed" 0 "$bad"
check_eq "ListZones answers while commits run" "" "$(cat "$WORK/listfail" 2>/dev/null)"
run zoneadm list -c
check_eq "all 14 zones are listed (global, web, 12 new)" 14 "$(printf '%s\n' "$out" | wc -l)"

# zones.service restarts keep the configuration; explicit start works too.
check "systemctl restart zones.service" systemctl restart zones.service
check_eq "the configuration survives a restart" 's "/zones/web"' "$(prop ZonePath)"
check "systemctl stop zones.service" systemctl stop zones.service
check "systemctl start zones.service" systemctl start zones.service
check_eq "zones.service runs after start" active "$(systemctl is-active zones.service)"

# org.freedesktop.DBus.ObjectManager at /org/zones, as Cockpit's page reads it
# (GetManagedObjects, then InterfacesAdded/InterfacesRemoved), for everyone.
OM=(org.zones.Manager /org/zones org.freedesktop.DBus.ObjectManager)
run "${nobody[@]}" busctl --json=short call "${OM[@]}" GetManagedObjects
check_eq "an unprivileged user may call GetManagedObjects" 0 "$rc"
check_eq "GetManagedObjects: every zone object with org.zones.Zone, its Resources and Network" \
  "$(zoneadm list -cp | cut -d: -f2 | grep -vx global | LC_ALL=C sort | sed 's|^|/org/zones/zone/|; s|$| org.zones.Zone org.zones.Zone.Network org.zones.Zone.Resources|')" \
  "$(python3 -c 'import json, sys
objs = json.loads(sys.stdin.read())["data"][0]
for path in sorted(objs):
    print(path, " ".join(sorted(i for i in objs[path] if i.startswith("org.zones."))))' <<<"$out")"
check_eq "GetManagedObjects carries the properties (web's State and ZonePath)" "configured /zones/web" \
  "$(python3 -c 'import json, sys
z = json.loads(sys.stdin.read())["data"][0]["/org/zones/zone/web"]["org.zones.Zone"]
print(z["State"]["data"], z["ZonePath"]["data"])' <<<"$out")"
mon=$WORK/om-monitor
busctl monitor --match "type='signal',sender='org.zones.Manager',interface='org.freedesktop.DBus.ObjectManager'" > "$mon" 2>&1 &
monpid=$!
sleep 0.5
zonecfg -z om 'create; set zonepath=/zones/om' >/dev/null 2>&1
zonecfg -z om delete -F >/dev/null 2>&1
sleep 0.5
kill "$monpid"; wait "$monpid" 2>/dev/null
check_match "InterfacesAdded from /org/zones for a new zone" \
  'Path=/org/zones +Interface=org.freedesktop.DBus.ObjectManager +Member=InterfacesAdded' "$(cat "$mon")"
check_match "InterfacesRemoved from /org/zones for a deleted one" \
  'Path=/org/zones +Interface=org.freedesktop.DBus.ObjectManager +Member=InterfacesRemoved' "$(cat "$mon")"
check_match "both name the zone's object" 'OBJECT_PATH "/org/zones/zone/om"' "$(cat "$mon")"
