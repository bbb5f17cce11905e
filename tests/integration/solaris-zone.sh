#!/usr/bin/env bash
# Ansible's own community.general.solaris_zone (Debian 12's `ansible`
# package) against our zonecfg/zoneadm, unchanged but for two things, both
# shown here: its platform check (sed below; the test fails if the sed no
# longer matches, so a changed upstream module is noticed) and its Solaris
# readiness probe `ps -z ZONE -o args | grep "ttymon.*-d /dev/console"`,
# answered by a small ps wrapper first in PATH. Nothing else in the module
# is patched. The flow: configured -> present (root_password: the zone's
# /etc/shadow has the hash) -> running -> stopped -> detached -> attached
# -> absent, each checked against `zoneadm list -cp` and each run twice
# (the second run changes nothing where the module is idempotent).
source "$(dirname "$0")/lib.sh"
ZONES=(sz1 sz2 sz3 sd1)
cleanup() {
  remove_zones "${ZONES[@]}"
  umount -R /zones 2>/dev/null
  rm -rf /zones
}
on_exit cleanup
need_zoneadmd
plan 58

UPSTREAM=/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/modules/solaris_zone.py
[ -r "$UPSTREAM" ] || skip_rest "no community.general.solaris_zone (Debian's ansible package)"

export HOME=$WORK ANSIBLE_LOCAL_TEMP=$WORK/tmp ANSIBLE_REMOTE_TEMP=$WORK/tmp
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_LOCALHOST_WARNING=0
export ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
# Zone roots on a file system of their own: detach and attach walk the zone
# root, which the test host's overlayfs does not let them do.
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones

# --- the module: a copy in a collection path of its own, first in the search ---
# The only patch: what the platform check reads. On a Linux host
# platform.system() is "Linux" (the module refuses: "This module requires
# Solaris") and platform.release() a Linux version that its
# "(major, minor) = release.split('.')" cannot unpack; we say SunOS 5.11,
# illumos' uname, so the module takes its Solaris 11 / illumos path (no
# Solaris 10 sysid files).
coll=$WORK/collections/ansible_collections/community/general
mkdir -p "$coll/plugins/modules"
mod=$coll/plugins/modules/solaris_zone.py
sed -e "s/platform\.system() != 'SunOS'/'SunOS' != 'SunOS'/" \
    -e "s/(self\.os_major, self\.os_minor) = platform\.release()\.split('\.')/(self.os_major, self.os_minor) = '5.11'.split('.')/" \
    "$UPSTREAM" >"$mod"
check_eq "the sed patched the platform check and nothing else (else upstream changed: look again)" \
"<         if platform.system() != 'SunOS':
>         if 'SunOS' != 'SunOS':
<         (self.os_major, self.os_minor) = platform.release().split('.')
>         (self.os_major, self.os_minor) = '5.11'.split('.')" \
  "$(diff "$UPSTREAM" "$mod" | grep '^[<>]')"
export ANSIBLE_COLLECTIONS_PATH=$WORK/collections:/usr/lib/python3/dist-packages

