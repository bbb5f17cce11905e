#!/usr/bin/env bash
# zoneadm install / uninstall / mark / verify through the service: states,
# the seeded zone root, modes, whole-root images, failures that leave the
# zone incomplete, symlinks planted to lead the global zone astray, and
# illumos' messages and exit codes for illegal transitions.
source "$(dirname "$0")/lib.sh"
M=(org.zones.Manager /org/zones org.zones.Manager)
uuid() { zoneadm -z "$1" list -p | cut -d: -f5; }
mode() { stat -c '%a %u:%g' "$1"; }
cleanup_zones() {
  for z in $(zoneadm list -cp | cut -d: -f2 | grep -v '^global$'); do
    zoneadm -z "$z" uninstall -F >/dev/null 2>&1
    zonecfg -z "$z" delete -F >/dev/null 2>&1
  done
  rm -rf /zones /zones2
}
on_exit cleanup_zones
plan 170

# --- sparse: install, what it made, uninstall -------------------------------
zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
run zoneadm -z web verify
check_eq "verify of a configured zone with no zonepath yet exits 0" 0 "$rc"
check_match "and warns that the zonepath does not exist" \
  "^WARNING: /zones/web does not exist, so it could not be verified.$" "$err"
check_match "with illumos's whole warning" "^/zones/web overlaps with any other installed zones.$" "$err"

check "install a sparse zone" zoneadm -z web install
check_eq "install printed nothing" "" "$out$err"
check_eq "the zone is installed" installed "$(state web)"
check_match "and has a uuid" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "$(uuid web)"
check_match "the index line has state and uuid" "^web:installed:/zones/web:$(uuid web)\$" "$(cat /etc/zones/index)"
check_eq "the UUID property matches" "s \"$(uuid web)\"" "$(busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone UUID)"
check_eq "the State property says installed" 's "installed"' "$(busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone State)"
check_eq "/zones is 0755 root" "755 0:0" "$(mode /zones)"
check_eq "the zonepath is 0700 root" "700 0:0" "$(mode /zones/web)"
R=/zones/web/root
check_eq "the root is 0755 root" "755 0:0" "$(mode $R)"
check_eq "/etc/hostname is the zone name" web "$(cat $R/etc/hostname)"
check_match "/etc/passwd has root" '^root:x:0:0:' "$(cat $R/etc/passwd)"
check_eq "and only the host's system accounts (uid below 1000, nobody)" "" \
  "$(awk -F: '$3 >= 1000 && $3 != 65534' $R/etc/passwd)"
check_eq "each of them is one of the host's" "" \
  "$(cut -d: -f1,3 $R/etc/passwd | grep -vxF -f <(cut -d: -f1,3 /etc/passwd) | grep -v '^root:0$')"
check_match "/etc/group has root" '^root:x:0:' "$(cat $R/etc/group)"
check_eq "and only system groups" "" "$(awk -F: '$3 >= 1000 && $3 != 65534' $R/etc/group)"
check_match "/etc/shadow locks root's password" '^root:\*:[0-9]+:0:99999:7:::$' "$(cat $R/etc/shadow)"
check_eq "/etc/shadow is 0600 root" "600 0:0" "$(mode $R/etc/shadow)"
check_match "/etc/hosts has localhost" '^127\.0\.0\.1[[:space:]]+localhost' "$(cat $R/etc/hosts)"
check_match "/etc/hosts has the zone name" '[[:space:]]web$' "$(cat $R/etc/hosts)"
if [ -f /etc/resolv.conf ] && [ ! -L /etc/resolv.conf ]; then
  check_eq "/etc/resolv.conf is the host's" "$(cat /etc/resolv.conf)" "$(cat $R/etc/resolv.conf)"
else skip "/etc/resolv.conf is the host's" "the host's /etc/resolv.conf is no plain file"; fi
check_match "/etc/nsswitch.conf uses files" '^passwd:[[:space:]]+files$' "$(cat $R/etc/nsswitch.conf)"
check_eq "/etc/os-release points into the inherited /usr" ../usr/lib/os-release "$(readlink $R/etc/os-release)"
check_match "/etc/machine-id is 32 hex digits" '^[0-9a-f]{32}$' "$(cat $R/etc/machine-id)"
check "/etc/machine-id is not the host's" test "$(cat $R/etc/machine-id)" != "$(cat /etc/machine-id 2>/dev/null)"
check_eq "/tmp is 1777" "1777 0:0" "$(mode $R/tmp)"
check_eq "/var/tmp is 1777" "1777 0:0" "$(mode $R/var/tmp)"
check "/var/log exists" test -d $R/var/log
check_eq "/root is 0700" "700 0:0" "$(mode $R/root)"
for d in home proc sys dev usr; do check "/$d exists" test -d "$R/$d" -a ! -L "$R/$d"; done
check_eq "/usr is an empty mount point" "" "$(ls -A $R/usr)"
for l in bin sbin lib lib64; do
  if [ -L "/$l" ]; then
    check_eq "/$l mirrors the host's symlink" "$(readlink /$l)" "$(readlink $R/$l)"
  else skip "/$l mirrors the host's symlink" "/$l is no symlink on this host"; fi
