#!/usr/bin/env bash
# The debian brand end to end (issue 15, items 1-2): a Debian 12 root
# (tests/debian-root.sh built it outside the test host, which has no
# network) installed with `install -a`, systemd as the zone's init: the
# system running, its journal, a service reached over the zone's
# exclusive-IP network from another zone, shutdown/reboot/poweroff from
# inside and outside (new zone ID, clean poweroff on the console), the
# zone's machine-id and cgroup subtree, and resource controls biting with
# systemd inside. Addresses: 198.18.5.0/24 in the test host's namespace.
source "$(dirname "$0")/lib.sh"
ZONES=(deb web2 cli dbad)
cleanup() {
  remove_zones "${ZONES[@]}"
  ip link del zdbr0 2>/dev/null
  rm -rf /zones
}
on_exit cleanup
[ -x /usr/libexec/zones/zoneadmd ] || skip_rest "no real zoneadmd installed"
plan 81

# The cached root (tests/run-all.sh builds it before the integration tests).
tarball=$("$SRC/tests/debian-root.sh" 2>"$WORK/root.err")
check "the Debian 12 root is cached (tests/debian-root.sh)" test -s "$tarball"
[ -s "$tarball" ] || { sed 's/^/# /' "$WORK/root.err"; exit 1; }

# sysd Z: systemd of zone Z answers on its bus (it starts just after boot).
sysd() {
  local i
  for i in $(seq 1 150); do zlogin "$1" test -S /run/systemd/private 2>/dev/null && return 0; sleep 0.2; done
  return 1
}
running() { sysd "$1" && zlogin "$1" systemctl is-system-running --wait; }
wait_state() {  # wait_state ZONE STATE [tenths]
  local i
  for i in $(seq 1 "${3:-300}"); do [ "$(state "$1")" = "$2" ] && return 0; sleep 0.1; done
  return 1
}

# --- configuration -------------------------------------------------------------------
ip link add zdbr0 type bridge && ip link set zdbr0 up && ip addr add 198.18.5.1/24 dev zdbr0
check "create -t debian" zonecfg -z deb "create -t debian; set zonepath=/zones/deb; set ip-type=exclusive
  add net; set physical=zdbr0; set allowed-address=198.18.5.2/24; set defrouter=198.18.5.1; end"
check_match "the template's brand is debian" '^brand: debian$' "$(zonecfg -z deb info brand)"
run zonecfg -z dbad "create -t debian; set zonepath=/zones/dbad
  add attr; set name=userns; set type=boolean; set value=false; end"
[ "$rc" = 0 ] && run zoneadm -z dbad verify
said=$out$err
check "verify: a debian zone without its own user namespace is refused" test "$rc" -ne 0
check_match "... with one line saying why" "brand debian needs the zone's own user namespace" "$said"
run zoneadm -z deb install -d /nonexistent -a /also
check "install: -a and -d together are refused" test "$rc" -ne 0

# --- install -a of the cached root ------------------------------------------------------
check "install -a the Debian root" zoneadm -z deb install -a "$tarball"
check_eq "installed" installed "$(state deb)"
mid=$(cat /zones/deb/root/etc/machine-id 2>/dev/null)
check_match "the zone has a machine-id of its own" '^[0-9a-f]{32}$' "$mid"
check "it is not the test host's" test "$mid" != "$(cat /etc/machine-id)"

# --- boot: systemd as PID 1 -------------------------------------------------------------------
check "boot" zoneadm -z deb boot
run running deb
check_eq "systemctl is-system-running --wait: running" running "$out"
[ "$out" = running ] || zlogin deb systemctl --failed --no-pager 2>&1 | sed 's/^/# /'
init=$(initpid deb)
check_eq "init is systemd" systemd "$(cat /proc/$init/comm)"
check "init's environment has container=zones" grep -qxF container=zones <(tr '\0' '\n' < /proc/$init/environ)
# systemd 252 knows container=zones as no manager of its list: still a container.
check_eq "systemd sees itself in a container" container-other "$(zlogin deb systemd-detect-virt --container)"
run zlogin deb journalctl -b --no-pager -o cat
journal=$out
check "journalctl -b works" test "$rc" = 0
check_match "the journal has this boot's messages" 'Reached target.*[Mm]ulti-[Uu]ser' "$journal"
# An early line: agetty's tcflush on /dev/console may drop late status
# lines still queued on the pty.
check_match "the console log shows systemd's boot" 'Welcome to .*Debian' "$(cat /var/log/zones/deb.console)"
check_eq "/run is a tmpfs" tmpfs "$(zlogin deb stat -f -c %T /run)"
check_eq "/run/lock is a tmpfs" tmpfs "$(zlogin deb stat -f -c %T /run/lock)"
for i in $(seq 1 100); do grep -q 'deb login:' /var/log/zones/deb.console && break; sleep 0.1; done
check_match "the zone's console (/dev/console) offers systemd's getty" 'deb login:' "$(cat /var/log/zones/deb.console)"
check_eq "zlogin finds the zone's machine-id" "$mid" "$(zlogin deb cat /etc/machine-id)"

