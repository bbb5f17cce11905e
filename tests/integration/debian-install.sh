#!/usr/bin/env bash
# The debian brand's own `zoneadm install` (issue 15, item 1): mmdebstrap
# from the host's apt sources, for real, without network. The .debs the
# cached root was built from (tests/debian-root.sh --with-debs, outside the
# test host) become a signed apt repository served on 127.0.0.1 inside the
# test host, and the test host's apt sources (its / is an overlay: the real
# host's stay untouched) name only that repository. Then `zoneadm install`
# of a debian zone: its log, its packages, its machine-id, its id range,
# and a boot to `running`. zonesd runs with IPAddressDeny=any: the fetches
# the repository serves prove the install ran in its own scope.
source "$(dirname "$0")/lib.sh"
ZONES=(dinst)
http=""
cleanup() {
  remove_zones "${ZONES[@]}"
  [ -n "$http" ] && kill "$http" 2>/dev/null && wait "$http" 2>/dev/null
  rm -rf /zones /etc/apt/trusted.gpg.d/zones-test.gpg
}
on_exit cleanup
[ -x /usr/libexec/zones/zoneadmd ] || skip_rest "no real zoneadmd installed"
# Never the real host's apt configuration: only a test host's overlay.
[ "$(findmnt -n -o FSTYPE /)" = overlay ] || skip_rest "/ is not the test host's overlay"
command -v apt-ftparchive >/dev/null || skip_rest "apt-ftparchive is not installed (apt-utils)"
plan 27

tarball=$("$SRC/tests/debian-root.sh" --with-debs 2>"$WORK/root.err")
debs=${tarball%.tar}.debs
check "the cached root's .debs are kept (tests/debian-root.sh --with-debs)" test -e "$debs/.complete"
[ -e "$debs/.complete" ] || { sed 's/^/# /' "$WORK/root.err"; exit 1; }

