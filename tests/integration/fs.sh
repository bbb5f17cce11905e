#!/usr/bin/env bash
# fs resources on block devices: an ext4 image on a loop device, mounted
# inside the zone's mount namespace at ready (with its options), seen
# inside after boot, gone with the zone at halt (the device is free again);
# a type that is not allowed is refused by verify, one that the fs plugin
# does not mount is refused at ready, each with one clear line; a lofs
# in a user-namespace zone is idmapped (host owners look the same inside,
# files the zone creates belong to the same ids on the host), and where
# the host file system cannot be idmapped the zone's log says so.
source "$(dirname "$0")/lib.sh"
inz() { local z=$1; shift; nsenter -t "$(initpid "$z")" -a "$@"; }
fails() { ! "$@"; }
LOOP=""
NOIDMAP=/srv/zones-it-noidmap.$$

cleanup() {
  for z in web bad idm; do
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  umount "$WORK/mnt" 2>/dev/null
  [ -n "$LOOP" ] && losetup -d "$LOOP"
  umount "$WORK/t" 2>/dev/null
  rm -rf /zones "$NOIDMAP"

}
on_exit cleanup

if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  skip_rest "no real zoneadmd installed"
fi
plan 59

# An ext4 image with a marker, on the first loop device that is free (the
# test host has the machine's /dev/loop* nodes; others may be in use).
mkdir -p "$WORK/content" "$WORK/mnt"
echo "on the block device" >"$WORK/content/marker"
truncate -s 8M "$WORK/fs.img"
check "mkfs.ext4 an image" mkfs.ext4 -q -F -d "$WORK/content" "$WORK/fs.img"
for d in /dev/loop[0-9]*; do
  if losetup "$d" "$WORK/fs.img" 2>/dev/null; then LOOP=$d; break; fi
done
if [ -z "$LOOP" ]; then
  skip_rest "no free loop device"
fi
majmin=$(printf '%d:%d' "0x$(stat -c %t "$LOOP")" "0x$(stat -c %T "$LOOP")")
# Every mount of the device in every mount namespace on the host.
dev_mounts() { awk -v d="$majmin" '$3 == d {print FILENAME": "$5}' /proc/[0-9]*/mountinfo 2>/dev/null | sort -u; }

zonecfg -z web "create; set zonepath=/zones/web
add fs; set dir=/data; set special=$LOOP; set type=ext4; add options ro; add options nosuid; end" >/dev/null
check "install web" zoneadm -z web install
check "verify accepts an ext4 fs on a block device" zoneadm -z web verify

