#!/usr/bin/env bash
# A zone's life outside running (illumos zoneadm(8)): clone, move, detach,
# attach, mark; and what each zone has of its own (hostid, machine-id,
# ssh host keys, id range). Messages and exit codes as illumos.
source "$(dirname "$0")/lib.sh"
cleanup_zones() {
  for z in $(zoneadm list -cp | cut -d: -f2 | grep -v '^global$'); do
    zoneadm -z "$z" halt >/dev/null 2>&1
    zoneadm -z "$z" uninstall -F >/dev/null 2>&1
    zonecfg -z "$z" delete -F >/dev/null 2>&1
  done
  umount -R /zones /zones2 2>/dev/null
  rm -rf /zones /zones2
}
on_exit cleanup_zones
plan 115
# Zone roots on a file system of their own: on the test host's overlayfs
# files and directories report different st_dev, which no walk that stays
# on one file system can cope with.
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones
owner() { stat -c '%u:%g' "$1"; }
base() { awk -v z="$1" '$1 == z {print $2}' /etc/zones/idmap; }

# --- hostid: the zone's own /etc/hostid ---------------------------------------
zonecfg -z hid 'create; set zonepath=/zones/hid; set hostid=0x0badcafe' >/dev/null
check "install" zoneadm -z hid install
check "boot a zone with a hostid" zoneadm -z hid boot
check_eq "hostid in the zone is the configured one" 0badcafe "$(zlogin hid hostid)"
check_eq "/etc/hostid belongs to zone root" "$(base hid):$(base hid)" "$(owner /zones/hid/root/etc/hostid)"
zonecfg -z hid 'set hostid=12345678'
check "halt" zoneadm -z hid halt
check "boot" zoneadm -z hid boot
check_eq "a changed hostid is the zone's from its next boot" 12345678 "$(zlogin hid hostid)"
check "halt" zoneadm -z hid halt

# --- clone ------------------------------------------------------------------------
uuid() { zoneadm -z "$1" list -p | cut -d: -f5; }
zonecfg -z src 'create; set zonepath=/zones/src' >/dev/null
check "install the source" zoneadm -z src install
check "boot it" zoneadm -z src boot
zlogin src 'echo from-src > /root/marker; mkdir -p /srv/data; echo x > /srv/data/f; chown 1000:1000 /srv/data/f'
BS=$(base src)
check_eq "a file zone root wrote is BASE on the host" "$BS:$BS" "$(owner /zones/src/root/root/marker)"
zonecfg -z dst 'create; set zonepath=/zones/dst' >/dev/null
run zoneadm -z dst clone src
check_eq "clone of a running source exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'dst': clone operation is invalid for running zones." "$err"
check "halt the source" zoneadm -z src halt
zonecfg -z cfgonly 'create; set zonepath=/zones/cfgonly' >/dev/null
run zoneadm -z dst clone cfgonly
check_eq "clone of a configured source" "1 zoneadm: zone cfgonly is configured; installed is required." "$rc $err"
run zoneadm -z dst clone nosuch
check_eq "clone of an unknown source" "1 zoneadm: nosuch: could not get state: No such zone configured" "$rc $err"
run zoneadm -z dst clone global
check_eq "clone of the global zone" "1 zoneadm: zone 'dst': clone operation is invalid for the global zone." "$rc $err"
zonecfg -z wr 'create -b; set zonepath=/zones/wr' >/dev/null
run zoneadm -z wr clone src
check_eq "clone across brands" "1 zoneadm: Zones 'src' and 'wr' have different brand types." "$rc $err"
run zoneadm -z dst clone -m fast src
check_eq "clone -m with another method than copy is a usage error" 2 "$rc"
run zoneadm -z dst clone -s snap1 src
check_match "clone -s is refused: no ZFS snapshots" "^zoneadm: zone 'dst': -s snap1: there are no ZFS snapshots here" "$err"
run zoneadm -z src clone src
check_eq "clone onto an installed zone" "1 zoneadm: zone 'src': is already installed." "$rc $err"

run zoneadm -z dst clone src
check_eq "clone exits 0" "0" "$rc"
check_eq "and says it copied (tmpfs has no reflinks)" "Copying /zones/src (tmpfs has no reflinks)..." "$out"
check_eq "the clone is installed" installed "$(state dst)"
check "with a uuid of its own" test -n "$(uuid dst)" -a "$(uuid dst)" != "$(uuid src)"
check_eq "the source is still installed" installed "$(state src)"
R=/zones/dst/root
check_eq "the clone has the source's files" from-src "$(cat $R/root/marker)"
check_eq "its own hostname" dst "$(cat $R/etc/hostname)"
check "its own machine-id" test "$(cat $R/etc/machine-id)" != "$(cat /zones/src/root/etc/machine-id)"
check_match "/etc/hosts names the clone" '[[:space:]]dst$' "$(grep 127.0.1.1 $R/etc/hosts)"
if [ -e /zones/src/root/etc/ssh/sshd_config ]; then
  check "new ssh host keys" test "$(cut -d' ' -f2 $R/etc/ssh/ssh_host_ed25519_key.pub)" != \
    "$(cut -d' ' -f2 /zones/src/root/etc/ssh/ssh_host_ed25519_key.pub)"
  check_match "made for the clone" 'root@dst$' "$(cat $R/etc/ssh/ssh_host_ed25519_key.pub)"
