#!/usr/bin/env bash
# The Debian package (tools/scripts/deb.sh, in BUILD/deb) on a test host
# that has no staged install: apt install, the README's main job from the
# package (demo.sh copied out of the tree), man pages, apt remove with a
# zone running (halted, no daemon or unit left), apt purge with a zone still
# configured (kept, with a note), reinstall (the zone is back), and purge
# without zones (nothing left).
source "$(dirname "$0")/lib.sh"
export DEBIAN_FRONTEND=noninteractive
debs=${ZONES_DEB_DIR:-}
cleanup() {
  if command -v zoneadm >/dev/null; then
    zoneadm -z web halt >/dev/null 2>&1
    zoneadm -z web uninstall -F >/dev/null 2>&1
    zonecfg -z web delete -F >/dev/null 2>&1
  fi
  rm -rf /srv/web-data /zones/web
}
on_exit cleanup
plan 48

live_daemons() { pgrep -x zonesd; pgrep -x zoneadmd; pgrep -x zones-exporter; }
unit_files() {
  ls -d /lib/systemd/system/zone* /usr/lib/systemd/system/zone* /etc/systemd/system/zone* \
        /run/systemd/system/zone* /run/systemd/transient/zone* 2>/dev/null
  systemctl list-units --all --plain --no-legend 'zone*' | grep -v 'not-found' || true
}

zdeb=$(ls "$debs"/zones_*.deb 2>/dev/null | head -1)
cdeb=$(ls "$debs"/cockpit-zones_*.deb 2>/dev/null | head -1)
if [ -z "$zdeb" ] || [ -z "$cdeb" ]; then
  _report 1 "the packages are built" "no zones_*.deb / cockpit-zones_*.deb in '$debs': run tools/scripts/deb.sh first"
  exit 1
fi
_report 0 "the packages are built"
check "this host has no zones installed (no staged install)" \
  bash -c '! command -v zoneadm && ! test -e /usr/libexec/zones && ! dpkg -s zones 2>/dev/null | grep -q "ok installed"'
# This machine is a container whose policy-rc.d forbids maintainer scripts
# to start or stop services; a Debian 12 system has none (the test host's /
# is a throw-away overlay).
rm -f /usr/sbin/policy-rc.d
cp "$zdeb" "$cdeb" "$WORK"/
cd "$WORK"
apt install -y ./"$(basename "$zdeb")" ./"$(basename "$cdeb")" >"$WORK/install.out" 2>&1; rc=$?
[ "$rc" = 0 ] || tail -20 "$WORK/install.out" | sed 's/^/# apt: /'
check_eq "apt install ./zones_*.deb ./cockpit-zones_*.deb" 0 "$rc"
check_eq "zoneadm comes from the package" "zones: /usr/sbin/zoneadm" "$(dpkg -S /usr/sbin/zoneadm 2>&1)"

# Everything meson installs is in one of the two packages (BUILD/stage is the
# staged install of the same tree; test-only files are not installed).
files=$(dpkg -L zones cockpit-zones)
missing=""
if [ -d "${ZONES_STAGE_DIR:-}" ]; then
  while IFS= read -r f; do
    grep -qxF "/$f" <<<"$files" || grep -qxF "/$f.gz" <<<"$files" || missing+="/$f "   # man pages: gzipped
  done < <(cd "$ZONES_STAGE_DIR" && find . ! -type d -printf '%P\n')
  check_eq "the packages hold every file meson installs" "" "$missing"
else
  _report 1 "the packages hold every file meson installs" "no staged install in '${ZONES_STAGE_DIR:-}'"
