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
  umount -R /zones 2>/dev/null
  rm -rf /zones
}
on_exit cleanup_zones
plan 8
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
