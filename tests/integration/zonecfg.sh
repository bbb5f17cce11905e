#!/usr/bin/env bash
# zonecfg against the real service: command files, argument mode, the
# interactive shell on a pty, subcommands, messages and exit codes.
source "$(dirname "$0")/lib.sh"
plan 76

# A command file written the way zonecfg(8) Example 1 writes it.
cat > "$WORK/my-zone3.cfg" <<'CFG'
create
set zonepath=/export/home/my-zone3
set autoboot=true
add fs
set dir=/usr/local
set special=/opt/local
set type=lofs
add options [ro,nodevices]
end
add fs
set dir=/mnt
set special=/dev/dsk/c0t0d0s7
set raw=/dev/rdsk/c0t0d0s7
set type=ufs
end
add net
set address=192.168.0.1/24
set physical=eri0
end
set cpu-shares=5
add capped-memory
set physical=50M
set swap=100M
end
add attr
set name=comment
set type=string
set value="this is my zone"
end
CFG
check "zonecfg -f with an illumos documentation command file" zonecfg -z my-zone3 -f "$WORK/my-zone3.cfg"
run zonecfg -z my-zone3 info zonepath
check_eq "info PROPERTY" "zonepath: /export/home/my-zone3" "$out"
run zonecfg -z my-zone3 info
check_match "info shows the aliased rctl in brackets" '^\[cpu-shares: 5\]$' "$out"
check_match "info shows fs options as a list" $'^\toptions: \\[ro,nodevices\\]$' "$out"
check_match "info shows unset optional resource properties" $'^\traw not specified$' "$out"
check_match "info shows capped-memory swap in brackets" $'^\t\\[swap: 100M\\]$' "$out"
run zonecfg -z my-zone3 info net
check_match "info TYPE shows that resource" $'^net:$' "$out"
check_match "info TYPE shows its properties" $'^\tphysical: eri0$' "$out"

run zonecfg -z my-zone3 export
export1=$out
check_match "export starts with create -b" '^create -b$' "$(head -1 <<<"$export1")"
check_match "export writes rctls for aliases" '^set name=zone.cpu-shares$' "$export1"
check_match "export quotes values that need it" '^set value="this is my zone"$' "$export1"
check_match "export writes capped-memory physical with a suffix" '^set physical=50M$' "$export1"
check "export -f FILE" zonecfg -z my-zone3 export -f "$WORK/exported.cfg"
check_eq "export -f writes the same text" "$export1" "$(cat "$WORK/exported.cfg")"
check "the export feeds zonecfg -f for another zone" zonecfg -z copy3 -f "$WORK/exported.cfg"
run zonecfg -z copy3 export
check_eq "the re-imported zone exports identically" "$export1" "$out"
check "-f - reads commands from stdin" zonecfg -z stdin3 -f - < "$WORK/exported.cfg"
run zonecfg -z stdin3 export
check_eq "the zone read from stdin exports identically" "$export1" "$out"

# Argument mode.
check "commands as one argument" zonecfg -z web 'create -b; set zonepath=/zones/web; set brand=sparse'
check "a multi-command argument with a resource" zonecfg -z web 'add net; set physical=br0; set address=198.18.0.2/24; end'
check "commands as separate words" zonecfg -z web set autoboot=true
run zonecfg -z web info autoboot
check_eq "argument-mode set took effect" "autoboot: true" "$out"
run zonecfg -z web info net physical=br0
check_match "info with a property filter" $'^\taddress: 198.18.0.2/24$' "$out"

# Errors and exit codes.
printf 'create\nset zonepath=/zones/bad\nset autoboot=maybe\nset bootargs=x\n' > "$WORK/bad.cfg"
run zonecfg -z bad -f "$WORK/bad.cfg"
check_eq "-f stops at the first error with exit 1" 1 "$rc"
check_match "-f names the line of the error" "On line 3 of $WORK/bad.cfg:" "$err"
check_match "the autoboot message is illumos's" "autoboot value must be 'true' or 'false'." "$err"
run zoneadm -z bad list
check_eq "nothing was saved after the error" 1 "$rc"

printf 'create\nset zonepath=/zones/syn\nset bootargs = =\n' > "$WORK/syntax.cfg"
run zonecfg -z syn -f "$WORK/syntax.cfg"
check_eq "a syntax error exits 1" 1 "$rc"
check_match "a syntax error names the line and token" "syntax error on line 3 at '='" "$err"

run zonecfg -z newzone set autoboot=true
check_eq "a command other than create on a new zone fails" 1 "$rc"
check_match "it says the zone is not configured" '^newzone: No such zone configured$' "$err"

run zonecfg -z novfy 'create -b'
check_eq "end of input commits, and a failed verify exits 1" 1 "$rc"
check_match "commit failure says failed to verify" 'Zone novfy failed to verify' "$err"
check_match "the reason is printed" 'zonepath not specified' "$err"
run zoneadm -z novfy list
check_eq "an incomplete configuration is never committed" 1 "$rc"

run zonecfg -z inc 'create; set zonepath=/zones/inc; add fs; set dir=/x'
check_eq "ending inside a resource scope fails" 1 "$rc"
check_match "it says the resource is incomplete" 'resource specification incomplete|type not specified|special not specified' "$err"

run zonecfg
check_eq "no arguments is a usage error (exit 2)" 2 "$rc"
check_match "usage text is printed" '[Uu]sage' "$out$err"
run zonecfg -z
check_eq "-z without a zone name is a usage error" 2 "$rc"