# --- a signed apt repository of those .debs on 127.0.0.1 ----------------------------
arch=$(dpkg --print-architecture)
repo=$WORK/repo
mkdir -p "$repo/pool" "$repo/dists/bookworm/main/binary-$arch"
ln -s "$debs"/*.deb "$repo/pool/"
(cd "$repo" && apt-ftparchive packages pool > "dists/bookworm/main/binary-$arch/Packages" &&
  gzip -k "dists/bookworm/main/binary-$arch/Packages" &&
  apt-ftparchive -o APT::FTPArchive::Release::Origin=zones-test -o APT::FTPArchive::Release::Suite=bookworm \
    -o APT::FTPArchive::Release::Codename=bookworm -o APT::FTPArchive::Release::Components=main \
    -o "APT::FTPArchive::Release::Architectures=$arch" release dists/bookworm > "$WORK/Release" &&
  mv "$WORK/Release" dists/bookworm/Release)
check_eq "the repository lists every .deb" "$(ls "$debs"/*.deb | wc -l)" \
  "$(grep -c '^Package:' "$repo/dists/bookworm/main/binary-$arch/Packages")"
export GNUPGHOME=$WORK/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg -q --batch --passphrase '' --quick-gen-key 'zones test repository' ed25519 sign never 2>/dev/null
gpg -q --batch --clearsign -o "$repo/dists/bookworm/InRelease" "$repo/dists/bookworm/Release"
gpg -q --batch --export > /etc/apt/trusted.gpg.d/zones-test.gpg
check "the repository's InRelease is signed by a key apt trusts" \
  gpgv --keyring /etc/apt/trusted.gpg.d/zones-test.gpg "$repo/dists/bookworm/InRelease"

python3 -m http.server --bind 127.0.0.1 --directory "$repo" 18080 >"$WORK/http.log" 2>&1 &
http=$!
for i in $(seq 1 50); do curl -sfo /dev/null http://127.0.0.1:18080/dists/bookworm/InRelease && break; sleep 0.1; done
check "the repository answers on 127.0.0.1:18080" curl -sfo /dev/null http://127.0.0.1:18080/dists/bookworm/InRelease

# The test host's apt sources: that repository only.
mkdir -p "$WORK/apt-was"
mv /etc/apt/sources.list.d/* "$WORK/apt-was/" 2>/dev/null
echo "deb http://127.0.0.1:18080/ bookworm main" > /etc/apt/sources.list

# --- zoneadm install: mmdebstrap from those sources -----------------------------------
deny=" $(systemctl show -P IPAddressDeny zones.service) "
check "zonesd runs with IPAddressDeny=any (0.0.0.0/0 and ::/0, in either order)" \
  test "${deny/ 0.0.0.0\/0 /}" != "$deny" -a "${deny/ ::\/0 /}" != "$deny"
run systemd-run --wait --pipe -q -p IPAddressDeny=any curl -sf -m 5 -o /dev/null http://127.0.0.1:18080/dists/bookworm/InRelease
check "... which here keeps a unit from even 127.0.0.1" test "$rc" -ne 0
check "create -t debian" zonecfg -z dinst "create -t debian; set zonepath=/zones/dinst"
t0=$SECONDS
run zoneadm -z dinst install
echo "# zoneadm install took $((SECONDS - t0)) s"
check "zoneadm install (mmdebstrap from the host's apt sources)" test "$rc" = 0
[ "$rc" = 0 ] || printf '%s\n' "$out" "$err" | sed 's/^/# /'
check_eq "installed" installed "$(state dinst)"
log=$(ls /var/log/zones/zoneadm.*.dinst.install 2>/dev/null | tail -1)
check "the install log is kept in /var/log/zones" test -s "$log"
check "... it names the host's source" grep -qF "deb http://127.0.0.1:18080/ bookworm main" "$log"
check "... and mmdebstrap's success" grep -q '^I: success in' "$log"
[ "$rc" = 0 ] || sed 's/^/# log: /' "$log" | tail -30
check "the packages came from the repository (through the install's own scope)" \
  grep -q '"GET /pool/systemd_.*\.deb HTTP/1.1" 200' "$WORK/http.log"
check "the install ran in zone-install-dinst.scope" \
  grep -q 'zone-install-dinst.scope' <(journalctl -b --no-pager -o cat -u zone-install-dinst.scope)
mid=$(cat /zones/dinst/root/etc/machine-id 2>/dev/null)
check_match "the zone has a machine-id of its own" '^[0-9a-f]{32}$' "$mid"
check "it is not the test host's" test "$mid" != "$(cat /etc/machine-id)"
base=$(awk '$1 == "dinst" {print $2}' /etc/zones/idmap)
check_match "the zone has an id range" '^[0-9]+$' "$base"

# --- boot ---------------------------------------------------------------------------------------
check "boot" zoneadm -z dinst boot
for i in $(seq 1 150); do zlogin dinst test -S /run/systemd/private 2>/dev/null && break; sleep 0.2; done
run zlogin dinst systemctl is-system-running --wait
check_eq "systemctl is-system-running --wait: running" running "$out"
[ "$out" = running ] || zlogin dinst systemctl --failed --no-pager 2>&1 | sed 's/^/# /'
run zlogin dinst dpkg-query -W -f="'\${Package} \${db:Status-Status}\n'" systemd-sysv dbus iproute2 openssh-server
check_eq "systemd-sysv, dbus, iproute2 and openssh-server are installed" \
  "$(printf '%s installed\n' dbus iproute2 openssh-server systemd-sysv)" "$(sort <<<"$out")"
check_eq "the zone's apt sources are the host's" "deb http://127.0.0.1:18080/ bookworm main" \
  "$(zlogin dinst cat /etc/apt/sources.list)"
check_eq "zlogin sees the machine-id" "$mid" "$(zlogin dinst cat /etc/machine-id)"
# The root belongs to the zone's range: root's files to its base, a
# system group's (shadow, 42) to base + 42.
check_eq "/etc/passwd is zone root's: the range's base" "$base:$base" "$(stat -c %u:%g /zones/dinst/root/etc/passwd)"
check_eq "/etc/shadow's group is the zone's shadow group" "$base:$((base + 42))" \
  "$(stat -c %u:%g /zones/dinst/root/etc/shadow)"
check_eq "init's uid_map is the range" "0 $base 65536" "$(awk '{print $1, $2, $3}' /proc/$(initpid dinst)/uid_map)"
check "halt" zoneadm -z dinst halt
check "uninstall" zoneadm -z dinst uninstall -F