done
check_match "the zone takes little disk: its /etc (du -s, under 10 MB)" '^[0-9]{1,4}[[:space:]]' "$(du -sk /zones/web)"
check "verify of an installed zone" zoneadm -z web verify
check_eq "is silent" "" "$out$err"

run zoneadm -z web install
check_eq "install of an installed zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'web': is already installed." "$err"

# --- uninstall ---------------------------------------------------------------
check "ready gives the zone its user-namespace id range" zoneadm -z web ready
check_match "recorded in /etc/zones/idmap" '^web [0-9]+$' "$(grep '^web ' /etc/zones/idmap)"
check "halt" zoneadm -z web halt
run zoneadm -z web uninstall </dev/null
check_eq "uninstall without -F from a non-tty exits 1" 1 "$rc"
check_eq "with illumos's message" \
  "zoneadm: zone 'web': Input not from terminal and -F not specified: uninstall not done." "$err"
check_eq "and nothing was done" installed "$(state web)"
echo "keep" > $R/root/file
check "uninstall -F" zoneadm -z web uninstall -F
check_eq "the zone is configured again" configured "$(state web)"
check_eq "its uuid is gone" "" "$(uuid web)"
check_match "the index line has no uuid" '^web:configured:/zones/web:$' "$(cat /etc/zones/index)"
check "the zone root is gone" test ! -e $R
check "the zonepath stays" test -d /zones/web
check "uninstall gave the id range back" sh -c '! grep -q "^web " /etc/zones/idmap'
run zoneadm -z web uninstall -F
check_eq "uninstall of a configured zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'web': is already in state 'configured'." "$err"

# --- mark incomplete, incomplete rules ----------------------------------------
check "install again" zoneadm -z web install
check "mark incomplete" zoneadm -z web mark incomplete
check_eq "the zone is incomplete" incomplete "$(state web)"
run zoneadm -z web install
check_eq "install of an incomplete zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'web': zone is incomplete; uninstall required." "$err"
run zoneadm -z web verify
check_eq "verify of an incomplete zone exits 1" 1 "$rc"
check_match "with illumos's message" "^zoneadm: zone 'web': zone is incomplete; uninstall required.$" "$err"
run zoneadm -z web mark installed
check_eq "mark takes only 'incomplete'" 2 "$rc"
check "uninstall -F of an incomplete zone" zoneadm -z web uninstall -F
check_eq "is configured" configured "$(state web)"
run zoneadm -z web boot
check_eq "boot of a configured zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'web': must be installed before boot." "$err"
run zoneadm -z web ready
check_eq "ready of a configured zone: illumos's message" "zoneadm: zone 'web': must be installed before ready." "$err"
run zoneadm -z global install
check_eq "install of the global zone exits 1" 1 "$rc"
check_eq "with illumos's message" "zoneadm: zone 'global': install operation is invalid for the global zone." "$err"
run zoneadm -z nosuch install
check_eq "install of an unknown zone" "zoneadm: nosuch: No such zone configured" "$err"
run zoneadm -z web install -q
check_eq "an unknown install option is a usage error" 2 "$rc"
run zoneadm -z web install -a /x.tar
check_eq "-a is refused for a sparse zone" 1 "$rc"
check_match "saying why" "^zoneadm: zone 'web': the sparse brand installs from the global zone" "$err"
check_eq "and the zone is still configured" configured "$(state web)"

# --- zonepath checks (verify and install) -------------------------------------
mkdir -p /zones/real && chmod 0700 /zones/real && ln -s /zones/real /zones/link
zonecfg -z lnk 'create; set zonepath=/zones/link' >/dev/null
run zoneadm -z lnk verify
check_eq "verify of a symlinked zonepath exits 1" 1 "$rc"
check_match "Resolved path mismatch" "^zoneadm: zone 'lnk': /zones/link: Resolved path mismatch$" "$err"
check_match "ends with 'failed to verify'" "^zoneadm: zone lnk failed to verify$" "$err"
run zoneadm -z lnk install
check_eq "install into a symlinked zonepath exits 1" 1 "$rc"
check_eq "and leaves the zone configured" configured "$(state lnk)"
check "and writes nothing through the link" test ! -e /zones/real/root
zonecfg -z lnk 'set zonepath=/zones/link/sub' >/dev/null
run zoneadm -z lnk install
check_match "a symlink component is refused as well" "/zones/link/sub: Resolved path mismatch" "$err"
check "nothing under the link target" test ! -e /zones/real/sub

