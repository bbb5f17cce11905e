#!/usr/bin/env bash
# zoneadm list in every form, exactly as illumos prints it.
source "$(dirname "$0")/lib.sh"
plan 29

run zoneadm list
check_eq "list with no zones shows global" "global" "$out"
zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
zonecfg -z db 'create -b; set zonepath=/zones/db; set ip-type=exclusive' >/dev/null
zonecfg -z a-very-long-zone-name.example 'create; set zonepath=/zones/this/is/a/rather/long/zone/path' >/dev/null

run zoneadm list
check_eq "plain list shows only zones that are ready or running" "global" "$out"
run zoneadm list -i
check_eq "list -i adds installed zones (none yet)" "global" "$out"
run zoneadm list -c
check_eq "list -c adds configured zones in index order" $'global\nweb\ndb\na-very-long-zone-name.example' "$out"

host_brand=$(zoneadm list -p | cut -d: -f6)
run zoneadm list -cv
expected=$(printf '%*s %-16s %-10s %-30s %-8s %-6s\n' 4 ID NAME STATUS PATH BRAND IP \
  4 0 global running / "$host_brand" shared \
  4 - web configured /zones/web sparse shared \
  4 - db configured /zones/db whole excl \
  4 - a-very-long-zone-name.example configured /zones/this/is/a/rather/long/zone/path sparse shared)
check_eq "list -cv has the exact illumos columns" "$expected" "$out"

run zoneadm list -cp
check_eq "list -cp has the illumos fields" \
  "0:global:running:/::$host_brand:shared
-:web:configured:/zones/web::sparse:shared
-:db:configured:/zones/db::whole:excl
-:a-very-long-zone-name.example:configured:/zones/this/is/a/rather/long/zone/path::sparse:shared" "$out"

run zoneadm -z db list
check_eq "zoneadm -z ZONE list shows that zone whatever its state" "db" "$out"
run zoneadm -z db list -p
check_eq "zoneadm -z ZONE list -p" "-:db:configured:/zones/db::whole:excl" "$out"
run zoneadm -z db list -v
check_eq "zoneadm -z ZONE list -v" "$(printf '%*s %-16s %-10s %-30s %-8s %-6s\n' 4 ID NAME STATUS PATH BRAND IP 4 - db configured /zones/db whole excl)" "$out"

zonecfg -z colon 'create; set zonepath=/zones/a:b' >/dev/null
run zoneadm -z colon list -p
check_eq "colons in the zonepath are escaped in -p" '-:colon:configured:/zones/a\:b::sparse:shared' "$out"

run zoneadm list -c -o json
check_eq "list -o json exits 0" 0 "$rc"
listed=$out
check "list -o json matches its schema" python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.loads(sys.argv[1]), json.load(open(sys.argv[2])))' "$listed" "$SRC/schema/zoneadm-list.schema.json"
check_eq "list -o json has the zones of list -cp, in order" "$(zoneadm list -cp | cut -d: -f2)" \
  "$(python3 -c 'import json,sys; print("\n".join(z["name"] for z in json.load(sys.stdin)))' <<<"$listed")"
check_eq "list -o json: a zone's fields are list -p's plus autoboot" "-:db:configured:/zones/db::whole:exclusive:False" \
  "$(zoneadm -z db list -o json | python3 -c 'import json,sys; z=json.load(sys.stdin)[0]; print(":".join(str(z[k] if z[k] is not None else "-") for k in ("id","name","state","zonepath","uuid","brand","ip-type","autoboot")))')"
# Autoboot for every zone in one call (GetManagedObjects), not a property
# Get per zone; each zone gets its own value.
zonecfg -z web set autoboot=true >/dev/null
mon=$(mktemp)
dbus-monitor --system "type='method_call',destination='org.zones.Manager'" >"$mon" 2>&1 &
monpid=$!
sleep 1
run zoneadm list -c -o json
sleep 0.5
kill "$monpid"; wait "$monpid" 2>/dev/null
check_eq "list -o json: each zone's own autoboot" \
  $'global=True\nweb=True\ndb=False\na-very-long-zone-name.example=False\ncolon=False' \
  "$(python3 -c 'import json,sys; print("\n".join("%s=%s" % (z["name"], z["autoboot"]) for z in json.load(sys.stdin)))' <<<"$out")"
check_eq "list -o json reads them with one GetManagedObjects and no property Get" "1 0" \
  "$(grep -c 'member=GetManagedObjects' "$mon") $(grep -c 'interface=org.freedesktop.DBus.Properties; member=Get' "$mon")"
rm -f "$mon"
run zoneadm list -v -o json
check_eq "-o with -v is a usage error" 2 "$rc"
run zoneadm list -o yaml
check_eq "an unknown -o format is a usage error" 2 "$rc"
check_eq "and says so" "zoneadm: list: unknown output format 'yaml' (the only one is 'json')" "$err"
run zoneadm list -pv
check_eq "-p with -v is a usage error" 2 "$rc"
check_match "with illumos's message" 'list -p and -v are mutually exclusive.' "$err"
run zoneadm -z nosuch list
check_eq "an unknown zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: nosuch: No such zone configured" "$err"
run zoneadm list -x
check_eq "an unknown option is a usage error" 2 "$rc"
run zoneadm
check_eq "no subcommand is a usage error" 2 "$rc"
check_match "and prints the usage" '[Uu]sage' "$out$err"
run env DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent zoneadm list -c
check_eq "unreachable service exits 1" 1 "$rc"
check_match "unreachable service says so" '^zoneadm: .*(reach|connect)' "$err"
check_eq "unreachable service: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
