#!/usr/bin/env bash
# zoneadm clone of a zone holding 1 GB of data where the zonepath's file
# system shares extents (xfs with reflink=1, btrfs: loop devices made here)
# and where it does not (ext4): the clone says how it was made, has the same
# data, costs far less than 1 GB on a reflink file system and at least 1 GB
# on ext4, writes of the clone do not reach the source (copy on write), and
# the clone has its own identity and boots. zonepath.sh covers clone's
# refusals, tmpfs copies, move, detach/attach; this adds real file systems.
source "$(dirname "$0")/lib.sh"
MNT="" IMG=""
unmount_fs() {
  [ -n "$MNT" ] && { umount "$MNT" 2>/dev/null || umount -l "$MNT"; rmdir "$MNT"; }
  [ -n "$IMG" ] && rm -f "$IMG"
  MNT="" IMG=""
}
cleanup() {
  remove_zones src dst cp far
  umount /zp-tmp 2>/dev/null && rmdir /zp-tmp
  unmount_fs
}
on_exit cleanup
need_zoneadmd
plan 74
MB=$((1024 * 1024))
owner() { stat -c '%u:%g' "$1"; }
base() { awk -v z="$1" '$1 == z {print $2}' /etc/zones/idmap; }
used() { sync -f "$MNT"; df --output=used -B1 "$MNT" | tail -1 | tr -d ' '; }
# mkfs_mount TYPE MKFS...: a 3 GB image (on the test host's tmpfs: only
# what is written takes memory) mounted at /zp-TYPE with -o loop, which
# takes a free loop device and sets it to detach itself when unmounted (the
# loop devices are the machine's: none may stay behind, even if the test
# host is killed and its mounts just vanish).
mkfs_mount() {
  local type=$1; shift
  IMG=$WORK/$type.img MNT=/zp-$type
  truncate -s 3G "$IMG"
  mkdir -p "$MNT"
  "$@" "$IMG" >/dev/null 2>&1 && mount -t "$type" -o loop "$IMG" "$MNT"
}
# The zone's data: 1 GB in four files of 256 MB of random bytes (a 16 MB
# random block repeated, so that writing it costs little CPU), written by
# the zone itself, owned by a user of the zone. dd, not cat: cat's
# copy_file_range from the zone's /tmp (same file system) would share the
# block's extents, and the source would not take 1 GB.
fill_zone() {
  zlogin src 'set -e; mkdir -p /srv/big; head -c 16M /dev/urandom > /tmp/blk
    for f in 1 2 3 4; do for i in $(seq 16); do dd if=/tmp/blk bs=1M status=none; done > /srv/big/$f; done
    rm /tmp/blk; chown -R 1000:1000 /srv/big; echo x > /root/marker'
}
listing() { (cd "$1" && find srv root \( -type f -printf '%p f %m %U:%G %s\n' \) -o -printf '%p %y %m %U:%G\n' | sort); }

