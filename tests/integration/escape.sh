#!/usr/bin/env bash
# Escape attempts (issue 6, architecture §7): root inside zone `esc` tries to
# reach the host and zone `vic`. The attempts run in the zone itself: the
# zone's own rc script (zinit runs /etc/rc.d/S*) starts escape-probe.py, so
# they have exactly the confinement of the zone's init (capabilities,
# seccomp, masks, device controller). Each attempt is one named test that
# checks the errno or the effect. Around them: symlinks planted in a zone
# root before install, boot and uninstall must not make the global zone
# touch host files, and an in-zone reboot(2) reboots the zone, not the host.
# The same battery runs in a whole-root Debian zone whose init is systemd
# (issue 15; its root is tests/debian-root.sh's cached one): there systemd
# starts the probe as a service, and /usr is the zone's own.
source "$(dirname "$0")/lib.sh"
ZONES=(esc esc2 escd vic pre sym)
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
on_exit cleanup

if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  skip_rest "no real zoneadmd installed"
fi
plan 422

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
zonecfg -z esc2 "create; set zonepath=/zones/esc2; add device; set match=/dev/net/tun; end;
  add attr; set name=userns; set type=boolean; set value=false; end" >/dev/null
check "install vic" zoneadm -z vic install
check "install esc" zoneadm -z esc install
check "install esc2" zoneadm -z esc2 install
echo vic-secret > /zones/vic/root/etc/secret

# --- before boot: symlinks in a zone root pointing at host paths ------------------
zonecfg -z sym "create; set zonepath=/zones/sym" >/dev/null
check "install sym" zoneadm -z sym install
rm -rf /zones/sym/root/dev /zones/sym/root/sys
ln -s /hostdev /zones/sym/root/dev
ln -s /hostmark /zones/sym/root/sys
run zoneadm -z sym boot
# Resolved inside the zone root (RESOLVE_IN_ROOT), /hostdev and /hostmark
# are missing paths of the zone: the boot is refused, naming what failed.
check_match "boot: root /dev and /sys planted as symlinks to host paths: refused in one line" \
  "^1 zoneadm: zone 'sym': (fs|dev): /(sys|dev): No such file or directory\$" "$rc $err"
check_eq "boot: ... and sym stays installed" installed "$(state sym)"
check "boot: nothing was made on the host through the planted /dev" test ! -e /hostdev
check "boot: nothing was mounted on or written to the host through the planted /sys" hostmark_ok
check_eq "boot: no mount on the host under /hostmark" "" "$(awk '$5 ~ "^/hostmark" {print $5}' /proc/self/mountinfo)"
zoneadm -z sym halt >/dev/null 2>&1
ln -s /hostmark /zones/esc/root/hostlink
ln -s /hostmark /zones/esc2/root/hostlink

check "boot vic" zoneadm -z vic boot
vicpid=$(initpid vic)
ip link add zx-host type veth peer name zx-vic && ip link set zx-vic netns "$vicpid"
check "vic has its own interface zx-vic" nsenter -t "$vicpid" -n ip link show zx-vic
sleep 4242 & mine+=($!); hostpid=$!
nsenter -t "$vicpid" -a sleep 4343 & mine+=($!)

