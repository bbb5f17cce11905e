#!/usr/bin/env bash
# The README's main job (tools/scripts/demo.sh, which quickstart.sh runs after
# it installed): configure from a command file, install, boot, show, zlogin,
# halt. Run here as CI has installed it, so the README's promise is tested.
source "$(dirname "$0")/lib.sh"
cleanup() {
  zoneadm -z web halt >/dev/null 2>&1
  zoneadm -z web uninstall -F >/dev/null 2>&1
  zonecfg -z web delete -F >/dev/null 2>&1
  rm -rf /srv/web-data /zones/web
}
on_exit cleanup
plan 10

ZONE=web bash "$SRC/tools/scripts/demo.sh" >"$WORK/demo.out" 2>&1; rc=$?
[ "$rc" = 0 ] || tail -20 "$WORK/demo.out" | sed 's/^/# demo: /'
check_eq "the README's main job exits 0" 0 "$rc"
out=$(cat "$WORK/demo.out")
check_match "zonecfg info shows the command file's zone" 'zonepath: /zones/web' "$out"
check_match "export gives the commands back (max-lwps as its rctl, as illumos writes it)" 'add value \(priv=privileged,limit=2000,action=deny\)' "$out"
check_match "zoneadm list -cv shows web running" '^ +[1-9][0-9]* +web +running +/zones/web +sparse +shared' "$out"
check_match "systemctl status shows the zone's scope" 'zone-web\.scope - Zone web' "$out"
check_match "zlogin ran hostname inside the zone" '(^|\n)web$' "$(grep -x web "$WORK/demo.out")"
check_match "and ps -ef there shows the zone's init as PID 1" '^root +1 +0 .*zinit' "$out"
check_match "zlogin returned the command's exit status" '^exit status: 3$' "$out"
check_match "the console log holds the boot" 'NOTICE: Zone (booting|readied)' "$out"
check_eq "the zone is installed again at the end" installed "$(state web)"