# clone_on TYPE WANT_REFLINK: source zone, its 1 GB, the clone, its checks.
clone_on() {
  local type=$1 reflink=$2 zp=/zp-$1
  zonecfg -z src "create; set zonepath=$zp/src" >/dev/null
  zonecfg -z dst "create; set zonepath=$zp/dst" >/dev/null
  check "$type: install the source" zoneadm -z src install
  check "$type: boot it" zoneadm -z src boot
  check "$type: it writes 1 GB" fill_zone
  check_eq "$type: 1 GB in its root" $((1024 * MB)) "$(cat $zp/src/root/srv/big/* | wc -c)"
  check "$type: halt it" zoneadm -z src halt
  check "$type: which takes 1 GB of the file system" test $(($(used) / MB)) -ge 1024
  local before after t0 t1 grew
  before=$(used)
  t0=$(date +%s%N)
  run zoneadm -z dst clone src
  t1=$(date +%s%N)
  after=$(used)
  grew=$(((after - before) / MB))
  echo "# $type: clone took $(((t1 - t0) / 1000000)) ms; used ${before}B before, ${after}B after: +$grew MB"
  check_eq "$type: clone exits 0" 0 "$rc"
  if [ "$reflink" = yes ]; then
    check_eq "$type: and says it cloned by reflink" \
      "Cloning $zp/src by reflink ($type: the clone shares the data until either zone writes it)..." \
      "$(head -1 <<<"$out")"
    check "$type: the file system grew by far less than 1 GB (+$grew MB)" test "$grew" -lt 100
  else
    check_eq "$type: and says it copied" "Copying $zp/src ($type has no reflinks)..." "$(head -1 <<<"$out")"
    check "$type: the file system grew by at least 1 GB (+$grew MB)" test "$grew" -ge 1024
  fi
  check_eq "$type: the clone is installed" installed "$(state dst)"
  local f same=0
  for f in 1 2 3 4; do cmp -s "$zp/src/root/srv/big/$f" "$zp/dst/root/srv/big/$f" || same=1; done
  check_eq "$type: the data is identical" 0 "$same"
  check_eq "$type: so are names, types, modes, owners, sizes" "$(listing $zp/src/root)" "$(listing $zp/dst/root)"
  check_eq "$type: its own hostname" dst "$(cat $zp/dst/root/etc/hostname)"
  check "$type: its own machine-id" test "$(cat $zp/dst/root/etc/machine-id)" != "$(cat $zp/src/root/etc/machine-id)"
  if [ -e $zp/src/root/etc/ssh/ssh_host_ed25519_key.pub ]; then
    check "$type: its own ssh host keys" test "$(cut -d' ' -f2 $zp/dst/root/etc/ssh/ssh_host_ed25519_key.pub)" != \
      "$(cut -d' ' -f2 $zp/src/root/etc/ssh/ssh_host_ed25519_key.pub)"
  else
    skip "$type: its own ssh host keys" "the source has no ssh host keys (openssh-server is not installed)"
  fi
  check "$type: the clone boots" zoneadm -z dst boot
  local bs bt
  bs=$(base src) bt=$(base dst)
  check "$type: in an id range of its own" test -n "$bt" -a "$bt" != "$bs"
  check_eq "$type: its user's files moved into it" "$((bt + 1000)):$((bt + 1000))" "$(owner $zp/dst/root/srv/big/1)"
  check_eq "$type: inside, its name, and the user owns the data" "dst 1000 $((256 * MB))" \
    "$(zlogin dst 'echo $(hostname) $(stat -c %u /srv/big/1) $(wc -c < /srv/big/1)')"
  zlogin dst 'printf changed | dd of=/srv/big/1 conv=notrunc status=none'
  check_eq "$type: a write in the clone stays there" changed "$(head -c 7 $zp/dst/root/srv/big/1)"
  check "$type: the source's data is unchanged" test "$(head -c 7 $zp/src/root/srv/big/1)" != changed
  check "$type: halt the clone" zoneadm -z dst halt
}

# --- xfs with reflink=1 -------------------------------------------------------
if mkfs_mount xfs mkfs.xfs -f -m reflink=1; then _r=0; else _r=1; fi
_report $_r "xfs: mkfs.xfs -m reflink=1, mounted on a loop device"
clone_on xfs yes
# -m copy on a reflink file system really copies.
zonecfg -z cp "create; set zonepath=/zp-xfs/cp" >/dev/null
before=$(used)
run zoneadm -z cp clone -m copy src
grew=$((($(used) - before) / MB))
check_eq "xfs: clone -m copy says it copies" "0 Copying /zp-xfs/src..." "$rc $(head -1 <<<"$out")"
check "xfs: and the file system grew by at least 1 GB (+$grew MB)" test "$grew" -ge 1024
remove_zones src dst cp
unmount_fs

# --- btrfs --------------------------------------------------------------------
if mkfs_mount btrfs mkfs.btrfs -f; then _r=0; else _r=1; fi
_report $_r "btrfs: mkfs.btrfs, mounted on a loop device"
clone_on btrfs yes
remove_zones src dst
unmount_fs

# --- ext4: no reflinks, a real copy -------------------------------------------
if mkfs_mount ext4 mkfs.ext4 -q -F; then _r=0; else _r=1; fi
_report $_r "ext4: mkfs.ext4, mounted on a loop device"
clone_on ext4 no
# Across file systems (the source without its 1 GB now): a copy, and clone
# says why.
rm -rf /zp-ext4/src/root/srv/big
mkdir -p /zp-tmp && mount -t tmpfs -o mode=0755 zptmp /zp-tmp
zonecfg -z far "create; set zonepath=/zp-tmp/far" >/dev/null
run zoneadm -z far clone src
check_eq "ext4 to tmpfs: clone copies, and says why" \
  "0 Copying /zp-ext4/src (another file system than /zp-tmp/far)..." "$rc $(head -1 <<<"$out")"
check_eq "ext4 to tmpfs: the copy has the source's files" x "$(cat /zp-tmp/far/root/root/marker)"
check "ext4 to tmpfs: the copy boots" zoneadm -z far boot
remove_zones src dst far
umount /zp-tmp && rmdir /zp-tmp
unmount_fs