# A disk of the host: the block device under /work if it is one, else any.
disk=$(findmnt -n -o MAJ:MIN -T /work 2>/dev/null | head -1)
[ -e "/sys/dev/block/$disk" ] || disk=$(basename "$(ls -d /sys/dev/block/* | head -1)")
# plant ZONE REBOOT [INIT]: the probe, its parameters and nodes in the
# zone's root, started once by its init: zinit (an rc script, the default)
# or systemd (a service of multi-user.target).
plant() {
  local z=$1 reboot=$2 init=${3:-zinit} r=/zones/$1/root
  mkdir -p $r/escape $r/etc/rc.d
  cp "$SRC/tests/integration/escape-probe.py" $r/escape/probe.py
  printf '%s\n' "HOSTPID=$hostpid" "VICPID=$vicpid" "VICROOT=/zones/vic/root" "VICIF=zx-vic" \
    "DISK=$disk" "REBOOT=$reboot" > $r/escape/params
  mknod $r/escape/disk b "${disk%:*}" "${disk#*:}"
  mknod $r/escape/mem c 1 1
  mknod $r/escape/null c 1 3   # on the device controller's list: only nodev refuses it
  # Once: the probe may end with reboot(2), and the zone comes back.
  if [ "$init" = systemd ]; then
    printf '%s\n' '[Unit]' 'Description=escape attempts' 'ConditionPathExists=!/escape/out' \
      '[Service]' 'Type=oneshot' 'ExecStart=/usr/bin/python3 /escape/probe.py' \
      'RemainAfterExit=yes' 'StandardOutput=file:/escape/log' 'StandardError=inherit' > $r/etc/systemd/system/escape.service
    mkdir -p $r/etc/systemd/system/multi-user.target.wants
    ln -sf ../escape.service $r/etc/systemd/system/multi-user.target.wants/escape.service
    return
  fi
  printf '%s\n' '#!/bin/sh' '[ -e /escape/out ] && exit 0' \
    'exec /usr/bin/python3 /escape/probe.py >/escape/log 2>&1' > $r/etc/rc.d/S99escape
  chmod 755 $r/etc/rc.d/S99escape
}