else
  skip "new ssh host keys" "no sshd configuration (openssh-server is not installed)"
  skip "made for the clone" "no sshd configuration"
fi
check_eq "until its first ready its files carry the source's range" "$BS:$BS" "$(owner $R/root/marker)"
check_eq "as ZONEPATH/idbase records" "$BS" "$(cat /zones/dst/idbase)"
check "boot the clone" zoneadm -z dst boot
BT=$(base dst)
check "it has its own id range" test -n "$BT" -a "$BT" != "$BS"
check_eq "the shift moved the owners into it" "$BT:$BT" "$(owner $R/root/marker)"
check_eq "a user's files too" "$((BT + 1000)):$((BT + 1000))" "$(owner $R/srv/data/f)"
check_eq "the new record" "$BT" "$(cat /zones/dst/idbase)"
check_eq "the source's files are untouched" "$BS:$BS $((BS + 1000)):$((BS + 1000))" \
  "$(owner /zones/src/root/root/marker) $(owner /zones/src/root/srv/data/f)"
check_eq "in the clone root owns its files" "0 0 dst" "$(zlogin dst 'echo $(stat -c %u /root/marker) $(stat -c %g /root/marker) $(hostname)')"
check_eq "and 1000 the user's" "1000" "$(zlogin dst stat -c %u /srv/data/f)"
run zoneadm -z src boot
check_eq "the source boots while its clone runs" 0 "$rc"
check "halt both" zoneadm -z src halt
check "halt the clone" zoneadm -z dst halt
zonecfg -z cp2 'create; set zonepath=/zones/cp2' >/dev/null
run zoneadm -z cp2 clone -m copy src
check_eq "clone -m copy says Copying, as illumos" "0 Copying /zones/src..." "$rc $out"

# --- move ---------------------------------------------------------------------------
run zoneadm -z cfgonly move /zones/x
check_eq "move of a configured zone" "1 zoneadm: zone 'cfgonly': must be installed before move." "$rc $err"
mkdir -p /zones/full && touch /zones/full/x
run zoneadm -z cp2 move /zones/full
check_eq "move onto a directory that is not empty" "1 zoneadm: could not move zone to /zones/full: directory not empty" "$rc $err"
check "boot cp2" zoneadm -z cp2 boot
run zoneadm -z cp2 move /zones/moved/cp2
check_eq "move of a running zone" "1 zoneadm: zone 'cp2': move operation is invalid for running zones." "$rc $err"
check "halt cp2" zoneadm -z cp2 halt
run zoneadm -z cp2 move /zones/moved/cp2
check_eq "move on one file system: a rename, nothing said" "0 " "$rc $out$err"
check_eq "list shows the new zonepath" "/zones/moved/cp2" "$(zoneadm -z cp2 list -p | cut -d: -f4)"
check_match "so does the configuration" 'zonepath: /zones/moved/cp2' "$(zonecfg -z cp2 info zonepath)"
check "the old zonepath is gone" test ! -e /zones/cp2
check_eq "the new one is 0700 root" "700 0:0" "$(stat -c '%a %u:%g' /zones/moved/cp2)"
check "it boots there" zoneadm -z cp2 boot
check_eq "and is the same zone" from-src "$(zlogin cp2 cat /root/marker)"
check "halt" zoneadm -z cp2 halt
mkdir -p /zones2 && mount -t tmpfs -o mode=0755 zones2 /zones2
run zoneadm -z cp2 move /zones2/cp2
check_eq "move across file systems exits 0" 0 "$rc"
check_eq "copies, then cleans up (illumos's lines)" \
  "Moving across file systems; copying zonepath /zones/moved/cp2...
Cleaning up zonepath /zones/moved/cp2..." "$out"
check "the old zonepath is gone" test ! -e /zones/moved/cp2
check "it boots on the other file system" zoneadm -z cp2 boot
check_eq "with its files" from-src "$(zlogin cp2 cat /root/marker)"
check "halt" zoneadm -z cp2 halt