# The zone's cgroup subtree: payload/ of its scope is its / (cgroup namespace).
check_eq "init is in /init.scope of its own tree" "0::/init.scope" "$(zlogin deb grep '^0::' /proc/1/cgroup)"
base=$(awk '$1 == "deb" {print $2}' /etc/zones/idmap)
payload=$(for d in $(cg_dirs "$(systemctl show -p ControlGroup --value zone-deb.scope)"); do
  [ -f "$d/cgroup.procs" ] && [ -e "$d/payload/init.scope" ] && echo "$d/payload"; done | head -1)
check "systemd made init.scope below the scope's payload/" test -n "$payload"
check_eq "payload/ is delegated to zone root" "$base" "$(stat -c %u "$payload")"
check_eq "so is payload/cgroup.procs" "$base" "$(stat -c %u "$payload/cgroup.procs")"
run zlogin deb sh -c 'echo 1 > /sys/fs/cgroup/unified/cgroup.max.descendants || echo 1 > /sys/fs/cgroup/cgroup.max.descendants'
check "zone root cannot write its root cgroup's own settings" test "$rc" -ne 0
run zlogin deb mount -o remount,rw /sys/fs/cgroup
check "zone root cannot remount /sys/fs/cgroup" test "$rc" -ne 0
# A zlogin session joins a leaf beside systemd's units, never systemd's own
# root cgroup (on cgroup v2 that one may hold no process once systemd
# enables controllers there).
run zlogin deb cat /proc/self/cgroup
check_match "a zlogin session is in the .zlogin leaf of the zone's cgroup2 tree" '^0::/\.zlogin$' "$out"
check_match "... and of its name=systemd tree" '^[0-9]+:name=systemd:/\.zlogin$' "$out"
check "systemd in the zone tells its units apart from the session" \
  test "$(zlogin deb systemctl show -P ControlGroup init.scope)" = /init.scope

# --- a service, reached over the exclusive-IP network from another zone ---------------------
# (zlogin joins its words and the zone's shell parses them, as on illumos.)
zlogin deb 'mkdir -p /srv/www && echo served-by-deb > /srv/www/index.html'
zlogin deb 'cat > /etc/systemd/system/web.service' <<'UNIT'
[Unit]
Description=test web server
[Service]
ExecStart=/usr/bin/python3 -m http.server 8080 --bind 198.18.5.2 --directory /srv/www
[Install]
WantedBy=multi-user.target
UNIT
check "systemctl enable --now web.service" zlogin deb systemctl enable --now web.service
zonecfg -z cli "create; set zonepath=/zones/cli; set ip-type=exclusive
  add net; set physical=zdbr0; set allowed-address=198.18.5.3/24; end" >/dev/null
check "install the client zone (sparse)" zoneadm -z cli install
check "boot the client zone" zoneadm -z cli boot
fetch() {  # fetch ZONE URL: what it serves (tries while the service comes up)
  local i
  for i in $(seq 1 50); do
    zlogin "$1" python3 -c "'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode().strip())'" "$2" 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}
check_eq "the service in deb answers the client zone" served-by-deb "$(fetch cli http://198.18.5.2:8080/)"
run zlogin cli python3 -c "'import socket; s = socket.create_connection((\"198.18.5.2\", 22), timeout=5); print(s.recv(64).decode().split(\"-\")[0])'"
check_eq "sshd in deb answers the client zone" SSH "$out"

