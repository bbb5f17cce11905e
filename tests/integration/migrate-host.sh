#!/usr/bin/env bash
# One host of integration-migrate (tests/integration/migrate.sh runs it in
# two fresh test hosts in turn): `detach SHARE` on the first, `attach SHARE`
# on the second; SHARE is the directory both see. `plan STAGE` prints the
# number of checks of STAGE (migrate.sh sums them into its plan).
PLAN_DETACH=14 PLAN_ATTACH=31
if [ "$1" = plan ]; then
  case $2 in detach) echo $PLAN_DETACH ;; attach) echo $PLAN_ATTACH ;; esac
  exit 0
fi
stage=$1 share=$2
source "$(dirname "$0")/lib.sh"
cleanup() {
  remove_zones mig other
  umount /zones 2>/dev/null
  rm -rf /zones
}
on_exit cleanup
need_zoneadmd
owner() { stat -c '%u:%g' "$1"; }
base() { awk -v z="$1" '$1 == z {print $2}' /etc/zones/idmap; }
uuid() { zoneadm -z "$1" list -p | cut -d: -f5; }
sshkey() { cut -d' ' -f2 /zones/mig/root/etc/ssh/ssh_host_ed25519_key.pub 2>/dev/null; }
# zlogin runs its arguments as one shell command line (as ssh does).
xattr() { zlogin mig "python3 -c 'import os; print(os.getxattr(\"/home/alice/data\", \"user.origin\").decode())'"; }
# What the zonepath is packed with and unpacked with: owners as numbers
# (they are the first host's id range), xattrs and ACLs kept.
TAR=(tar --numeric-owner --xattrs --xattrs-include='*' --acls -C /zones)
# As zonepath.sh: zone roots on a file system of their own, not the overlay.
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones

if [ "$stage" = detach ]; then
  plan $PLAN_DETACH
  check "configure mig" zonecfg -z mig 'create; set zonepath=/zones/mig; set hostid=0x2badf00d'
  check "install it" zoneadm -z mig install
  check "boot it" zoneadm -z mig boot
  check "a user in the zone" zlogin mig useradd -m -u 1000 -s /bin/sh alice
  check "who writes data" zlogin -l alice mig \
    'head -c 4M /dev/urandom > ~/data && mkdir ~/d && echo hello > ~/d/f && chmod 640 ~/d/f'
  check "with a user xattr" zlogin mig \
    "python3 -c 'import os; os.setxattr(\"/home/alice/data\", \"user.origin\", b\"first host\")'"
  {
    echo "sum=$(zlogin mig sha256sum /home/alice/data | cut -d' ' -f1)"
    echo "hostid=$(zlogin mig hostid)"
    echo "machineid=$(cat /zones/mig/root/etc/machine-id)"
    echo "sshkey=$(sshkey)"
    echo "uuid=$(uuid mig)"
    echo "base=$(base mig)"
  } >"$share/facts"
  check_eq "the zone's own hostid" 2badf00d "$(zlogin mig hostid)"
  check "halt it" zoneadm -z mig halt
  check "detach it" zoneadm -z mig detach
  check_eq "it is configured" configured "$(state mig)"
  check "its manifest is in the zonepath" test -s /zones/mig/SUNWdetached.xml
  zonecfg -z mig export >"$share/mig.cfg"
  check_match "zonecfg export to the shared directory" 'set hostid=(0x)?2badf00d' "$(cat "$share/mig.cfg")"
  check "the zonepath to a tar there" "${TAR[@]}" -cpf "$share/mig.tar" mig
  check "the first host is left as it was" zoneadm -z mig attach
  exit
fi

# --- the second, fresh host -------------------------------------------------------
plan $PLAN_ATTACH
. "$share/facts"
# Another zone takes this host's first id range, so that the migrated zone
# gets another one than it had.
zonecfg -z other 'create; set zonepath=/zones/other' >/dev/null
check "a zone of this host" zoneadm -z other install
check "that runs" zoneadm -z other boot
check "configure mig from the first host's export" zonecfg -z mig -f "$share/mig.cfg"
check_eq "it is configured" configured "$(state mig)"
check_match "with its configuration" '2badf00d' "$(zonecfg -z mig info hostid)"
check "unpack its zonepath" "${TAR[@]}" -xpf "$share/mig.tar"
check_eq "the files still carry the first host's range" "$((base + 1000)):$((base + 1000))" \
  "$(owner /zones/mig/root/home/alice/data)"
M=/zones/mig/SUNWdetached.xml
run zoneadm -z mig attach -n "$M"
check_eq "attach -n of its manifest: silent, 0" "0 " "$rc $out$err"
check_eq "and changes nothing" configured "$(state mig)"
sed 's/ arch="[^"]*"/ arch="sparcv9"/' "$M" >"$WORK/bad.xml"
run zoneadm -z mig attach -n "$WORK/bad.xml"
check_match "attach -n of a manifest for another machine is refused" \
  "^zoneadm: zone 'mig': the detached zone was made for sparcv9, this host is $(uname -m)\.$" "$err"
check_eq "exit 1" 1 "$rc"
cp "$M" "$WORK/good.xml" && cp "$WORK/bad.xml" "$M"
run zoneadm -z mig attach
check_match "so is attach of a zonepath holding it" "the detached zone was made for sparcv9" "$err"
check_eq "the zone stays configured" "1 configured" "$rc $(state mig)"
cp "$WORK/good.xml" "$M"
zonecfg -z mig 'set brand=whole'
run zoneadm -z mig attach
check_eq "attach as another brand is refused" \
  "1 zoneadm: zone 'mig': the detached zone's brand is sparse, the configured brand is whole." "$rc $err"
zonecfg -z mig 'set brand=sparse'
run zoneadm -z mig attach
check_eq "attach exits 0, silent" "0 " "$rc $out$err"
check_eq "the zone is installed" installed "$(state mig)"
check "the manifest is gone" test ! -e "$M"
check_eq "with the uuid it had" "$uuid" "$(uuid mig)"
check "it boots" zoneadm -z mig boot
B=$(base mig)
check "in an id range of this host's" test -n "$B" -a "$B" != "$(base other)"
check "not the one it had (the other zone took that)" test "$B" != "$base"
check_eq "its files moved into it" "$((B + 1000)):$((B + 1000))" "$(owner /zones/mig/root/home/alice/data)"
check_eq "inside, alice is still 1000 and owns her data" "1000 alice 640" \
  "$(zlogin mig 'echo $(id -u alice) $(stat -c %U /home/alice/data) $(stat -c %a /home/alice/d/f)')"
check_eq "the data is intact" "$sum" "$(zlogin mig sha256sum /home/alice/data | cut -d' ' -f1)"
check_eq "so is its xattr" "first host" "$(xattr)"
check_eq "alice can read her files" hello "$(zlogin -l alice mig cat /home/alice/d/f)"
check_eq "the zone's hostid came along" "$hostid" "$(zlogin mig hostid)"
check_eq "its machine-id" "$machineid" "$(cat /zones/mig/root/etc/machine-id)"
if [ -n "$sshkey" ]; then
  check_eq "its ssh host keys" "$sshkey" "$(sshkey)"
else
  skip "its ssh host keys" "the zone has no ssh host keys (openssh-server is not installed)"
fi
check_eq "its name" mig "$(zlogin mig hostname)"
check "halt it" zoneadm -z mig halt