# --- ps -z: illumos' ps, answered from our tools --------------------------------
# The module waits after boot for the zone's console login, Solaris'
# "ttymon ... -d /dev/console" (ps -z ZONE -o args). Here a zone's console
# login is an agetty whose terminal is the zone's /dev/console (zinit keeps
# one in a sparse zone, systemd's console-getty.service in a Debian zone).
# The wrapper answers exactly `ps -z ZONE -o args`: the zone's processes
# from zps -z (illumos ps -z), that getty shown as the console login
# illumos names ttymon. Any other -z call is zps', every other call /bin/ps'.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/ps" <<'EOF'
#!/bin/bash
[ "${1:-}" = -z ] || exec /bin/ps "$@"
[ $# = 4 ] && [ "$3 $4" = "-o args" ] || exec zps "$@"
echo COMMAND
zps -z "$2" -o pid=,args= | while read -r zone pid args; do
  if [[ $args == *getty* && $(readlink "/proc/$pid/fd/0") == /dev/console ]]; then
    args="/usr/lib/saf/ttymon -g -d /dev/console ($args)"
  fi
  printf '%s\n' "$args"
done
exit "${PIPESTATUS[0]}"
EOF
chmod +x "$WORK/bin/ps"
export PATH=$WORK/bin:$PATH

# sz STATE [KEY=VALUE | --ansible-playbook-option]...: one solaris_zone
# task on localhost (values in YAML single quotes: none of ours has one);
# sets $out/$err/$rc, $changed and $failed from the recap, $msg: the
# module's msg.
sz() {
  local state=$1 args="" opts=() a; shift
  for a in "$@"; do
    case $a in
      --*) opts+=("$a") ;;
      *) args+="
        ${a%%=*}: '${a#*=}'" ;;
    esac
  done
  run ansible-playbook -i localhost, -c local -v "${opts[@]}" /dev/stdin <<EOF
- hosts: localhost
  gather_facts: false
  tasks:
    - community.general.solaris_zone:
        state: $state$args
EOF
  changed=$(sed -n 's/^localhost *: .*changed=\([0-9]*\).*/\1/p' <<<"$out")
  failed=$(sed -n 's/^localhost *: .*failed=\([0-9]*\).*/\1/p' <<<"$out")
  msg=$(sed -n 's/.*"msg": "\([^"]*\)".*/\1/p' <<<"$out" | head -1)
}
lstate() { zoneadm list -cp | awk -F: -v z="$1" '$2 == z { print $3 }'; }

# --- configured ---------------------------------------------------------------------
sz configured name=sz1 path=/zones/sz1 sparse=true "config=set autoboot=false; set max-lwps=500"
check_eq "configured: succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz1 is configured" configured "$(lstate sz1)"
check_match "with its zonepath and the config given" 'set zonepath=/zones/sz1' "$(zonecfg -z sz1 export)"
check_match "(max-lwps 500)" 'limit=500' "$(zonecfg -z sz1 export)"
sz configured name=sz1 path=/zones/sz1 sparse=true "config=set autoboot=false; set max-lwps=500"
check_eq "configured, second run: no change" "0 0 0 configured" "$rc ${failed:-x} ${changed:-x} $(lstate sz1)"
# The module's present only checks that the zone exists (zoneadm -z Z list):
# a configured zone stays configured. Its install is tried on a new zone.
sz present name=sz1 path=/zones/sz1 sparse=true
check_eq "present on a configured zone: the module's no-op ('zone already exists')" \
  "0 0 zone already exists configured" "$rc ${changed:-x} $msg $(lstate sz1)"

# --- present with root_password ---------------------------------------------------------
hash=$(python3 -W ignore -c 'import crypt; print(crypt.crypt("zones-test", "$6$solzone$"))')
sz present name=sz2 path=/zones/sz2 sparse=true --check
check_eq "present in check mode: changed, nothing made" "0 1 " "$rc ${changed:-x} $(lstate sz2)"
sz present name=sz2 path=/zones/sz2 sparse=true "root_password=$hash" "config=set autoboot=false"
check_eq "present: succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is installed" installed "$(lstate sz2)"
check_eq "the zone's /etc/shadow has the root hash given" "$hash" \
  "$(awk -F: '$1 == "root" { print $2 }' /zones/sz2/root/etc/shadow)"
check "the module's ssh host keys are in the zone's /etc/ssh (rsa and dsa, next to install's)" \
  test -s /zones/sz2/root/etc/ssh/ssh_host_rsa_key -a -s /zones/sz2/root/etc/ssh/ssh_host_dsa_key \
  -a -s /zones/sz2/root/etc/ssh/ssh_host_ed25519_key
sz present name=sz2 path=/zones/sz2 sparse=true "root_password=$hash" "config=set autoboot=false"
check_eq "present, second run: no change" "0 0 0 installed" "$rc ${failed:-x} ${changed:-x} $(lstate sz2)"

