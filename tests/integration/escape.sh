#!/usr/bin/env bash
# Escape attempts (issue 6, architecture §7): root inside zone `esc` tries to
# reach the host and zone `vic`. The attempts run in the zone itself: the
# zone's own rc script (zinit runs /etc/rc.d/S*) starts escape-probe.py, so
# they have exactly the confinement of the zone's init (capabilities,
# seccomp, masks, device controller). Each attempt is one named test that
# checks the errno or the effect. Around them: symlinks planted in a zone
# root before install, boot and uninstall must not make the global zone
# touch host files, and an in-zone reboot(2) reboots the zone, not the host.
source "$(dirname "$0")/lib.sh"
state() { zoneadm -z "$1" list -p | cut -d: -f3; }
zid() { zoneadm -z "$1" list -p | cut -d: -f1; }
initpid() { cat "/run/zones/$1/init.pid" 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
ZONES=(esc vic pre sym)
mine=()

cleanup() {
  local p z
  for p in "${mine[@]}"; do kill -9 "$p" 2>/dev/null; done
  ip link del zx-host 2>/dev/null
  for z in "${ZONES[@]}"; do
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  rm -rf /zones /hostmark /hostdev
}
trap 'cleanup; rm -rf "$WORK"; echo "1..$_n"' EXIT

if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  echo "# SKIP: no real zoneadmd installed"; exit 0
fi

mkdir -p /hostmark && echo host-data > /hostmark/hostfile
hostmark_ok() { [ "$(ls -A /hostmark)" = hostfile ] && [ "$(cat /hostmark/hostfile)" = host-data ]; }

# --- before install: ZONEPATH/root is a symlink to a host directory -------------
zonecfg -z pre "create; set zonepath=/zones/pre" >/dev/null
mkdir -p /zones/pre && chmod 700 /zones/pre && ln -s /hostmark /zones/pre/root
run zoneadm -z pre install
check "install: a root planted as a symlink to the host is refused" test "$rc" -ne 0
check "install: nothing was written through the planted root" hostmark_ok

zonecfg -z vic "create; set zonepath=/zones/vic" >/dev/null
zonecfg -z esc "create; set zonepath=/zones/esc; add device; set match=/dev/net/tun; end" >/dev/null
check "install vic" zoneadm -z vic install
check "install esc" zoneadm -z esc install
echo vic-secret > /zones/vic/root/etc/secret

# --- before boot: symlinks in a zone root pointing at host paths ------------------
zonecfg -z sym "create; set zonepath=/zones/sym" >/dev/null
check "install sym" zoneadm -z sym install
rm -rf /zones/sym/root/dev /zones/sym/root/sys
ln -s /hostdev /zones/sym/root/dev
ln -s /hostmark /zones/sym/root/sys
run zoneadm -z sym boot
check "boot: root /dev and /sys planted as symlinks to host paths: refused or kept inside" \
  test "$rc" -ne 0 -o "$(state sym)" = running
check "boot: nothing was made on the host through the planted /dev" test ! -e /hostdev
check "boot: nothing was mounted on or written to the host through the planted /sys" hostmark_ok
check_eq "boot: no mount on the host under /hostmark" "" "$(awk '$5 ~ "^/hostmark" {print $5}' /proc/self/mountinfo)"
zoneadm -z sym halt >/dev/null 2>&1
ln -s /hostmark /zones/esc/root/hostlink

check "boot vic" zoneadm -z vic boot
vicpid=$(initpid vic)
ip link add zx-host type veth peer name zx-vic && ip link set zx-vic netns "$vicpid"
check "vic has its own interface zx-vic" nsenter -t "$vicpid" -n ip link show zx-vic
sleep 4242 & mine+=($!); hostpid=$!
nsenter -t "$vicpid" -a sleep 4343 & mine+=($!)

# A disk of the host: the block device under /work if it is one, else any.
disk=$(findmnt -n -o MAJ:MIN -T /work 2>/dev/null | head -1)
[ -e "/sys/dev/block/$disk" ] || disk=$(basename "$(ls -d /sys/dev/block/* | head -1)")
mkdir -p /zones/esc/root/escape /zones/esc/root/etc/rc.d
cp "$SRC/tests/integration/escape-probe.py" /zones/esc/root/escape/probe.py
cat > /zones/esc/root/escape/params <<EOF
HOSTPID=$hostpid
VICPID=$vicpid
VICROOT=/zones/vic/root
VICIF=zx-vic
DISK=$disk
REBOOT=1
EOF
mknod /zones/esc/root/escape/disk b "${disk%:*}" "${disk#*:}"
mknod /zones/esc/root/escape/mem c 1 1
cat > /zones/esc/root/etc/rc.d/S99escape <<'EOF'
#!/bin/sh
# Once: the probe ends with reboot(2), and the zone comes back.
[ -e /escape/out ] && exit 0
exec /usr/bin/python3 /escape/probe.py >/escape/log 2>&1
EOF
chmod 755 /zones/esc/root/etc/rc.d/S99escape

check "boot esc" zoneadm -z esc boot
id1=$(cat /run/zones/esc/zoneid); init1=$(initpid esc)
for i in $(seq 1 300); do grep -q '^done|' /zones/esc/root/escape/out 2>/dev/null && break; sleep 0.2; done
check "the probe ran to the end inside esc" grep -q '^done|' /zones/esc/root/escape/out
[ -s /zones/esc/root/escape/log ] && sed 's/^/# probe: /' /zones/esc/root/escape/log

declare -A R
[ -e /zones/esc/root/escape/out ] &&
  while IFS='|' read -r name result; do R[$name]=$result; done < /zones/esc/root/escape/out
# expect NAME REGEX: the attempt's result (errno=E... or ok ...) matches.
expect() {
  local v=${R[$1]-<not run>}
  if printf '%s\n' "$v" | grep -Eq -- "^($2)\$"; then _report 0 "escape: $1 ($v)"
  else _report 1 "escape: $1" "result: $v" "wanted: $2"; fi
}

# processes
run printf '%s' "${R[ps sees only the zone]-}"
check "escape: ps shows no host process" test -z "$(printf '%s' "$out" | grep -E 'sleep 4242|zoneadmd|zonesd|systemd')"
check "escape: ps shows no process of vic" test -z "$(printf '%s' "$out" | grep 'sleep 4343')"
expect "kill host process by host PID" "errno=ESRCH"
expect "kill other zone's init by host PID" "errno=ESRCH"
check "the host process survived" alive "$hostpid"
check "vic's init survived" alive "$vicpid"
expect "ptrace attach host process" "errno=ESRCH"
expect "ptrace attach other zone's init" "errno=ESRCH"
expect "pidfd_open host process" "errno=ESRCH"
expect "read host process root via /proc/PID/root" "errno=ENOENT"
expect "read other zone's files via /proc/PID/root" "errno=ENOENT"
expect "read other zone's files via its zonepath" "errno=ENOENT"
expect "setns into other zone's net namespace" "errno=ENOENT"
# disks and devices: planted nodes are refused by the device controller
expect "open planted disk node" "errno=EPERM"
expect "open planted /dev/mem node" "errno=EPERM"
expect "mount planted disk node" "errno=EPERM"
expect "mknod a disk" "errno=EPERM"
expect "mknod /dev/kmsg" "errno=EPERM"
expect "open the configured device" "ok"
expect "zone /dev holds only its nodes" "ok \.zonename,console,full,null,random,tty,urandom,zero"
expect "mount a fresh proc" "errno=EPERM"
expect "mount cgroup2 to raise limits" "errno=EPERM"
# The zone has no cgroupfs at all (and could not mount one, above).
expect "write memory.max through /sys/fs/cgroup" "errno=EROFS|errno=ENOENT"
expect "move self to the root cgroup" "errno=EROFS|errno=ENOENT"
# /proc and /sys
expect "write /proc/sys/kernel/core_pattern" "errno=EROFS"
check "the host's core_pattern is unchanged" test "$(cat /proc/sys/kernel/core_pattern)" != "|/escape/x"
expect "write /proc/sys/vm/drop_caches" "errno=EROFS"
expect "write /sys/kernel/mm/transparent_hugepage/enabled" "errno=EROFS|errno=ENOENT"
expect "write /sys/class/net/lo/mtu" "errno=EROFS"
expect "remount /proc/sys read-write" "errno=EPERM"
expect "unmount the /proc/keys mask" "errno=EPERM"
# Kernels without CONFIG_PROC_KCORE / CONFIG_MAGIC_SYSRQ have neither file.
if [ -e /proc/kcore ]; then expect "read /proc/kcore" "ok 0"; else expect "read /proc/kcore" "errno=ENOENT"; fi
expect "read /proc/keys" "ok 0"
expect "read /proc/timer_list" "ok 0"
if [ -e /proc/sysrq-trigger ]; then expect "write /proc/sysrq-trigger" "errno=EROFS"
else expect "write /proc/sysrq-trigger" "errno=ENOENT"; fi
expect "list /sys/firmware" "ok 0"
# kernel-wide system calls
for a in init_module finit_module delete_module kexec_load kexec_file_load "clock_settime of the host clock" \
         settimeofday adjtimex sethostname keyctl add_key bpf perf_event_open open_by_handle_at userfaultfd \
         swapoff iopl "syslog read kernel log" acct io_uring_setup "unshare a user namespace" \
         "unshare a mount namespace"; do
  expect "$a" "errno=EPERM"
done
check "the host's hostname is unchanged" test "$(hostname)" != pwned
expect "clone3" "errno=ENOSYS"
expect "reboot with kexec" "errno=EINVAL"
expect "reboot: disable ctrl-alt-del on the host" "errno=EINVAL"
expect "chroot breakout" "ok still in the zone root"
expect "follow planted symlink to the host" "errno=ENOENT"
# network
expect "interfaces seen" "ok lo"
expect "bind other zone's interface by name" "errno=ENODEV"
# capabilities: none of the host-wide ones
b=${R[bounding set]-ok 1fffffffff}
bnd=$((16#${b#ok }))
for c in 16:sys_module 17:sys_rawio 21:sys_admin 25:sys_time 27:mknod 38:perfmon 39:bpf; do
  check "escape: bounding set lacks cap_${c#*:}" test $(((bnd >> ${c%%:*}) & 1)) = 0
done
check "escape: bounding set keeps cap_chown (limitpriv default)" test $((bnd & 1)) = 1

# --- reboot(2) inside the zone reboots the zone -----------------------------------------
for i in $(seq 1 100); do
  [ "$(state esc)" = running ] && [ "$(cat /run/zones/esc/zoneid)" != "$id1" ] && break; sleep 0.2
done
[ -e /zones/esc/root/escape/reboot-failed ] && sed 's/^/# reboot(2) in the zone: /' /zones/esc/root/escape/reboot-failed
tail -5 /var/log/zones/esc.console 2>/dev/null | sed 's/^/# console: /'
check "reboot(2) in esc rebooted esc (new zone ID)" test "$(cat /run/zones/esc/zoneid)" != "$id1"
check "with a new init" test "$(initpid esc)" != "$init1"
check_eq "esc is running again" running "$(state esc)"
check_eq "vic is still running" running "$(state vic)"
check "vic's init is the same process" test "$(initpid vic)" = "$vicpid"

# --- before uninstall: a symlink in the root to a host directory ---------------------
check "halt esc" zoneadm -z esc halt
check "uninstall esc (root holds /hostlink -> /hostmark)" zoneadm -z esc uninstall -F
check "uninstall: the host directory behind the planted symlink is intact" hostmark_ok
check "halt vic" zoneadm -z vic halt
