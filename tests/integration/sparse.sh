#!/usr/bin/env bash
# A sparse zone runs the host's services (issue 15, item 3): its /etc is
# seeded from the host's package configuration without the host's identity
# or secrets; sshd from the host's /usr, with the zone's own host keys,
# takes a key login from another zone over an exclusive-IP bridge; the
# console offers a login as an illumos zone's does ("web console login:",
# Debian's agetty kept there by zinit).
source "$(dirname "$0")/lib.sh"
pty() { python3 "$here/zlogin-pty.py" "$@"; }
cleanup() {
  for z in web cli; do
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  ip link del zbr0 2>/dev/null
  umount /zones 2>/dev/null
  rm -rf /zones
}
on_exit cleanup
[ -x /usr/sbin/sshd ] || skip_rest "openssh-server is not installed (tools/scripts/deps.sh installs it)"
[ -x /sbin/agetty ] || skip_rest "util-linux's agetty is missing"
plan 46
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones
ip link add zbr0 type bridge && ip link set zbr0 up
for z in web:2 cli:3; do
  zonecfg -z ${z%:*} "create; set zonepath=/zones/${z%:*}; set ip-type=exclusive
    add net; set physical=zbr0; set allowed-address=198.18.5.${z#*:}/24; end" >/dev/null
done

# --- the seeded /etc ---------------------------------------------------------------
check "install web" zoneadm -z web install
R=/zones/web/root
check "sshd_config is the host's" cmp /etc/ssh/sshd_config $R/etc/ssh/sshd_config
missing=""
for f in $(grep -h '^/etc/' /var/lib/dpkg/info/openssh-server.conffiles /var/lib/dpkg/info/login.conffiles); do
  [ -r "$f" ] && [ "$(stat -c %a "$f")" != 600 ] && ! cmp -s "$f" "$R$f" && missing+="$f "
done
check_eq "every conffile of openssh-server and login is there, as on the host" "" "$missing"
check "pam-auth-update's common-auth too" cmp /etc/pam.d/common-auth $R/etc/pam.d/common-auth
check "and the certificate store" cmp /etc/ssl/certs/ca-certificates.crt $R/etc/ssl/certs/ca-certificates.crt
check "and update-alternatives' links" test -L $R/etc/alternatives/pager -o ! -L /etc/alternatives/pager
check_eq "its own hostname" web "$(cat $R/etc/hostname)"
check "its own machine-id" test "$(cat $R/etc/machine-id)" != "$(cat /etc/machine-id)"
check_eq "its own fstab" "# the zone's file systems are set up by zoneadmd" "$(cat $R/etc/fstab)"
check "no network configuration of the host" test ! -e $R/etc/network/interfaces
check "no private keys of the host" test ! -e $R/etc/ssl/private
check "its own ssh host keys: ed25519" test -s $R/etc/ssh/ssh_host_ed25519_key -a -s $R/etc/ssh/ssh_host_ed25519_key.pub
check "and ECDSA" test -s $R/etc/ssh/ssh_host_ecdsa_key
check_eq "private, 0600" 600 "$(stat -c %a $R/etc/ssh/ssh_host_ed25519_key)"
check_match "made for the zone" 'root@web$' "$(cat $R/etc/ssh/ssh_host_ed25519_key.pub)"
if [ -e /etc/ssh/ssh_host_ed25519_key.pub ]; then
  check "not the host's" test "$(cut -d' ' -f2 /etc/ssh/ssh_host_ed25519_key.pub)" != "$(cut -d' ' -f2 $R/etc/ssh/ssh_host_ed25519_key.pub)"
else
  check "the host has none: nothing of its was copied" test ! -e /etc/ssh/ssh_host_ed25519_key.pub
fi
check_match "the host's system accounts: sshd" '^sshd:x:' "$(cat $R/etc/passwd)"
check_eq "none of its people (uid 1000 and up)" "" "$(awk -F: '$3 >= 1000 && $3 != 65534' $R/etc/passwd)"
check_eq "no password hash in the zone's shadow" "" "$(cut -d: -f2 $R/etc/shadow | grep -v '^\*$')"
check_eq "root is the zone's" "root:x:0:0:root:/root:/bin/sh" "$(head -1 $R/etc/passwd)"
check_match "zinit's console login" '^/sbin/agetty .*--nohostname' "$(cat $R/etc/zinit/console)"

# --- sshd from the host's /usr ----------------------------------------------------------
check "boot web" zoneadm -z web boot
check "enable sshd in the zone as its boot script" zlogin web ln -s /etc/init.d/ssh /etc/rc.d/S20ssh
check "reboot" zoneadm -z web reboot
end=$((SECONDS + 60))
# The daemon, not the init script's `sshd -t` check: the pid file's process.
until [ "$(zlogin web 'cat /proc/$(cat /run/sshd.pid)/comm' 2>/dev/null)" = sshd ] || [ $SECONDS -ge $end ]; do
  sleep 0.5
done
check "zinit started sshd at boot" zlogin web pgrep -x sshd
check_eq "the host's /usr/sbin/sshd" /usr/sbin/sshd "$(zlogin web 'readlink /proc/$(pgrep -xo sshd)/exe')"
check_eq "running as the zone's root" 0 "$(zlogin web 'stat -c %u /proc/$(pgrep -xo sshd)')"
check "install cli" zoneadm -z cli install
check "boot cli" zoneadm -z cli boot
check "a key for root in cli" zlogin cli 'mkdir -m 700 -p /root/.ssh && ssh-keygen -q -t ed25519 -N "" -f /root/.ssh/id_ed25519'
zlogin cli cat /root/.ssh/id_ed25519.pub >"$WORK/key.pub"
check "authorized in web" zlogin web 'umask 077; mkdir -p /root/.ssh; cat > /root/.ssh/authorized_keys' <"$WORK/key.pub"
run zlogin cli 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=20 root@198.18.5.2 "hostname; cat /etc/machine-id"'
check_eq "cli logs in to web over ssh with its key" "0" "$rc"
check_eq "and runs in web" "web $(cat $R/etc/machine-id)" "$(echo $out)"
check_eq "web's sshd showed web's own host key" "$(cut -d' ' -f1,2 $R/etc/ssh/ssh_host_ed25519_key.pub)" \
  "$(zlogin cli 'ssh-keygen -F 198.18.5.2 -f /root/.ssh/known_hosts' | grep -v '^#' | cut -d' ' -f2,3)"
run zlogin cli 'ssh -o BatchMode=yes -o ConnectTimeout=20 -o IdentitiesOnly=yes -i /dev/null nobody@198.18.5.2 true'
check "a login without a key is refused" test "$rc" -ne 0
check "halt web: zinit stops sshd" zoneadm -z web halt

# --- the console login -------------------------------------------------------------------
check "boot web" zoneadm -z web boot
check "give root a password (chpasswd of the host's /usr on the zone's shadow)" zlogin web 'echo root:zone-secret | chpasswd'
check_match "the zone's shadow got its hash" '^root:\$' "$(cat $R/etc/shadow)"
for _ in $(seq 50); do grep -q 'web console login:' /var/log/zones/web.console && break; sleep 0.2; done
check_match "the console log shows illumos's prompt" 'web console login: ' "$(cat /var/log/zones/web.console)"
# (The pty helper's expect looks at all the output so far: each session
# waits only for what is new in it.)
run pty "send:\r;; expect:login:;; send:root\r;; expect:Password:;; send:zone-secret\r;; expect:#;; send:echo logged-in-as-\$(id -un)-on-\$(hostname)\r;; expect:logged-in-as-root-on-web;; send:exit\r;; expect:web console login:;; send:~." -- zlogin -C web
check_eq "zlogin -C: ~. leaves" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "every prompt came" "" "$(grep '^expect-failed' <<<"$out")"
check_match "root logs in on the console" 'logged-in-as-root-on-web' "$out"
check_match "after logout the getty is back: web console login:" 'exit.*web console login:' "$(tr -d '\r\n' <<<"$out")"
run pty "send:\r;; expect:login:;; send:root\r;; expect:Password:;; send:wrong\r;; expect:Login incorrect;; send:~." -- zlogin -C web
check_match "a wrong password is refused" 'Login incorrect' "$out"
check "halt" zoneadm -z web halt