# A whole-root zone (the module's default, sparse: false, is zonecfg
# create -b: brand whole) needs install_options -a ARCHIVE or -d PATH here:
# without, install fails with our one line, which the module reports.
sz present name=sz3 path=/zones/sz3
check_eq "sparse: false without install_options fails" "2 1" "$rc ${failed:-x}"
check_match "with zoneadm's line" "zone 'sz3': a whole-root zone is installed from exactly one of -a archive or -d path" "$out"
# Solaris 11's system configuration profile (the module's own example,
# install_options "-c sc_profile.xml") has no meaning here: refused.
sz absent name=sz3
sz present name=sz3 path=/zones/sz3 sparse=true "install_options=-c /tmp/sc_profile.xml"
check_eq "install_options -c PROFILE: refused, the zone not installed" "2 1 configured" "$rc ${failed:-x} $(lstate sz3)"
check_match "with zoneadm's line (illumos getopt wording)" "Failed to install zone.*illegal option -- c" "$out"

# --- running -------------------------------------------------------------------------------
check_eq "the ps wrapper: not running, no console login" "" "$(ps -z sz2 -o args 2>/dev/null | grep 'ttymon.*-d /dev/console')"
sz running name=sz2 timeout=300
check_eq "running: succeeds, changed ('zone booted' after the console login probe)" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is running" running "$(lstate sz2)"
check_match "its console login is up (what the module waited for)" 'agetty .*console' "$(zps -z sz2 -o args)"
check_eq "the zone sees the root hash" "$hash" "$(zlogin sz2 cat /etc/shadow | awk -F: '$1 == "root" { print $2 }')"
id=$(zid sz2)
sz running name=sz2 timeout=300
check_eq "running, second run: no change, same zone ID" "0 0 0 running $id" \
  "$rc ${failed:-x} ${changed:-x} $(lstate sz2) $(zid sz2)"
check_match "ps without -z is /bin/ps" 'PID' "$(ps -p $$)"

# --- stopped ------------------------------------------------------------------------------------
sz stopped name=sz2 --check
check_eq "stopped in check mode: still running" "0 running" "$rc $(lstate sz2)"
sz stopped name=sz2
check_eq "stopped: succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is installed" installed "$(lstate sz2)"
# The module halts whatever the state (and so always reports a change);
# zoneadm halt of a halted zone succeeds ("zone is already halted").
sz stopped name=sz2
check_eq "stopped, second run: succeeds, state kept (the module always says changed)" "0 0 installed" \
  "$rc ${failed:-x} $(lstate sz2)"

# --- detached ----------------------------------------------------------------------------------------
sz detached name=sz2 --check
check_eq "detached in check mode: nothing detached" "0 installed no" \
  "$rc $(lstate sz2) $(test -e /zones/sz2/SUNWdetached.xml && echo yes || echo no)"
sz detached name=sz2
check_eq "detached: succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is configured with the detach manifest" "configured yes" \
  "$(lstate sz2) $(test -s /zones/sz2/SUNWdetached.xml && echo yes)"
sz detached name=sz2
check_eq "detached, second run: no change ('zone already detached')" "0 0 0 zone already detached" \
  "$rc ${failed:-x} ${changed:-x} $msg"

# --- attached ------------------------------------------------------------------------------------------
sz attached name=sz2 --check
check_eq "attached in check mode: still configured" "0 configured" "$rc $(lstate sz2)"
sz attached name=sz2
check_eq "attached: succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is installed, the manifest gone" "installed no" \
  "$(lstate sz2) $(test -e /zones/sz2/SUNWdetached.xml && echo yes || echo no)"
check_eq "the root hash survived detach/attach" "$hash" \
  "$(awk -F: '$1 == "root" { print $2 }' /zones/sz2/root/etc/shadow)"
