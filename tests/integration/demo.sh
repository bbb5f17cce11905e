#!/usr/bin/env bash
# The README's main job (tools/scripts/demo.sh, which quickstart.sh runs after
# it installed): configure from a command file, install, boot, show, zlogin,
# halt. Run here as CI has installed it, so the README's promise is tested:
# the zone is reached over its network from the host (ping, its web server),
# its console log tells the boot, and the bridge the demo made is gone after.
source "$(dirname "$0")/lib.sh"
cleanup() {
  zoneadm -z web halt >/dev/null 2>&1
  zoneadm -z web uninstall -F >/dev/null 2>&1
  zonecfg -z web delete -F >/dev/null 2>&1
  rm -rf /srv/web-data /zones/web
  ip link del zonesdemo0 2>/dev/null
}
on_exit cleanup
plan 19

ZONE=web bash "$SRC/tools/scripts/demo.sh" >"$WORK/demo.out" 2>&1; rc=$?
[ "$rc" = 0 ] || tail -20 "$WORK/demo.out" | sed 's/^/# demo: /'
check_eq "the README's main job exits 0" 0 "$rc"
out=$(cat "$WORK/demo.out")
# The lines after the demo's "+ tail -7 .../web.console", up to its next command.
tail_of_console() { sed -n '/^+ tail -7 /,/^+ zoneadm -z web halt/p' "$WORK/demo.out" | tr -d '\r'; }
check_match "zonecfg info shows the command file's zone" 'zonepath: /zones/web' "$out"
check_match "export gives the commands back (max-lwps as its rctl, as illumos writes it)" 'add value \(priv=privileged,limit=2000,action=deny\)' "$out"
check_match "zoneadm list -cv shows web running" '^ +[1-9][0-9]* +web +running +/zones/web +sparse +shared' "$out"
check_match "systemctl status shows the zone's scope" 'zone-web\.scope - Zone web' "$out"
check_match "zlogin ran hostname inside the zone" '(^|\n)web$' "$(grep -x web "$WORK/demo.out")"
check_match "and ps -ef there shows the zone's init as PID 1" '^root +1 +0 .*zinit' "$out"
check_match "zlogin returned the command's exit status" '^exit status: 3$' "$out"
check_match "the console log holds the boot" 'NOTICE: Zone (booting|readied)' "$out"
check_match "zps -z web shows the zone's init, in zone web" '^ +web +[^ ]+ +[0-9]+ +[0-9]+ .*/zinit$' "$out"
check_eq "the zone's net was not skipped (its physical exists)" "" "$(grep 'skipping network interface' <<<"$out")"
check_match "inside, net0 has the zone's address" '^net0(@[^ ]*)? +UP +198\.18\.0\.10/24' "$out"
check_match "the host pinged the zone at 198.18.0.10" '3 packets transmitted, 3 received' "$out"
check_match "and fetched the page the zone's web server serves" '^Hello from zone web$' "$out"
check_match "the console's tail: zinit ran the zone's boot script" '^zinit: /etc/rc.d/S80web start' "$(tail_of_console)"
check_match "... which wrote there too" '^web: serving /srv/data on http://198.18.0.10/' "$(tail_of_console)"
check_match "... and zinit said the boot was done" '^zinit: boot done \(1 start script run\)' "$(tail_of_console)"
check_eq "the demo's bridge is gone afterwards" "" "$(ip -o link show zonesdemo0 2>/dev/null)"
check_eq "the zone is installed again at the end" installed "$(state web)"
