#!/usr/bin/env bash
# The main job, run on a host where zones is installed and systemd is PID 1:
# configure a zone from a command file through org.zones.Manager, install and
# boot it, show it from the global zone, run commands inside it with zlogin,
# and halt it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
zone=${ZONE:-web}
set -x
# make the demo repeatable
zoneadm -z "$zone" halt 2>/dev/null || true
zoneadm -z "$zone" uninstall -F 2>/dev/null || true
zonecfg -z "$zone" delete -F 2>/dev/null || true
mkdir -p /srv/web-data                                  # the fs resource's source
zonecfg -z "$zone" -f "$here/web.zonecfg"
zonecfg -z "$zone" info
zonecfg -z "$zone" export
zoneadm -z "$zone" install
zoneadm -z "$zone" boot
zoneadm list -cv
systemctl status --no-pager "zone-$zone.scope"
zlogin "$zone" 'hostname; id; ps -ef'                 # inside the zone, through org.zones.Manager
echo "exit status: $(zlogin "$zone" 'exit 3' || echo $?)"
tail -3 "/var/log/zones/$zone.console"
zoneadm -z "$zone" halt
zoneadm list -cv