mkdir -p /zones/open && chmod 0755 /zones/open
zonecfg -z open 'create; set zonepath=/zones/open' >/dev/null
run zoneadm -z open verify
check_eq "a zonepath readable by others fails verify" 1 "$rc"
check_match "must not be group readable" "^zoneadm: zone 'open': /zones/open must not be group readable.$" "$err"
check_match "must not be world executable" "^zoneadm: zone 'open': /zones/open must not be world executable.$" "$err"
run zoneadm -z open install
check_eq "and install refuses it" 1 "$rc"
check_eq "leaving it configured" configured "$(state open)"
chmod 0700 /zones/open && chown 65534 /zones/open
run zoneadm -z open verify
check_match "not owned by root" "^zoneadm: zone 'open': /zones/open is not owned by root.$" "$err"
chown 0 /zones/open
mkdir -p /zones/open/root/etc
run zoneadm -z open verify
check_match "a configured zone with a root already there" "^zoneadm: zone 'open': Cannot verify detached zone.$" "$err"
check_match "suggests attach" "^Use attach or remove /zones/open/root directory.$" "$err"
rm -rf /zones/open/root

zonecfg -z web 'set zonepath=/zones/web' >/dev/null
zoneadm -z web install >/dev/null 2>&1
zonecfg -z inner 'create; set zonepath=/zones/web/inner' >/dev/null
run zoneadm -z inner verify
check_match "overlapping zonepaths" "^zoneadm: zone 'inner': inner zonepath \(/zones/web/inner\) and web zonepath \(/zones/web\) overlap.$" "$err"
zonecfg -z fsz 'create; set zonepath=/zones/fsz; add fs; set dir=/mnt; set special=/x; set type=nfs; end' >/dev/null
run zoneadm -z fsz verify
check_match "fs type nfs is not allowed" "^zoneadm: zone 'fsz': cannot verify fs /mnt: type nfs is not allowed.$" "$err"

# --- symlinks planted in a zone root -----------------------------------------
cp -a /etc/hostname "$WORK/host-hostname" 2>/dev/null || true
mkdir -p /zones/evil && chmod 0700 /zones/evil && mkdir -p /zones/evil/root && ln -s /etc /zones/evil/root/etc
zonecfg -z evil 'create; set zonepath=/zones/evil' >/dev/null
run zoneadm -z evil install
check_eq "install over a planted root/etc -> /etc fails" 1 "$rc"
check_eq "the host's /etc/hostname is untouched" "$(cat "$WORK/host-hostname" 2>/dev/null)" "$(cat /etc/hostname 2>/dev/null)"
check "no passwd with only root was written to the host" grep -qv '^root:' /etc/passwd
rm -f /zones/evil/root/etc

# An installed zone whose root gains a link to the host before uninstall.
mkdir -p /victim/dir && echo precious > /victim/dir/file && echo precious > /victim/top
check "install a zone to plant links in" zoneadm -z evil install
ln -s /victim /zones/evil/root/var/victim
ln -s /victim/top /zones/evil/root/toplink
rm -rf /zones/evil/root/home && ln -s /victim/dir /zones/evil/root/home
check "uninstall -F with links to the host inside" zoneadm -z evil uninstall -F
check_eq "the host's files behind the links survive" "precious precious" "$(cat /victim/dir/file /victim/top | tr '\n' ' ' | sed 's/ $//')"
check "and the zone root is gone" test ! -e /zones/evil/root
rm -rf /victim

# --- whole root: archives and directories -------------------------------------
img="$WORK/img"
mkdir -p "$img/etc" "$img/usr/bin" "$img/var/empty"
echo "from the image" > "$img/etc/motd"
echo "old" > "$img/etc/hostname"
echo "00000000000000000000000000000000" > "$img/etc/machine-id"
printf '#!/bin/sh\necho hi\n' > "$img/usr/bin/hello"; chmod 0755 "$img/usr/bin/hello"
chown 123:456 "$img/etc/motd"
tar -C "$img" -cf "$WORK/img.tar" .
gzip -c "$WORK/img.tar" > "$WORK/img.tar.gz"
xz -c "$WORK/img.tar" > "$WORK/img.tar.xz"
zstd -q -c "$WORK/img.tar" > "$WORK/img.tar.zst"   # tools/scripts/deps.sh installs zstd
n=0
for a in img.tar img.tar.gz img.tar.xz img.tar.zst; do
  n=$((n + 1))
  z=whole$n
  zonecfg -z $z "create -b; set zonepath=/zones2/$z" >/dev/null
  check "install -a $a" zoneadm -z $z install -a "$WORK/$a"
  r=/zones2/$z/root
  check_eq "$a: installed" installed "$(state $z)"
  check_eq "$a: files of the image are there" "from the image" "$(cat $r/etc/motd 2>&1)"
  check_eq "$a: numeric owners kept" "123:456" "$(stat -c %u:%g $r/etc/motd 2>&1)"
  check_eq "$a: modes kept" "755" "$(stat -c %a $r/usr/bin/hello 2>&1)"
  check_eq "$a: hostname is the zone's" "$z" "$(cat $r/etc/hostname 2>&1)"
  check_match "$a: a fresh machine-id" '^[0-9a-f]{32}$' "$(grep -v '^0*$' $r/etc/machine-id 2>&1)"
  check "$a: uninstall" zoneadm -z $z uninstall -F
