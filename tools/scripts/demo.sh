#!/usr/bin/env bash
# The main job, run on a host where zones is installed and systemd is PID 1:
# configure a zone from a command file through org.zones.Manager, then show it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
zone=${ZONE:-web}
set -x
zonecfg -z "$zone" delete -F 2>/dev/null || true      # make the demo repeatable
zonecfg -z "$zone" -f "$here/web.zonecfg"
zonecfg -z "$zone" info
zonecfg -z "$zone" export
zoneadm list -cv