sz attached name=sz2
check_eq "attached, second run: no change ('zone already attached')" "0 0 0 zone already attached" \
  "$rc ${failed:-x} ${changed:-x} $msg"
# illumos' attach -u (update the zone's packages) has no meaning here:
# refused, not ignored.
zoneadm -z sz2 detach >/dev/null 2>&1
sz attached name=sz2 attach_options=-u
check_eq "attach_options -u: refused" "2 1 configured" "$rc ${failed:-x} $(lstate sz2)"
check_match "with zoneadm's line (illumos getopt wording)" "Failed to attach zone.*illegal option -- u" "$out"
sz attached name=sz2
check_eq "attached without it: installed" "0 installed" "$rc $(lstate sz2)"
sz running name=sz2 timeout=300
check_eq "the attached zone boots" "0 0 1 running" "$rc ${failed:-x} ${changed:-x} $(lstate sz2)"

# --- the module's default: a whole-root zone, here a Debian one --------------------------
# sparse: false is "create -b"; create_options -t debian makes it brand
# debian (illumos zonecfg: the last of -b/-t wins), install_options -a the
# cached Debian 12 root (tests/debian-root.sh, built outside the test host).
tarball=$("$SRC/tests/debian-root.sh" 2>"$WORK/root.err")
check "the Debian 12 root is cached (tests/debian-root.sh)" test -s "$tarball"
sz present name=sd1 path=/zones/sd1 "create_options=-t debian" "install_options=-a $tarball" "root_password=$hash"
check_eq "present, Debian: installed, brand debian" "0 0 1 installed debian" \
  "$rc ${failed:-x} ${changed:-x} $(lstate sd1) $(zoneadm -z sd1 list -p | cut -d: -f6)"
check_eq "its /etc/shadow has the root hash given" "$hash" \
  "$(awk -F: '$1 == "root" { print $2 }' /zones/sd1/root/etc/shadow)"
sz running name=sd1 timeout=300
check_eq "running, Debian: booted once systemd's console getty is up" "0 0 1 running" \
  "$rc ${failed:-x} ${changed:-x} $(lstate sd1)"
check_match "the wrapper shows it as the console login" 'ttymon -g -d /dev/console \(/sbin/agetty' "$(ps -z sd1 -o args)"
check_match "systemd in the zone comes up" '^(running|degraded)$' "$(zlogin sd1 systemctl is-system-running --wait)"
check_eq "and its root is the one given" "$hash" "$(zlogin sd1 getent shadow root | cut -d: -f2)"
check_eq "the module's host keys (written from the global zone) are root's in the zone" "root root" \
  "$(zlogin sd1 stat -c %U /etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_dsa_key | tr '\n' ' ' | sed 's/ $//')"
run zlogin sd1 /usr/sbin/sshd -t
check_eq "sshd -t in the zone loads every host key, says nothing" "0 " "$rc $err"
sz absent name=sd1
check_eq "absent, Debian: gone" "0 0 1 " "$rc ${failed:-x} ${changed:-x} $(lstate sd1)"

# --- absent -----------------------------------------------------------------------------------------------
sz absent name=sz2 --check
check_eq "absent in check mode: still running" "0 1 running" "$rc ${changed:-x} $(lstate sz2)"
sz absent name=sz2
check_eq "absent (from running): succeeds, changed" "0 0 1" "$rc ${failed:-x} ${changed:-x}"
check_eq "sz2 is gone, and its zone root" " no" "$(lstate sz2) $(test -e /zones/sz2/root && echo yes || echo no)"
sz absent name=sz2
check_eq "absent, second run: no change ('zone does not exist')" "0 0 0 zone does not exist" \
  "$rc ${failed:-x} ${changed:-x} $msg"
for z in sz1 sz3; do
  sz absent name=$z
  check_eq "absent $z (configured)" "0 0 1 " "$rc ${failed:-x} ${changed:-x} $(lstate $z)"
done
check_eq "no zone left" "" "$(zoneadm list -cp | grep -v ':global:')"