fi
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
check_eq "units in systemd.pc's unit dir" "$unitdir/zones.service" "$(grep -x '.*/zones\.service' <<<"$files")"
check_match "bus policy in /usr/share/dbus-1/system.d" '^/usr/share/dbus-1/system.d/org.zones.Manager.conf$' "$files"
check_match "bus activation file" '^/usr/share/dbus-1/system-services/org.zones.Manager.service$' "$files"
check_match "polkit actions in /usr/share/polkit-1/actions" '^/usr/share/polkit-1/actions/org.zones.policy$' "$files"
check_match "bash completions in bash-completion's completionsdir" '^/usr/share/bash-completion/completions/zoneadm$' "$files"
# A release build: no test seam (tests/hooks/check-release.sh's names).
hooks=$(for f in /usr/libexec/zones/zonesd /usr/libexec/zones/zoneadmd /usr/lib/*/zones/plugins/*.so; do
  grep -aoE 'ZONES_[A-Z_]+' "$f"; done | sort -u | tr '\n' ' ')
check_eq "the packaged daemons and plugins read no ZONES_* test hook" "" "$hooks"
check_match "the Cockpit page is in cockpit-zones" '^/usr/share/cockpit/zones/manifest.json$' "$(dpkg -L cockpit-zones)"
check_eq "cockpit-zones is Architecture: all" all "$(dpkg-query -W -f='${Architecture}' cockpit-zones)"
check_eq "zones.target is enabled (autoboot zones boot with the host)" enabled "$(systemctl is-enabled zones.target)"
check_eq "zones-exporter.socket is enabled and listening" "enabled active" \
  "$(systemctl is-enabled zones-exporter.socket) $(systemctl is-active zones-exporter.socket)"
check "the system user zones-exporter exists" id zones-exporter
check_eq "zones.service is static (D-Bus activated)" static "$(systemctl is-enabled zones.service)"
check "the first client starts zonesd" bash -c 'zoneadm list -cv && systemctl is-active zones.service'

# man pages, as a user reads them
man_out=$(MANWIDTH=80 man -P cat zoneadm 2>&1)
check_match "man zoneadm shows the page" 'zoneadm - ' "$man_out"
check_match "man 5 zones shows the store" '/etc/zones/index' "$(MANWIDTH=80 man -P cat 5 zones 2>&1)"

# The README's main job, copied out of the tree, against the package.
mkdir -p "$WORK/demo"
cp "$SRC/tools/scripts/demo.sh" "$SRC/tools/scripts/web.zonecfg" "$WORK/demo/"
ZONE=web bash "$WORK/demo/demo.sh" >"$WORK/demo.out" 2>&1; rc=$?
[ "$rc" = 0 ] || tail -20 "$WORK/demo.out" | sed 's/^/# demo: /'
check_eq "the README's main job runs from the package" 0 "$rc"
out=$(cat "$WORK/demo.out")
check_match "zoneadm list -cv showed web running" '^ +[1-9][0-9]* +web +running +/zones/web' "$out"
check_match "zlogin ran hostname inside the zone" '(^|\n)web$' "$(grep -x web "$WORK/demo.out")"

# apt remove with the zone running: prerm halts it; nothing is left running.
check "boot the zone again" zoneadm -z web boot
check_eq "web runs before the removal" running "$(state web)"
apt remove -y zones >"$WORK/remove.out" 2>&1; rc=$?
[ "$rc" = 0 ] || tail -20 "$WORK/remove.out" | sed 's/^/# apt: /'
check_eq "apt remove zones" 0 "$rc"
check_match "it says it halts the zone" 'zones: halting zone web' "$(cat "$WORK/remove.out")"
check_eq "cockpit-zones went with it" "" "$(dpkg -l cockpit-zones 2>/dev/null | grep '^ii')"
sleep 1
check_eq "no zonesd, zoneadmd or zones-exporter runs" "" "$(live_daemons)"
check_eq "no zone unit is left (files or loaded units)" "" "$(unit_files)"
check_eq "no zone scope is left" "" "$(find /sys/fs/cgroup -name 'zone-*.scope' 2>/dev/null)"
check "the configuration of web is kept" test -f /etc/zones/web.xml
check "the zone's root is kept" test -d /zones/web/root
check "the runtime directory is gone" test ! -e /run/zones

# apt purge with web still configured: /etc/zones kept, with a note.
apt purge -y zones >"$WORK/purge.out" 2>&1; rc=$?
check_eq "apt purge zones" 0 "$rc"
check_match "purge says it keeps the configuration of web" \
  'zones: keeping /etc/zones: it holds the configuration of zones: web' "$(cat "$WORK/purge.out")"
check "/etc/zones/web.xml is still there" test -f /etc/zones/web.xml
check "the console logs are gone" test ! -e /var/log/zones
check_eq "the package is gone" "" "$(dpkg -l zones 2>/dev/null | grep -E '^(ii|rc)')"

# Reinstalled, the kept zone is back as it was.
apt install -y ./"$(basename "$zdeb")" >"$WORK/install2.out" 2>&1; rc=$?
check_eq "apt install again" 0 "$rc"
check_eq "web is installed again, as it was kept" installed "$(state web)"
check "and boots" zoneadm -z web boot
check "halt, uninstall and delete it" bash -c 'zoneadm -z web halt && zoneadm -z web uninstall -F && zonecfg -z web delete -F'

# apt purge without zones: nothing of the package is left.
apt purge -y zones >"$WORK/purge2.out" 2>&1; rc=$?
check_eq "apt purge zones (no zone configured)" 0 "$rc"
check_eq "no note this time" "" "$(grep '^zones:' "$WORK/purge2.out")"
check "/etc/zones is gone" test ! -e /etc/zones
check_eq "no daemon runs" "" "$(live_daemons)"
check_eq "no zone unit is left" "" "$(unit_files)"