done

zonecfg -z wdir "create -b; set zonepath=/zones2/wdir" >/dev/null
check "install -d copies a directory" zoneadm -z wdir install -d "$img"
check_eq "the tree is there" "from the image" "$(cat /zones2/wdir/root/etc/motd 2>&1)"
check_eq "owners kept" "123:456" "$(stat -c %u:%g /zones2/wdir/root/etc/motd 2>&1)"
check_eq "hostname seeded" wdir "$(cat /zones2/wdir/root/etc/hostname 2>&1)"
check "the source is untouched" test "$(cat $img/etc/hostname)" = old

zonecfg -z broken "create -b; set zonepath=/zones2/broken" >/dev/null
head -c 20000 /dev/urandom > "$WORK/corrupt.tar.gz"
printf '\x1f\x8b' | dd of="$WORK/corrupt.tar.gz" conv=notrunc 2>/dev/null
run zoneadm -z broken install -a "$WORK/corrupt.tar.gz"
check_eq "install -a of a corrupt archive exits 1" 1 "$rc"
check_match "and says why" "^zoneadm: zone 'broken': cannot unpack $WORK/corrupt.tar.gz: tar exited with status" "$err"
check_eq "the zone is left incomplete" incomplete "$(state broken)"
check "uninstall cleans it up" zoneadm -z broken uninstall -F
check_eq "configured again" configured "$(state broken)"
run zoneadm -z broken install
check_eq "a whole-root zone needs -a or -d" 1 "$rc"
check_match "and says so" "exactly one of -a archive or -d path" "$err"

# An image that carries etc -> /etc must not make install write the host's /etc.
evil="$WORK/evilimg"; mkdir -p "$evil"; ln -s /etc "$evil/etc"
tar -C "$evil" -cf "$WORK/evil.tar" .
hostname_before=$(cat /etc/hostname 2>/dev/null); mid_before=$(cat /etc/machine-id 2>/dev/null)
run zoneadm -z broken install -a "$WORK/evil.tar"
check_eq "an image with etc -> /etc fails to install" 1 "$rc"
check_eq "the host's /etc/hostname is untouched" "$hostname_before" "$(cat /etc/hostname 2>/dev/null)"
check_eq "the host's /etc/machine-id is untouched" "$mid_before" "$(cat /etc/machine-id 2>/dev/null)"
check_eq "the zone is incomplete" incomplete "$(state broken)"
check "and uninstall removes the link, not /etc" zoneadm -z broken uninstall -F
check "the host's /etc is still there" test -f /etc/passwd -a -f /etc/hostname

# --- the D-Bus methods ---------------------------------------------------------
run busctl call "${M[@]}" Install sas web 0
check_match "Manager.Install of an installed zone is an InvalidState error" "is already installed" "$err"
check "Manager.Uninstall" busctl call "${M[@]}" Uninstall sb web true
check_eq "is configured" configured "$(state web)"
check "Zone.Install" busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone Install as 0
check_eq "is installed" installed "$(state web)"
run busctl call "${M[@]}" VerifyZone s web
check_eq "VerifyZone of a good zone returns no warnings" 'as 0' "$out"
check "Zone.MarkIncomplete" busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone MarkIncomplete
check_eq "is incomplete" incomplete "$(state web)"
check "Zone.Uninstall" busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone Uninstall b true
run setpriv --reuid=65534 --regid=65534 --clear-groups busctl call "${M[@]}" Install sas web 0
check "an unprivileged Install is refused" test "$rc" -ne 0
check_eq "and changes nothing" configured "$(state web)"

# PropertiesChanged (State, UUID) while installing.
busctl monitor --match "type='signal',interface='org.freedesktop.DBus.Properties',path='/org/zones/zone/web'" \
  > "$WORK/mon" 2>&1 &
mon=$!
sleep 0.5
zoneadm -z web install >/dev/null 2>&1
sleep 0.5
kill $mon 2>/dev/null; wait $mon 2>/dev/null
check_match "PropertiesChanged announces State" '"State"' "$(cat "$WORK/mon")"
check_match "PropertiesChanged announces UUID" '"UUID"' "$(cat "$WORK/mon")"