check "ready" zoneadm -z web ready
inns() { nsenter --mount=/run/zones/web/ns/mnt "$@"; }
# The platform has no /proc: read its mount table through a process in it.
nsenter --mount=/run/zones/web/ns/mnt sleep 600 & peek=$!
for i in $(seq 1 100); do [ "$(readlink /proc/$peek/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && break; sleep 0.05; done
out=$(awk '$5 == "/data"' /proc/$peek/mountinfo)
kill $peek; wait $peek 2>/dev/null
check_match "mounted at ready in the zone's mount namespace: ext4 on $LOOP" " - ext4 $LOOP " "$out"
check_match "read-only" ' ro,|,ro,|,ro ' "$out"
check_match "nosuid" 'nosuid' "$out"
check_match "nodev (a zone's fs never has devices)" 'nodev' "$out"
check_eq "the marker is there before any zone process exists" "on the block device" "$(inns cat /data/marker 2>&1)"
check_eq "the host's own mount namespace has no mount of it" "" \
  "$(awk -v d="$majmin" '$3 == d' /proc/self/mountinfo)"

check "boot" zoneadm -z web boot
check_eq "inside the zone, /data holds the marker" "on the block device" "$(inz web cat /data/marker 2>&1)"
check "inside, the zone writes its own /tmp (so the next refusal is /data's)" inz web touch /tmp/new
check "inside, /data is read-only" fails inz web touch /data/new
check_match "findmnt inside shows ext4 on /data" "ext4" "$(inz web findmnt -n -o FSTYPE /data 2>&1)"
nsw=$(zone_nss web)

check "halt" zoneadm -z web halt
check_eq "after halt no mount namespace anywhere mounts the device" "" "$(dev_mounts)"
check_nothing_left web "$nsw" "halt with a block device fs"
check "the device is free: the host can mount it" mount -o ro "$LOOP" "$WORK/mnt"
check_eq "with the same content" "on the block device" "$(cat "$WORK/mnt/marker" 2>&1)"
umount "$WORK/mnt"

# --- types that are refused -----------------------------------------------------------
zonecfg -z bad "create; set zonepath=/zones/bad
add fs; set dir=/data; set special=server:/export; set type=nfs; end" >/dev/null
check "install bad is refused (verify runs first)" fails zoneadm -z bad install
run zoneadm -z bad verify
check_eq "verify refuses a type a zone may not have" 1 "$rc"
check_match "with a line naming the dir and the type" \
  "^zoneadm: zone 'bad': cannot verify fs /data: type nfs is not allowed\.$" "$err"

zonecfg -z bad "remove fs dir=/data; add fs; set dir=/data; set special=$LOOP; set type=debugfs; end" >/dev/null
run zoneadm -z bad verify
check_eq "verify refuses a file system type the fs plugin does not mount" 1 "$rc"
check_match "in illumos's words" "^zoneadm: zone 'bad': cannot verify fs /data: type debugfs is not supported\.$" "$err"
run zoneadm -z bad install
check_eq "and so does install" 1 "$rc"
check_eq "bad stays configured" configured "$(state bad)"
zonecfg -z bad "select fs dir=/data; set type=ext4; end" >/dev/null
check "install bad" zoneadm -z bad install

zonecfg -z bad "remove fs dir=/data; add fs; set dir=/data; set special=/etc/hostname; set type=ext4; end" >/dev/null
run zoneadm -z bad ready
check_eq "ready refuses an ext4 fs whose special is no block device" 1 "$rc"
check_match "naming it" "^zoneadm: zone 'bad': .*/etc/hostname is not a block device" "$err"
check_nothing_left bad "" "special not a block device"

# --- lofs through an idmapped mount -----------------------------------------------------
# A tmpfs of our own (idmapped mounts supported) for /data, and a directory
# of the test host's root (an overlay: not supported) for /legacy.
mkdir -p "$WORK/t" "$NOIDMAP"
mount -t tmpfs -o mode=0755 zones-it-idmap "$WORK/t"
mkdir -m 0755 "$WORK/t/share" "$WORK/t/share/u"
echo root >"$WORK/t/share/rootf"; echo user >"$WORK/t/share/userf"
chown 1000:1000 "$WORK/t/share/userf" "$WORK/t/share/u"
echo old >"$NOIDMAP/f"
zonecfg -z idm "create; set zonepath=/zones/idm
add fs; set dir=/data; set special=$WORK/t/share; set type=lofs; end
add fs; set dir=/legacy; set special=$NOIDMAP; set type=lofs; end" >/dev/null
check "install idm" zoneadm -z idm install
since=$(date '+%Y-%m-%d %H:%M:%S')
check "boot idm" zoneadm -z idm boot
check "idm: has a user namespace of its own (attr userns defaults to true)" \
  test "$(readlink "/proc/$(initpid idm)/ns/user")" != "$(readlink /proc/self/ns/user)"
check "idm: zone root is no host root" test "$(stat -c %u "/proc/$(initpid idm)")" != 0
run zlogin idm stat -c %u:%g /data/rootf
check_eq "idm: a host root file shows as 0:0 in the zone" 0:0 "$out"
run zlogin idm stat -c %u:%g /data/userf
check_eq "idm: a host uid 1000 file shows as 1000:1000 (not nobody)" 1000:1000 "$out"
check "idm: zone root creates a file on /data" zlogin idm 'echo z >/data/fromzone'
check_eq "idm: ... which is 0:0 on the host" "0:0 z" \
  "$(stat -c %u:%g "$WORK/t/share/fromzone" 2>&1) $(cat "$WORK/t/share/fromzone" 2>&1)"
check "idm: zone user 1000 creates a file in its directory" \
  zlogin idm setpriv --reuid=1000 --regid=1000 --clear-groups touch /data/u/f
check_eq "idm: ... which is 1000:1000 on the host" 1000:1000 "$(stat -c %u:%g "$WORK/t/share/u/f" 2>&1)"
journalctl --sync 2>/dev/null
log=$(journalctl --no-pager -o cat -t zoneadmd --since "$since" 2>&1)
check_eq "idm: no idmap warning for /data" "" "$(grep -F "zone 'idm': fs: WARNING: /data:" <<<"$log")"
if [ "$(stat -f -c %T "$NOIDMAP")" = overlayfs ]; then
  check_match "idm: the overlay directory could not be idmapped: the zone's log says so, naming zone and dir" \
    "^zone 'idm': fs: WARNING: /legacy: $NOIDMAP cannot be idmapped \(.*\): bound without an idmap" "$log"
  run zlogin idm stat -c %u:%g /legacy/f
  check_eq "idm: ... so there host root's file shows as nobody" 65534:65534 "$out"
  run zlogin idm 'echo z >/legacy/new'
  check "idm: ... and zone root cannot write there" test "$rc" != 0
  check "idm: ... nor did anything reach the host" test ! -e "$NOIDMAP/new"
else
  for i in 1 2 3 4 5; do skip "idm: a directory that cannot be idmapped ($i)" "$NOIDMAP is on $(stat -f -c %T "$NOIDMAP"), not an overlay"; done
fi
check "halt idm" zoneadm -z idm halt