# --- reboot and poweroff from inside ------------------------------------------------------------
# The zone's ID as zoneadmd gave it (zonesd learns an in-zone reboot at its next verb).
rzid() { cat "/run/zones/$1/zoneid" 2>/dev/null; }
id1=$(rzid deb); init1=$(initpid deb)
check "systemctl reboot in the zone" zlogin deb systemctl reboot
for i in $(seq 1 300); do [ "$(rzid deb)" != "$id1" ] && [ "$(state deb)" = running ] && break; sleep 0.1; done
check "the zone rebooted with a new zone ID" test "$(rzid deb)" != "$id1"
check "with a new init" test "$(initpid deb)" != "$init1"
run running deb
check_eq "running again after the reboot" running "$out"
check_eq "the machine-id is kept" "$mid" "$(zlogin deb cat /etc/machine-id)"
check_eq "the service is back" served-by-deb "$(fetch cli http://198.18.5.2:8080/)"
run zlogin deb journalctl --list-boots --no-pager
check "the journal knows both boots" test "$(grep -c . <<<"$out")" -ge 2
check "systemctl poweroff in the zone" zlogin deb systemctl poweroff
check "the zone halted" wait_state deb installed
check_nothing_left deb "" "after poweroff"

# --- shutdown and reboot from outside --------------------------------------------------------------
check "boot again" zoneadm -z deb boot
run running deb
check_eq "running" running "$out"
id2=$(zid deb)
check "zoneadm reboot" zoneadm -z deb reboot
check "zoneadm reboot: new zone ID" test "$(zid deb)" != "$id2"
run running deb
check_eq "running after zoneadm reboot" running "$out"
before=$(wc -c < /var/log/zones/deb.console)
check "zoneadm shutdown" zoneadm -z deb shutdown
check_eq "installed after shutdown" installed "$(state deb)"
tail -c +$((before + 1)) /var/log/zones/deb.console > "$WORK/shutdown.log"
check_match "shutdown was systemd's clean poweroff (SIGRTMIN+4)" 'Reached target.*Power-Off|System Power Off' "$(cat "$WORK/shutdown.log")"
check_match "... which stopped the services" 'Stopped.*(web.service|OpenBSD Secure Shell)' "$(cat "$WORK/shutdown.log")"

# --- resource controls with systemd inside -------------------------------------------------------
zonecfg -z deb "add capped-memory; set physical=256M; end; set max-lwps=300" >/dev/null
check "boot with capped-memory physical=256M and max-lwps=300" zoneadm -z deb boot
run running deb
check_eq "running under the limits" running "$out"
zlogin deb 'cat > /root/eat.py' <<'PY'
b = bytearray(600 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
print("allocated")
PY
zlogin deb 'cat > /root/threads.py' <<'PY'
import threading, time
n = 0
try:
    for n in range(1000):
        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
    print("all", 1000)
except RuntimeError:
    print("stopped at", n)
PY
# The session is bound by the zone's limits at once: on this hybrid host
# the v1 memory and pids controllers hold it in payload/ (a leaf there:
# the zone does not see those hierarchies), below the capped scope.
zlogin deb exec sleep 4711 & zl=$!
for i in $(seq 1 100); do sp=$(pgrep -xf 'sleep 4711'); [ -n "$sp" ] && break; sleep 0.1; done
zcg=$(systemctl show -p ControlGroup --value zone-deb.scope)
check_match "a session's memory cgroup is the capped zone's payload/" ":memory:$zcg/payload\$" "$(cat /proc/$sp/cgroup 2>&1)"
check_match "... its pids cgroup too" ":pids:$zcg/payload\$" "$(cat /proc/$sp/cgroup 2>&1)"
check_match "... its cgroup2 one the .zlogin leaf below it" "^0::$zcg/payload/\.zlogin\$" "$(cat /proc/$sp/cgroup 2>&1)"
check_eq "the leaf lists the session" "$sp" "$(for d in $(cg_dirs "$zcg/payload/.zlogin"); do grep -x "$sp" "$d/cgroup.procs"; done | sort -u)"
kill "$sp" 2>/dev/null; wait "$zl" 2>/dev/null
run zlogin deb python3 /root/eat.py
check "600 MB in a 256 MB zone: killed" test "$rc" -ne 0 -a "$out" != allocated
check_eq "the zone is still running" running "$(state deb)"
run zlogin deb python3 /root/threads.py
check_match "max-lwps=300 stops a thread bomb" '^stopped at [0-9]+$' "$out"
check "stopped below 300" test "${out##* }" -lt 300 2>/dev/null
run running deb
check_eq "systemd is still fine" running "$out"
run zlogin deb journalctl -b --no-pager -o cat -p warning
check "... and its journal says nothing of the session leaf" test -z "$(grep -i zlogin <<<"$out")"
check "halt" zoneadm -z deb halt
check "halt the client" zoneadm -z cli halt
check_nothing_left deb "" "after halt"
check "uninstall" zoneadm -z deb uninstall -F