run zonecfg -z global 'create; set zonepath=/zones/g'
check_eq "the global zone cannot be created" 1 "$rc"
run zonecfg -z SUNWdefault 'set autoboot=true'
check_eq "SUNW templates are read-only" 1 "$rc"
check_match "SUNW message" 'SUNWdefault: zones beginning with SUNW are read-only.' "$err"
run zonecfg -z ../etc 'create; set zonepath=/zones/x'
check_eq "a zone name with a path in it is a usage error (illumos)" 2 "$rc"
check_match "it says the name is bogus" "Bogus zone name" "$err"
check "no file outside /etc/zones was written" test ! -e /etc/etc.xml

run zonecfg -z web delete
check_eq "delete without -F from a non-terminal is refused" 1 "$rc"
check_match "with illumos's message" 'Input not from terminal and -F not specified' "$err"
check "delete -F" zonecfg -z web delete -F
run zoneadm -z web list
check_eq "the deleted zone is gone" 1 "$rc"

# Templates.
check "create -t copies another zone" zonecfg -z twin 'create -t my-zone3; set zonepath=/zones/twin'
run zonecfg -z twin export
check_eq "the copy differs only in zonepath" \
  "$(sed 's|^set zonepath=.*|set zonepath=/zones/twin|' <<<"$export1")" "$out"
check "plain create uses the sparse default template" zonecfg -z dflt 'create; set zonepath=/zones/dflt'
run zonecfg -z dflt info
check_match "default template brand sparse" '^brand: sparse$' "$out"
check_match "default template ip-type shared" '^ip-type: shared$' "$out"
check_match "default template inherits /usr" $'^\tdir: /usr$' "$out"
check "create -b is blank" zonecfg -z blnk 'create -b; set zonepath=/zones/blnk'
run zonecfg -z blnk info inherit-pkg-dir
check_eq "a blank zone inherits nothing" "" "$out"

# Interactive shell on a real pty (util-linux script).
printf 'info zonepath\nadd net\ninfo\ncancel\nexit\n' > "$WORK/typed"
run script -qec "zonecfg -z dflt" /dev/null < "$WORK/typed"
check_match "the interactive prompt" 'zonecfg:dflt> ' "$out"
check_match "the resource-scope prompt" 'zonecfg:dflt:net> ' "$out"
check_match "interactive commands run" 'zonepath: /zones/dflt' "$out"
printf 'exit\n' > "$WORK/typed2"
run script -qec "zonecfg -z brandnew" /dev/null < "$WORK/typed2"
check_match "interactive start on a new zone" 'brandnew: No such zone configured' "$out"
check_match "suggests create" "Use 'create' to begin configuring a new zone." "$out"

# The service is unreachable: one line, exit 1.
run env DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent zonecfg -z dflt info
check_eq "unreachable service exits 1" 1 "$rc"
check_eq "unreachable service is one line" 1 "$(printf '%s\n' "$err" | wc -l)"
check_match "unreachable service says so" 'zonecfg: .*(reach|connect)' "$err"

# JSON: export -o json / info -o json, and -f FILE.json reading it back.
zonecfg -z jsrc 'create; set zonepath=/zones/jsrc; add net; set physical=br0; set address=198.18.0.40/24; end;
  set max-lwps=500; add capped-memory; set physical=256M; end; add attr; set name=comment; set type=string; set value="a b"; end' >/dev/null
run zonecfg -z jsrc export -o json
check_eq "export -o json exits 0" 0 "$rc"
printf '%s\n' "$out" > "$WORK/jsrc.json"
check "export -o json matches the zonecfg schema" python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "$WORK/jsrc.json" "$SRC/schema/zonecfg.schema.json"
check "info -o json matches the schema too" python3 -c '
import json, sys, jsonschema
d = json.loads(sys.argv[1]); assert d["zonename"] == "jsrc", d
jsonschema.validate(d, json.load(open(sys.argv[2])))' "$(zonecfg -z jsrc info -o json)" "$SRC/schema/zonecfg.schema.json"
check "zonecfg -z jcopy -f FILE.json configures a new zone" zonecfg -z jcopy -f "$WORK/jsrc.json"
check_eq "whose export equals the source's" "$(zonecfg -z jsrc export)" "$(zonecfg -z jcopy export)"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["zonepath"] = "/zones/jcopy"; d["autoboot"] = True
d["net"][0]["address"] = "198.18.0.41/24"; d["rctl"] = [r for r in d["rctl"] if r["name"] != "zone.max-lwps"]
json.dump(d, open(sys.argv[2], "w"))' "$WORK/jsrc.json" "$WORK/jcopy.json"
check "a changed document applied to the existing zone" zonecfg -z jcopy -f "$WORK/jcopy.json"
check_eq "changes only what differs" "/zones/jcopy true 198.18.0.41/24 " \
  "$(zonecfg -z jcopy info zonepath | cut -d' ' -f2) $(zonecfg -z jcopy info autoboot | cut -d' ' -f2) $(zonecfg -z jcopy info net | awk '/address:/ {print $2}') $(zonecfg -z jcopy info max-lwps | cut -d' ' -f2)"
printf '{"zonepath": "/zones/jbad", "net": [{"adress": "x"}]}' > "$WORK/bad.json"
run zonecfg -z jbad -f "$WORK/bad.json"
check_eq "a bad document exits 1" 1 "$rc"
check_eq "with one line naming the key" "zonecfg: $WORK/bad.json: net[0]: unknown property 'adress'" "$err"
check_fails "and configures nothing" 1 zonecfg -z jbad info
