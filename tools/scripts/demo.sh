#!/usr/bin/env bash
# The main job, run on a host where zones is installed and systemd is PID 1:
# configure a zone from a command file through org.zones.Manager, install and
# boot it, show it from the global zone, reach its web server over its
# network, run commands inside it with zlogin, read its console log, and
# halt it.
#
# The zone's net (shared IP, 198.18.0.10) lives on a bridge the demo makes
# for itself, zonesdemo0 with 198.18.0.1/24 (198.18.0.0/15 is reserved for
# tests, RFC 2544), and removes on the way out; no existing interface of the
# host is touched. The bridge is made with ip(8): this is a script for
# people to read, the product itself speaks netlink.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
zone=${ZONE:-web}
bridge=zonesdemo0
address=198.18.0.10
if ip link show "$bridge" >/dev/null 2>&1; then
  echo "demo: $bridge exists already; remove it (ip link del $bridge) and run the demo again" >&2
  exit 1
fi
remove_bridge() { ip link del "$bridge" 2>/dev/null || true; }
trap remove_bridge EXIT
set -x
# make the demo repeatable
zoneadm -z "$zone" halt 2>/dev/null || true
zoneadm -z "$zone" uninstall -F 2>/dev/null || true
zonecfg -z "$zone" delete -F 2>/dev/null || true
ip link add "$bridge" type bridge                       # the zone's physical
ip address add 198.18.0.1/24 dev "$bridge"
ip link set "$bridge" up
mkdir -p /srv/web-data                                  # the fs resource's source
echo "Hello from zone $zone" >/srv/web-data/index.html
zonecfg -z "$zone" -f "$here/web.zonecfg"
zonecfg -z "$zone" info
zonecfg -z "$zone" export
zoneadm -z "$zone" install
# The zone's own boot script (zinit runs /etc/rc.d/S* at boot): a web
# server on the zone's address, serving the read-only /srv/data.
mkdir -p "/zones/$zone/root/etc/rc.d"
cat >"/zones/$zone/root/etc/rc.d/S80web" <<RC
#!/bin/sh
[ "\$1" = start ] || exit 0
echo "web: serving /srv/data on http://$address/"
setsid python3 -m http.server 80 --bind $address --directory /srv/data >/var/tmp/web.log 2>&1 &
RC
chmod 0755 "/zones/$zone/root/etc/rc.d/S80web"
zoneadm -z "$zone" boot
zoneadm list -cv
systemctl status --no-pager "zone-$zone.scope"
zps -z "$zone" -f                                       # the zone's processes, from the global zone
ping -c 3 -W 2 "$address"                               # the zone over its network
curl -s --retry 30 --retry-connrefused --retry-delay 1 "http://$address/" ||   # its boot script may still run
  { echo "demo: the zone's web server did not answer at http://$address/" >&2; exit 1; }
zlogin "$zone" 'hostname; id; ps -ef; ip -brief address'   # inside the zone, through org.zones.Manager
echo "exit status: $(zlogin "$zone" 'exit 3' || echo $?)"
tail -7 "/var/log/zones/$zone.console"                 # the zone's boot, as its console saw it
zoneadm -z "$zone" halt
zoneadm list -cv