declare -A R
# battery ZONE MODE [ROOT]: judge the probe's results; MODE userns (the
# default: the zone has its own user namespace, zone root holds
# CAP_SYS_ADMIN there) or plain (attr userns=false: no CAP_SYS_ADMIN at
# all). ROOT sparse (the default: the host's /usr, read-only, zinit) or
# whole (a whole root of its own, systemd as init): what differs is only
# what /usr is and which processes are the zone's own.
battery() {
  local z=$1 mode=$2 root=${3:-sparse} res=/zones/$1/root/escape/out i a
  for i in $(seq 1 300); do grep -q '^done|' $res 2>/dev/null && break; sleep 0.2; done
  check "$z: the probe ran to the end inside the zone" grep -q '^done|' $res
  [ -s /zones/$z/root/escape/log ] && sed 's/^/# probe: /' /zones/$z/root/escape/log
  R=()
  [ -e $res ] && while IFS='|' read -r name result; do R[$name]=$result; done < $res
  [ -e $res ] && sed "s/^/# $z: /" $res
  # expect NAME REGEX [REGEX-WITHOUT-USERNS]: the attempt's result matches.
  expect() {
    local v=${R[$1]-<not run>} want=$2
    [ "$mode" = plain ] && [ $# -ge 3 ] && want=$3
    if grep -Eq -- "^($want)\$" <<<"$v"; then _report 0 "$z: $1 ($v)"
    else _report 1 "$z: $1" "result: $v" "wanted: $want"; fi
  }
  run printf '%s' "${R[ps sees only the zone]-}"
  # systemd: the host's (its PID 1 and units) in a sparse zone; a whole
  # root's init is its own systemd, so there the host's test script stands in.
  local host='sleep 4242|zoneadmd|zonesd|escape\.sh|systemd'
  if [ "$root" = whole ]; then
    host='sleep 4242|zoneadmd|zonesd|escape\.sh'
    check "$z: ps shows the zone's own systemd" grep -q 'systemd' <<<"$out"
  fi
  check "$z: ps shows no host process" test -z "$(printf '%s' "$out" | grep -E "$host")"
  check "$z: ps shows no process of vic" test -z "$(printf '%s' "$out" | grep 'sleep 4343')"
  expect "kill host process by host PID" "errno=ESRCH"
  expect "kill other zone's init by host PID" "errno=ESRCH"
  check "$z: the host process survived" alive "$hostpid"
  check "$z: vic's init survived" alive "$vicpid"
  expect "ptrace attach host process" "errno=ESRCH"
  expect "ptrace attach other zone's init" "errno=ESRCH"
  expect "pidfd_open host process" "errno=ESRCH"
  expect "read host process root via /proc/PID/root" "errno=ENOENT"
  expect "read other zone's files via /proc/PID/root" "errno=ENOENT"
  expect "read other zone's files via its zonepath" "errno=ENOENT"
  expect "setns into other zone's net namespace" "errno=ENOENT"
  # disks and devices: nodes planted in the zone root open nothing (it is
  # nodev), not even one the device controller allows; a node planted in
  # the zone's /dev is refused by the device controller
  expect "open planted disk node" "errno=EACCES"
  expect "open planted /dev/mem node" "errno=EACCES"
  expect "open planted null node (on the device list)" "errno=EACCES"
  expect "open a node planted in the zone's /dev, off its list" "errno=EPERM"
  expect "mount planted disk node" "errno=EPERM"
  expect "mknod a disk" "errno=EPERM"
  expect "mknod /dev/kmsg" "errno=EPERM"
  expect "open the configured device" "ok"
  # (systemd mounts the zone's own POSIX message queues on /dev/mqueue)
  if [ "$root" = whole ]; then expect "zone /dev holds only its nodes" "ok \.zonename,console,full,mqueue,null,random,tty,urandom,zero"
  else expect "zone /dev holds only its nodes" "ok \.zonename,console,full,null,random,tty,urandom,zero"; fi
  expect "mount a fresh proc" "errno=EPERM"
  # Its own cgroup namespace (rooted at its payload cgroup) may be mounted
  # with a user namespace; the limits in it belong to the host all the same.
  expect "mount cgroup2" "ok" "errno=EPERM"
  expect "raise pids.max through cgroupfs" "errno=(ENOENT|EACCES|EPERM)"
  expect "raise memory.max through cgroupfs" "errno=(ENOENT|EACCES|EPERM)"
  expect "write memory.max through /sys/fs/cgroup" "errno=EROFS|errno=ENOENT"
  expect "move self to the root cgroup" "errno=EROFS|errno=ENOENT"
  # /proc and /sys (with a user namespace the host's sysctls are not even
  # writable by their owner's rules: EACCES comes before EROFS)
  expect "write /proc/sys/kernel/core_pattern" "errno=EROFS|errno=EACCES" "errno=EROFS"
  check "$z: the host's core_pattern is unchanged" test "$(cat /proc/sys/kernel/core_pattern)" != "|/escape/x"
  expect "write /proc/sys/vm/drop_caches" "errno=EROFS|errno=EACCES" "errno=EROFS"
  expect "write /sys/kernel/mm/transparent_hugepage/enabled" "errno=EROFS|errno=ENOENT"
  expect "write /sys/class/net/lo/mtu" "errno=EROFS"
  expect "remount /proc/sys read-write" "errno=EPERM"
  expect "unmount the /proc/keys mask" "errno=EINVAL" "errno=EPERM"
  # Kernels without CONFIG_PROC_KCORE / CONFIG_MAGIC_SYSRQ have neither file.
  if [ -e /proc/kcore ]; then expect "read /proc/kcore" "ok 0"; else expect "read /proc/kcore" "errno=ENOENT"; fi
  expect "read /proc/keys" "ok 0"
  expect "read /proc/timer_list" "ok 0"
  if [ -e /proc/sysrq-trigger ]; then expect "write /proc/sysrq-trigger" "errno=EROFS|errno=EACCES" "errno=EROFS"
  else expect "write /proc/sysrq-trigger" "errno=ENOENT"; fi
  expect "list /sys/firmware" "ok 0"
  # kernel-wide system calls, refused by the seccomp allowlist whatever
  # the capabilities: EPERM where a missing privilege is the natural
  # answer, ENOSYS (as on a kernel without them) where callers fall back
  for a in init_module finit_module delete_module kexec_load kexec_file_load "clock_settime of the host clock" \
           settimeofday adjtimex clock_adjtime bpf perf_event_open open_by_handle_at userfaultfd \
           swapon swapoff iopl ioperm "syslog read kernel log" acct io_uring_setup io_uring_enter \
           io_uring_register fanotify_init quotactl lookup_dcookie \
           process_vm_readv process_vm_writev process_madvise pidfd_getfd \
           mbind set_mempolicy migrate_pages move_pages set_mempolicy_home_node; do
    expect "$a" "errno=EPERM"
  done
  for a in fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr keyctl add_key request_key kcmp \
           "personality ADDR_NO_RANDOMIZE" "a call the profile does not know (sysfs)"; do
    expect "$a" "errno=ENOSYS"
  done
  expect "name_to_handle_at" "errno=(EOPNOTSUPP|ENOTSUP)"
  expect "personality PER_LINUX32" "ok 0"
  expect "personality query" "ok 8"
  # ptrace names its target by a PID of the zone's own PID namespace: the
  # zone's processes only (the host's and vic's: ESRCH, above)
  expect "ptrace seize own child" "ok 0"
  # The zone's own UTS namespace: its node name, never the host's.
  expect "sethostname" "ok 0" "errno=EPERM"
  check "$z: the host's hostname is unchanged" test "$(hostname)" != pwned
  # No nested user namespace in any zone (seccomp, by the clone flag);
  # the zone's other namespaces are its init's to make (with one of its own)
  expect "unshare a user namespace" "errno=EPERM"
  expect "clone a user namespace" "errno=EPERM"
  expect "unshare a mount namespace" "ok 0" "errno=EPERM"
  expect "nested user ns: remount /usr read-write" "errno=EPERM"
  expect "nested user ns: unmount the /proc/keys mask" "errno=EPERM"
  expect "nested user ns: remount /proc/sys read-write" "errno=EPERM"
  if [ "$root" = whole ]; then
    # The zone's own /usr, in its root file system: no mount to undo.
    expect "/usr is a mount point" "ok no"
    expect "create a file in /usr" "ok"
    expect "remount /usr read-write" "errno=EINVAL"
    expect "unmount /usr to reach the zone root's own /usr" "errno=EINVAL"
  else
    # The host's /usr, read-only and locked.
    expect "/usr is a mount point" "ok yes"
    expect "create a file in /usr" "errno=EROFS"
    expect "remount /usr read-write" "errno=EPERM"
    expect "unmount /usr to reach the zone root's own /usr" "errno=EINVAL" "errno=EPERM"
  fi
  expect "unmount /dev/.zonename" "errno=EINVAL" "errno=EPERM"
  expect "clone3" "errno=ENOSYS"
  expect "reboot with kexec" "errno=EINVAL"
  expect "reboot: disable ctrl-alt-del on the host" "errno=EINVAL"
  expect "chroot breakout" "ok still in the zone root"
  expect "follow planted symlink to the host" "errno=ENOENT"
  # network
  expect "interfaces seen" "ok lo"
  expect "bind other zone's interface by name" "errno=ENODEV"
  # capabilities: none of the host-wide ones
  local b=${R[bounding set]-ok 1fffffffff} bnd c
  bnd=$((16#${b#ok }))
  for c in 16:sys_module 17:sys_rawio 25:sys_time 27:mknod 38:perfmon 39:bpf; do
    check "$z: bounding set lacks cap_${c#*:}" test $(((bnd >> ${c%%:*}) & 1)) = 0
  done
  if [ "$mode" = plain ]; then check "$z: bounding set lacks cap_sys_admin (no user namespace)" test $(((bnd >> 21) & 1)) = 0
  else check "$z: bounding set has cap_sys_admin (bounded by the zone's user namespace)" test $(((bnd >> 21) & 1)) = 1; fi
  check "$z: bounding set keeps cap_chown (limitpriv default)" test $((bnd & 1)) = 1
}

# plant_dev ZONE: between ready and boot, the host puts /dev/mem's numbers
# into the zone's /dev (the one mount with usable nodes): the device
# controller alone refuses it.
plant_dev() {
  check "ready $1" zoneadm -z $1 ready
  check "plant a node off the zone's list in its /dev" nsenter --mount=/run/zones/$1/ns/mnt mknod /dev/escape-mem c 1 1
}

# null_mask ZONE: zone root replaces its /dev/null by a symlink to a masked
# file, then the zone reboots: the masks are the host's /dev/null all the
# same (never a path in the zone's /dev).
null_mask() {
  local z=$1
  check "the host's /proc/timer_list has content (the mask hides something)" \
    test "$(head -c 16 /proc/timer_list | wc -c)" = 16
  check "$z: zone root replaces /dev/null by a symlink to /proc/timer_list" \
    zlogin $z 'rm /dev/null && ln -s /proc/timer_list /dev/null && test -L /dev/null'
  check "$z: reboot" zoneadm -z $z reboot
  check_eq "$z: after the reboot /proc/timer_list still reads nothing" 0 "$(zlogin $z 'wc -c < /proc/timer_list')"
  check_eq "$z: it is covered by a null device" "character special file 1:3" \
    "$(zlogin $z "stat -c '%F %t:%T' /proc/timer_list")"
}

plant esc2 0
plant_dev esc2
check "boot esc2 (attr userns=false)" zoneadm -z esc2 boot
battery esc2 plain
null_mask esc2
check "halt esc2" zoneadm -z esc2 halt

plant esc 1
plant_dev esc
check "boot esc" zoneadm -z esc boot
id1=$(cat /run/zones/esc/zoneid); init1=$(initpid esc)
battery esc userns

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

# --- the battery in a whole-root Debian zone, systemd its init ----------------------------
tarball=$("$SRC/tests/debian-root.sh" 2>"$WORK/root.err") || sed 's/^/# /' "$WORK/root.err"
check "the Debian 12 root is cached (tests/debian-root.sh)" test -s "$tarball"
zonecfg -z escd "create -t debian; set zonepath=/zones/escd; add device; set match=/dev/net/tun; end" >/dev/null
check "install -a escd (debian brand)" zoneadm -z escd install -a "$tarball"
ln -s /hostmark /zones/escd/root/hostlink
plant escd 0 systemd
plant_dev escd
check "boot escd" zoneadm -z escd boot
battery escd userns whole
check_eq "escd: its systemd ran the probe as a service" "active" \
  "$(zlogin escd systemctl show -P ActiveState escape.service)"
run zlogin escd systemctl is-system-running --wait
check_eq "escd: systemd is running after the battery" running "$out"
[ "$out" = running ] || zlogin escd systemctl --failed --no-pager 2>&1 | sed 's/^/# /'
null_mask escd
check "halt escd" zoneadm -z escd halt
check "uninstall escd (root holds /hostlink -> /hostmark)" zoneadm -z escd uninstall -F
check "uninstall: the host directory behind escd's planted symlink is intact" hostmark_ok

# --- user namespace: root in the zone is an unprivileged id on the host ----------------
init2=$(initpid esc)
base=$(awk '$1 == "esc" {print $2}' /etc/zones/idmap)
check "esc has a recorded id range" test -n "$base"
check_eq "init's uid on the host is the range's base" "$base" "$(awk '/^Uid:/ {print $2}' /proc/$init2/status)"
check_eq "uid_map of init" "0 $base 65536" "$(awk '{print $1, $2, $3}' /proc/$init2/uid_map)"
check_eq "a file zone root created shows the base id on the host" "$base:$base" \
  "$(stat -c %u:%g /zones/esc/root/escape/out)"
check "esc and vic have different ranges" test "$base" != "$(awk '$1 == "vic" {print $2}' /etc/zones/idmap)"
check "esc's user namespace is not the host's" test "$(readlink /proc/$init2/ns/user)" != "$(readlink /proc/self/ns/user)"
# NS_GET_USERNS: the owner of each of init's namespaces.
owners() {
  python3 -c 'import fcntl, os, sys
p = sys.argv[1]
u = os.stat(f"/proc/{p}/ns/user").st_ino
for n in ("mnt", "uts", "net", "ipc", "pid", "cgroup"):
    fd = os.open(f"/proc/{p}/ns/{n}", os.O_RDONLY)
    o = fcntl.ioctl(fd, 0xb701)
    print(n, "zone" if os.fstat(o).st_ino == u else "other")' "$1"
}
check_eq "every namespace of esc's init is owned by its user namespace" \
  "$(printf '%s zone\n' mnt uts net ipc pid cgroup)" "$(owners $init2)"

# --- before uninstall: a symlink in the root to a host directory ---------------------
null_mask esc
check "halt esc" zoneadm -z esc halt
check "uninstall esc (root holds /hostlink -> /hostmark)" zoneadm -z esc uninstall -F
check "uninstall: the host directory behind the planted symlink is intact" hostmark_ok
check "halt vic" zoneadm -z vic halt
