#!/usr/bin/env bash
# The mount namespace template (issue 13): every zone's platform helper
# copies RUN/.mnt, the host's mount table without any zone's nsfs pins,
# instead of the host's own table, which holds every running zone's pins.
# So its copy stays the same size beside one zone or many; mounts the host
# makes later reach the template (it is a slave of the host's "/"); a zone
# whose root is not the same in the template as on the host (a mount that
# did not reach it) is built from the host's table and the template is
# replaced by a fresh one.
source "$(dirname "$0")/lib.sh"
TPL=/run/zones/.mnt
ZP2=/srv/zones-tpl-shared.$$ ZP3=/srv/zones-tpl-private.$$ NSPIN=/srv/zones-tpl-netns.$$

cleanup() {
  remove_zones ta tb tc td te tf
  umount -l "$ZP3/data" "$ZP3/fs" "$ZP3" "$ZP2" "$NSPIN" 2>/dev/null
  rm -f "$NSPIN"
  rm -rf /zones "$ZP2" "$ZP3"
}
on_exit cleanup
need_zoneadmd
plan 30

fstypes() {  # the file system types of a mount table (field after " - ")
  awk '{for (i = 7; i <= NF; i++) if ($i == "-") {print $(i + 1); break}}' "$@"
}
in_tpl() { nsenter --mount="$TPL" "$@"; }
tpl_nsfs() { in_tpl cat /proc/self/mountinfo | fstypes | grep -c '^nsfs$'; }
tpl_mounts() { in_tpl cat /proc/self/mountinfo | wc -l; }
host_nsfs() { fstypes /proc/self/mountinfo | grep -c '^nsfs$'; }
marker() {  # ZONE: a file in its root that only it has
  echo "$1 root" > "$(zonecfg -z "$1" info zonepath | awk '{print $2}')/root/marker"
}

check_eq "the host's / is shared (systemd's default): the template can follow it" shared \
  "$(findmnt -n -o PROPAGATION /)"
for z in ta tb; do
  zonecfg -z $z "create; set zonepath=/zones/$z" >/dev/null
  check "install $z" zoneadm -z $z install
done
umount "$TPL" 2>/dev/null   # none from an earlier test: this one makes it
# Another namespace pin on the host, on a private mount (as another store
# root's pins would be): the template must not keep it alive either.
touch "$NSPIN" && mount --bind /proc/self/ns/net "$NSPIN" && mount --make-private "$NSPIN"

check "ready ta" zoneadm -z ta ready
check_eq "ta's ready pinned the template RUN/.mnt (an nsfs file)" nsfs "$(stat -f -c %T "$TPL")"
check "the template is a mount namespace of its own, not the host's" \
  test "$(in_tpl readlink /proc/self/ns/mnt)" != "$(readlink /proc/self/ns/mnt)"
check "the host's table holds ta's pins (what the template keeps out)" test "$(host_nsfs)" -ge 4
check_eq "the template's table holds no nsfs pin (neither ta's nor the private one)" "0 nsfs" \
  "$(tpl_nsfs) $(findmnt -n -o FSTYPE "$NSPIN")"
check_match "its / is a slave of the host's" "master:" \
  "$(in_tpl awk '$5 == "/"' /proc/self/mountinfo | tail -1)"
check_eq "ta's pins are below one mount, RUN/ta/ns (halt detaches them at once)" \
  "/run/zones/ta/ns /run/zones/ta/ns/cgroup /run/zones/ta/ns/mnt /run/zones/ta/ns/net /run/zones/ta/ns/user /run/zones/ta/ns/uts" \
  "$(mounts_under /run/zones/ta/ns | sort | tr '\n' ' ' | sed 's/ $//')"
size=$(tpl_mounts)
check "boot tb beside ta" zoneadm -z tb boot
check "boot ta" zoneadm -z ta boot
check_eq "with two zones running, the template's table is as it was ($size mounts)" "$size 0" \
  "$(tpl_mounts) $(tpl_nsfs)"
check "the host's table holds both zones' pins" test "$(host_nsfs)" -ge 8

# A file system the host mounts later (under its shared /) reaches the
# template, and a zone on it is built from the template.
mkdir -p "$ZP2"
mount -t tmpfs -o mode=0755 tmpfs "$ZP2"
check "a file system mounted after the template reaches it" in_tpl findmnt "$ZP2"
zonecfg -z tc "create; set zonepath=$ZP2/tc" >/dev/null
zoneadm -z tc install >/dev/null && marker tc
run zoneadm -z tc boot -v
check_eq "boot tc (zonepath on it)" 0 "$rc"
check_eq "... from the template (it was not dropped)" "" "$(grep -F 'stale mount namespace template' <<<"$err$out")"
check_eq "tc sees its own root" "tc root" "$(zlogin tc cat /marker 2>&1)"

# A mount that does not reach the template (under a private host mount):
# the zone is built from the host's table, the template dropped and made
# afresh at the next ready, with the new mount in it.
mkdir -p "$ZP3"
mount --bind "$ZP3" "$ZP3" && mount --make-private "$ZP3"
mkdir -p "$ZP3/fs" && mount -t tmpfs -o mode=0755 tmpfs "$ZP3/fs"
check "the precondition: the template does not see the mount" in_tpl sh -c "! findmnt '$ZP3/fs'"
zonecfg -z td "create; set zonepath=$ZP3/fs/td" >/dev/null
zoneadm -z td install >/dev/null && marker td
run zoneadm -z td boot -v
check_eq "boot td (its root is not the same in the template)" 0 "$rc"
check_match "boot -v says the stale template was dropped" "platform helper: stale mount namespace template dropped" "$out$err"
check_eq "td sees its own root, not the empty directory under the mount" "td root" "$(zlogin td cat /marker 2>&1)"
check_eq "the template is unpinned" tmpfs "$(stat -f -c %T "$TPL")"
check "halt ta" zoneadm -z ta halt
check_eq "nothing of ta is mounted any more" "" "$(mounts_under /run/zones/ta)"
zonecfg -z te "create; set zonepath=/zones/te" >/dev/null
zoneadm -z te install >/dev/null
check "ready te" zoneadm -z te ready
check_eq "a fresh template was pinned, without pins" "nsfs 0" "$(stat -f -c %T "$TPL") $(tpl_nsfs)"
check "it has the mount the old one lacked" in_tpl findmnt "$ZP3/fs"

# The same for a directory the zone gets from the host (an fs resource's
# special), not its root.
mkdir -p "$ZP3/data" && mount -t tmpfs -o mode=0755 tmpfs "$ZP3/data" && echo "host data" > "$ZP3/data/marker"
zonecfg -z tf "create; set zonepath=/zones/tf; add fs; set dir=/data; set special=$ZP3/data; set type=lofs; end" >/dev/null
zoneadm -z tf install >/dev/null
run zoneadm -z tf boot -v
check_match "boot tf: its fs special is not the same in the template: dropped" \
  "platform helper: stale mount namespace template dropped" "$out$err"
check_eq "tf sees the host's mount at /data, not the directory under it" "host data" "$(zlogin tf cat /data/marker 2>&1)"