# --- detach / attach ----------------------------------------------------------------
run zoneadm -z dst detach -n
printf '%s\n' "$out" > "$WORK/manifest.xml"
check_eq "detach -n exits 0" 0 "$rc"
check_match "and prints the manifest: the configuration" '<zone name="dst" zonepath="/zones/dst"' "$out"
check_match "with what attach checks" "<detached version=\"1\" uuid=\"$(uuid dst)\" idbase=\"$BT\" os-id=" "$out"
check_eq "detach -n changes nothing" "installed" "$(state dst)"
check "no manifest written" test ! -e /zones/dst/SUNWdetached.xml
run zoneadm -z cfgonly detach
check_eq "detach of a configured zone" "1 zoneadm: zone 'cfgonly': must be installed before detach." "$rc $err"
check "boot dst" zoneadm -z dst boot
run zoneadm -z dst detach
check_eq "detach of a running zone" "1 zoneadm: zone 'dst': detach operation is invalid for running zones." "$rc $err"
check "halt" zoneadm -z dst halt
check "detach" zoneadm -z dst detach
check_eq "leaves the zone configured" configured "$(state dst)"
check_eq "without a uuid" "" "$(uuid dst)"
check "with its manifest in the zonepath" test -s /zones/dst/SUNWdetached.xml
check_eq "its id range went back to the pool" "" "$(base dst)"
check_eq "the files keep their owners" "$BT:$BT" "$(owner $R/root/marker)"
run zoneadm -z dst boot
check_eq "a detached zone does not boot" "1 zoneadm: zone 'dst': must be installed before boot." "$rc $err"
run zoneadm -z dst attach -n "$WORK/manifest.xml"
check_eq "attach -n of its manifest: silent, 0" "0 " "$rc $out$err"
run zoneadm -z dst attach -n - <"$WORK/manifest.xml"
check_eq "attach -n - reads stdin" "0 " "$rc $out$err"
echo "not xml" >"$WORK/bogus"
run zoneadm -z dst attach -n "$WORK/bogus"
check_eq "attach -n of what is not a manifest" "1 zoneadm: Input is not a valid XML file" "$rc $err"
run zoneadm -z dst attach -n /nonexistent
check_match "attach -n of a missing file" "^zoneadm: zone 'dst': could not open manifest path /nonexistent: No such file or directory$" "$err"
run zoneadm -z dst attach -F -n "$WORK/manifest.xml"
check_eq "-F and -n" "1 zoneadm: zone 'dst': -F and -n flags are mutually exclusive" "$rc $err"
zonecfg -z dst 'set brand=whole'
run zoneadm -z dst attach
check_eq "attach refuses another brand than the detached zone's" \
  "1 zoneadm: zone 'dst': the detached zone's brand is sparse, the configured brand is whole." "$rc $err"
check_eq "and leaves it configured" configured "$(state dst)"
zonecfg -z dst 'set brand=sparse'
run zoneadm -z dst attach
check_eq "attach exits 0, silent" "0 " "$rc $out$err"
check_eq "the zone is installed" installed "$(state dst)"
check "the manifest is gone" test ! -e /zones/dst/SUNWdetached.xml
check "it boots" zoneadm -z dst boot
check_eq "its files moved into its (new) range" "$(base dst):$(base dst)" "$(owner $R/root/marker)"
check_eq "zone root still owns them" 0 "$(zlogin dst stat -c %u /root/marker)"
check "halt" zoneadm -z dst halt
check "detach again" zoneadm -z dst detach
rm /zones/dst/SUNWdetached.xml
run zoneadm -z dst attach
check_match "attach without a manifest is refused" "^zoneadm: zone 'dst': /zones/dst/SUNWdetached.xml: no detach manifest; attach -F attaches without checks$" "$err"
check "attach -F attaches without one" zoneadm -z dst attach -F
check_eq "installed" installed "$(state dst)"
check "and boots" zoneadm -z dst boot
check "halt" zoneadm -z dst halt

# --- mark ------------------------------------------------------------------------------
run zoneadm -z cfgonly mark unavailable
check_eq "mark unavailable of a configured zone" "1 zoneadm: zone 'cfgonly': must be installed before mark." "$rc $err"
run zoneadm -z src mark bogus
check_eq "mark with another state is a usage error" 2 "$rc"
check "mark unavailable" zoneadm -z src mark unavailable
check_eq "the zone is unavailable" unavailable "$(state src)"
check_match "list -cv shows it" '^ +- src +unavailable +/zones/src ' "$(zoneadm list -cv)"
check_match "list -i lists it" '^src$' "$(zoneadm list -i)"
run zoneadm -z src boot
check_eq "it does not boot" "1 zoneadm: zone 'src': must be installed before boot." "$rc $err"
run zoneadm -z src install
check_eq "nor installs" "1 zoneadm: zone 'src': is already installed." "$rc $err"
check "attach checks it and makes it installed" zoneadm -z src attach
check_eq "installed again" installed "$(state src)"
check "mark incomplete" zoneadm -z src mark incomplete
check_eq "incomplete" incomplete "$(state src)"
check "uninstall" zoneadm -z src uninstall -F
check "ZONEPATH/idbase went with the root" test ! -e /zones/src/idbase
