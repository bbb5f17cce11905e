#!/usr/bin/env bash
# Delegation (README "Delegation"): who may do what, decided by zonesd in
# one place, with the real polkitd and real users:
#   root      everything
#   bob       admin resource of web: auths=login,manage
#   carol     admin resource of web: auths=login (a password login only)
#   mallory   nothing anywhere
#   dave      nothing in zonecfg; a polkit rule grants him web (manage, login,
#             console) except uninstall: the zone= and verb= details
#   erin      a polkit rule that wants an administrator's password (no agent)
# Every zoneadm verb, zlogin form and a busctl call per kind for each of
# them, illumos's refusal lines, no side effect of a refusal, no way to give
# oneself rights through zonecfg, polkit absent = no, the audit entries and
# zoneadm log, and a flood of unprivileged reads while root halts a zone.
source "$(dirname "$0")/lib.sh"
as() { local u=$1; shift; runuser -u "$u" -- "$@"; }
M=(org.zones.Manager /org/zones org.zones.Manager)
AUDIT=a757cf6210254042bf1aec7766332ce6
rules=/etc/polkit-1/rules.d/50-zones-delegation-test.rules
# The helpers where the users can run them (the source tree may be private).
bin=$(mktemp -d /tmp/delegation-bin.XXXXXX)
chmod 755 "$bin"
cp "$here/zlogin-pty.py" "${ZONES_BUILD:-$SRC/build}/tests/integration/zones-flood" "$bin/"
pty="python3 $bin/zlogin-pty.py"

cleanup() {
  for z in web db wz cz mz; do
    zoneadm -z $z halt >/dev/null 2>&1
    zoneadm -z $z uninstall -F >/dev/null 2>&1
    zonecfg -z $z delete -F >/dev/null 2>&1
  done
  umount -R /zones 2>/dev/null
  rm -rf /zones "$rules" "$bin"
  systemctl unmask polkit.service >/dev/null 2>&1
}
on_exit cleanup
plan 219
cd /    # the users run from here: no cwd they may not enter
# Zone roots on a file system of their own (as zonepath.sh): on the test
# host's overlayfs, files and directories report different st_dev, and the
# id shift at ready (a walk that stays on one file system) would pass the
# files over.
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones

for u in bob carol mallory dave erin; do useradd -m "$u"; done
zonecfg -z web 'create; set zonepath=/zones/web
  add admin; set user=bob; set auths=login,manage; end
  add admin; set user=carol; set auths=login; end' >/dev/null
zonecfg -z db 'create; set zonepath=/zones/db' >/dev/null
zonecfg -z wz 'create -b; set zonepath=/zones/wz
  add admin; set user=bob; set auths=manage; end' >/dev/null     # whole root: install -a/-d
check "root installs web" zoneadm -z web install
check "root installs db" zoneadm -z db install
cat >"$rules" <<'EOF'
polkit.addRule(function(action, subject) {
    if (action.id.indexOf("org.zones.") != 0)
        return polkit.Result.NOT_HANDLED;
    if (subject.user == "dave" && action.lookup("zone") == "web" &&
        (action.id == "org.zones.manage" || action.id == "org.zones.login" ||
         action.id == "org.zones.console") && action.lookup("verb") != "uninstall")
        return polkit.Result.YES;
    if (subject.user == "erin")
        return polkit.Result.AUTH_ADMIN;
    return polkit.Result.NOT_HANDLED;
});
EOF
systemctl restart polkit.service
check "polkit knows the zones actions" pkaction --action-id org.zones.manage

# --- the installed files -------------------------------------------------------------
check_eq "six actions installed" \
  "org.zones.clone org.zones.configure org.zones.console org.zones.create org.zones.login org.zones.manage" \
  "$(pkaction | grep '^org\.zones\.' | sort | tr '\n' ' ' | sed 's/ $//')"
run pkaction --verbose --action-id org.zones.manage
check_match "defaults: nobody outside an active session" 'implicit any: +no' "$out"
check_match "defaults: not an inactive session" 'implicit inactive: +no' "$out"
check_match "defaults: an active session authenticates as an administrator" 'implicit active: +auth_admin_keep' "$out"

# --- reads are open to everyone -------------------------------------------------------
for u in mallory carol; do
  check "$u may list zones" as $u zoneadm list -cv
  check "$u may verify web" as $u zoneadm -z web verify
  check "$u may read web's configuration" as $u zonecfg -z web info
  check "$u may read a property" as $u busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone State
done

# --- GetZoneAccess: what each may do, decided as the calls are, never a prompt --------
V=(boot halt console uninstall configure login)
access() { as "$1" busctl call "${M[@]}" GetZoneAccess sas "$2" ${#V[@]} "${V[@]}" 2>&1; }
audited() { sync_journal; journalctl -q MESSAGE_ID=$AUDIT -o cat 2>/dev/null | wc -l; }
audited_before=$(audited)
check_eq "GetZoneAccess: root may do all that is asked" 'as 6 "boot" "halt" "console" "uninstall" "configure" "login"' "$(access root web)"
check_eq "GetZoneAccess: bob (admin login,manage) all but configure" 'as 5 "boot" "halt" "console" "uninstall" "login"' "$(access bob web)"
check_eq "GetZoneAccess: bob nothing on db" 'as 0' "$(access bob db)"
check_eq "GetZoneAccess: carol (admin login) the password login only" 'as 1 "login"' "$(access carol web)"
check_eq "GetZoneAccess: dave (a polkit rule) all his rule gives, not uninstall" 'as 4 "boot" "halt" "console" "login"' "$(access dave web)"
check_eq "GetZoneAccess: erin (polkit wants a password) nothing without a prompt" 'as 0' "$(access erin web)"
check_eq "GetZoneAccess: mallory nothing" 'as 0' "$(access mallory web)"
check_eq "Zone.GetAccess: the same answer on the zone's object" 'as 2 "boot" "console"' \
  "$(as bob busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone GetAccess as 3 boot configure console 2>&1)"
run as mallory busctl call "${M[@]}" GetZoneAccess sas web 1 fly
check_eq "GetZoneAccess: an unknown verb is an error" "Call failed: unknown verb 'fly'" "$err"
run as mallory busctl call "${M[@]}" GetZoneAccess sas nosuch 1 boot
check_eq "GetZoneAccess: an unknown zone" "Call failed: nosuch: No such zone configured" "$err"
# A positive control: one refused boot leaves one entry, which shows the
# journal has caught up with the questions asked before it.
as mallory zoneadm -z web boot >/dev/null 2>&1
check_eq "GetZoneAccess leaves no audit entry (a refused boot after it leaves one)" \
  "$((audited_before + 1)) web: boot by mallory" \
  "$(audited) $(journalctl -q MESSAGE_ID=$AUDIT -o cat 2>/dev/null | tail -1 | grep -o '^web: boot by mallory')"

# --- zoneadm: every verb refused to those without rights, nothing changes -------------
refuse_zoneadm() {   # USER ZONE VERB [ARGS...]
  local u=$1 z=$2 v=$3; shift 3
  run as "$u" zoneadm -z "$z" "$v" "$@"
  check_eq "$u: zoneadm -z $z $v $*: exit 1" 1 "$rc"
  check_eq "$u: zoneadm -z $z $v: illumos refusal" \
    "zoneadm: zone '$z': User $u is not authorized to $v this zone." "$err"
}
for who in "mallory web" "carol web" "bob db" "dave db"; do
  set -- $who
  for v in boot ready halt reboot shutdown apply install; do refuse_zoneadm "$1" "$2" "$v"; done
  refuse_zoneadm "$1" "$2" mark incomplete
  refuse_zoneadm "$1" "$2" uninstall -F
done
refuse_zoneadm dave web uninstall -F      # polkit's rule excludes verb=uninstall
check_eq "after all refusals web is still installed" installed "$(state web)"
check_eq "and db too" installed "$(state db)"

# --- busctl: the same refusals on both interfaces ------------------------------------
run as mallory busctl call "${M[@]}" Boot ss web ""
check_eq "mallory: Manager.Boot refused" "Call failed: zone 'web': User mallory is not authorized to boot this zone." "$err"
run as mallory busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone Install as 0
check_eq "mallory: Zone.Install refused" "Call failed: zone 'web': User mallory is not authorized to install this zone." "$err"
run as mallory busctl call "${M[@]}" OpenConsole s web
check_eq "mallory: OpenConsole refused" "Call failed: mallory is not authorized for console access to  web zone." "$err"
run as mallory busctl call "${M[@]}" OpenShell ssst web "" xterm 0
check_eq "mallory: OpenShell refused" "Call failed: mallory is not authorized  to login to web zone." "$err"
run as carol busctl call "${M[@]}" OpenShell ssst web "" xterm 1
check_eq "carol: OpenShell -S refused (login gives no failsafe)" \
  "Call failed: carol is not authorized for  failsafe or non-interactive login to  web zone." "$err"
run as bob busctl call "${M[@]}" Boot ss db ""
check_eq "bob: Manager.Boot of db refused" "Call failed: zone 'db': User bob is not authorized to boot this zone." "$err"
run as bob busctl call org.zones.Manager /org/zones/zone/db org.zones.Zone Halt
check_eq "bob: Zone.Halt of db refused" "Call failed: zone 'db': User bob is not authorized to halt this zone." "$err"

# --- zonecfg: an admin cannot give himself (or anyone) rights ------------------------
run as bob zonecfg -z web 'add admin; set user=mallory; set auths=manage; end'
check_eq "bob: zonecfg commit refused" 1 "$rc"
check_match "bob: with the service's line" '^web: Permission denied' "$err"
check_eq "web's admins unchanged" 2 "$(zonecfg -z web info admin | grep -c 'user:')"
run as bob busctl call "${M[@]}" SetConfiguration ss web '<zone name="web" zonepath="/zones/web" autoboot="true"/>'
check_eq "bob: SetConfiguration over the bus refused" "Call failed: web: Permission denied" "$err"
check_eq "web's autoboot unchanged" "b false" "$(busctl get-property org.zones.Manager /org/zones/zone/web org.zones.Zone Autoboot)"
run as bob zonecfg -z new 'create; set zonepath=/zones/new'
check_eq "bob: creating a zone refused" 1 "$rc"
check_match "bob: create refused with the service's line" '^new: Permission denied' "$err"
check_eq "no zone new" "" "$(zoneadm list -c | grep -x new)"
run as bob zonecfg -z web delete -F
check_eq "bob: deleting web refused" 1 "$rc"
check_eq "web is still there" installed "$(state web)"

# --- bob (manage) runs his zone with the same tools, and nothing else ----------------
check "bob: boot web" as bob zoneadm -z web boot
check_eq "web is running" running "$(state web)"
run as bob zlogin web id -u
check_eq "bob: zlogin web cmd runs as zone root" "0" "$out"
run as bob $pty 'expect:# ;;send:echo uid-$(id -u)\r;;expect:uid-0;;send:exit\r' -- zlogin web
check_match "bob: interactive zlogin" "Connected to zone 'web'" "$out"
check_match "bob: the shell ran" 'zlogin-exit 0' "$out"
run as bob $pty 'expect:# ;;send:echo failsafe-$((6*7))\r;;expect:failsafe-42;;send:exit\r' -- zlogin -S web
check_match "bob: zlogin -S" 'failsafe-42' "$out"
run as bob $pty 'expect:console];;send:~.' -- zlogin -C web
check_match "bob: zlogin -C attaches" "Connected to zone 'web' console" "$out"
check_match "bob: and leaves with ~." 'zlogin-exit 0' "$out"
check "bob: reboot web" as bob zoneadm -z web reboot
check_eq "web runs after the reboot" running "$(state web)"
check "bob: apply" as bob zoneadm -z web apply
check "bob: shutdown" as bob zoneadm -z web shutdown
check_eq "web installed after shutdown" installed "$(state web)"
check "bob: ready" as bob zoneadm -z web ready
check_eq "web ready" ready "$(state web)"
check "bob: halt" as bob zoneadm -z web halt
check_eq "web installed" installed "$(state web)"
check "bob: verify" as bob zoneadm -z web verify
check "bob: mark incomplete" as bob zoneadm -z web mark incomplete
check_eq "web incomplete" incomplete "$(state web)"
check "bob: uninstall" as bob zoneadm -z web uninstall -F
run as bob zoneadm -z wz install -d /root
check_eq "bob: install -d (files only root may read) refused" \
  "zoneadm: zone 'wz': only a privileged user may install from an archive or a directory." "$err"
check_eq "and nothing was installed" configured "$(state wz)"
check_eq "nor copied" "" "$(ls -A /zones/wz/root 2>/dev/null)"
check "bob: install" as bob zoneadm -z web install
check_eq "web installed again" installed "$(state web)"

# --- zlogin for those without the right ------------------------------------------------
check "root boots web" zoneadm -z web boot
for u in mallory carol; do
  run as $u zlogin web id
  check_eq "$u: zlogin web cmd refused" "zlogin: $u is not authorized for  failsafe or non-interactive login to  web zone." "$err"
  check_eq "$u: exit 1" 1 "$rc"
  run as $u zlogin -C web
  check_eq "$u: zlogin -C refused" "zlogin: $u is not authorized for console access to  web zone." "$err"
  run as $u $pty 'expect:zlogin' -- zlogin -S web
  check_match "$u: zlogin -S refused" "$u is not authorized for  failsafe or non-interactive login to  web zone" "$out"
done
run as mallory $pty 'expect:zlogin' -- zlogin web
check_match "mallory: interactive zlogin refused" "mallory is not authorized  to login to web zone" "$out"
check_match "mallory: exit 1" 'zlogin-exit 1' "$out"

# --- carol (login): an interactive login that asks for the zone user's password ------
# The zone needs login(1)'s PAM configuration and a user with a password
# (what an administrator adds to a sparse zone's small /etc); the next ready
# gives the files to zone root.
check "root halts web" zoneadm -z web halt
R=/zones/web/root
echo "alice:x:1000:1000::/home/alice:/bin/sh" >>$R/etc/passwd
hash=$(python3 -W ignore -c 'import crypt; print(crypt.crypt("s3cret pw", crypt.mksalt(crypt.METHOD_SHA512)))')
echo "alice:$hash:19000:0:99999:7:::" >>$R/etc/shadow
echo "alice:x:1000:" >>$R/etc/group
mkdir -p $R/home/alice
chown 1000:1000 $R/home/alice
cp -a /etc/pam.d /etc/login.defs /etc/security $R/etc/
check "root boots web" zoneadm -z web boot
run as carol $pty "expect:Password: ;;send:s3cret pw\r;;expect:\$ ;;send:id -un\r;;expect:alice\r;;send:exit\r" -- zlogin -l alice web
check_match "carol: zlogin asks for alice's password" 'Password:' "$out"
check_match "carol: and logs in as alice with it" '^alice.?$' "$out"
run as carol $pty 'expect:Password: ;;send:wrong\r;;expect:incorrect;;send:\r~.' -- zlogin -l alice web
check_match "carol: a wrong password gets no shell" 'Login incorrect' "$out"
check_eq "carol: zoneadm halt still refused" \
  "zoneadm: zone 'web': User carol is not authorized to halt this zone." "$(as carol zoneadm -z web halt 2>&1)"

# --- dave: polkit, for the zone and the verbs its rule names -------------------------
check "dave: halt web (polkit)" as dave zoneadm -z web halt
check "dave: boot web (polkit)" as dave zoneadm -z web boot
run as dave zlogin web id -u
check_eq "dave: zlogin web cmd (polkit org.zones.login)" "0" "$out"
run as dave zonecfg -z web set autoboot=true
check_eq "dave: configure is not granted" 1 "$rc"

# --- erin: polkit would ask for a password, and nobody can: a refusal, never a wait ---
run timeout 60 runuser -u erin -- busctl call "${M[@]}" Halt s web
check_eq "erin: refused (busctl allows interactive authorization)" \
  "Call failed: zone 'web': User erin is not authorized to halt this zone." "$err"
run timeout 60 runuser -u erin -- zoneadm -z web halt
check_eq "erin: zoneadm refused too, exit 1" 1 "$rc"
check_eq "web still running" running "$(state web)"

# --- polkit absent: no (the admin resource needs no polkit) ---------------------------
systemctl stop polkit.service
systemctl mask polkit.service >/dev/null 2>&1
run as dave zoneadm -z web halt
check_eq "polkit absent: dave refused" "zoneadm: zone 'web': User dave is not authorized to halt this zone." "$err"
check_eq "polkit absent: web still running" running "$(state web)"
check "polkit absent: bob (admin resource) still halts web" as bob zoneadm -z web halt
check "polkit absent: root boots it" zoneadm -z web boot
check_match "polkit absent: zonesd says why" 'polkit could not decide' \
  "$(journalctl -u zones.service --no-pager -o cat | grep 'halt by dave')"
systemctl unmask polkit.service >/dev/null 2>&1
check "polkit back: dave halts web again" as dave zoneadm -z web halt
check "root boots web" zoneadm -z web boot

# --- the audit journal -------------------------------------------------------------------
audit() {   # FIELD=VALUE...: RESULT AUTHORIZED_BY CALLER_USER CALLER_UID PIDOK of the last entry
  journalctl -o json --no-pager MESSAGE_ID=$AUDIT "$@" | tail -1 | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    pid = e.get("CALLER_PID", "")
    print(e.get("RESULT"), e.get("AUTHORIZED_BY") or "-", e.get("CALLER_USER"), e.get("CALLER_UID"),
          "pid" if pid.isdigit() and int(pid) > 0 else "nopid:" + pid)'
}
sync_journal
check_eq "bob's boot: ok, by the admin resource" "ok admin bob $(id -u bob) pid" \
  "$(audit ZONE=web VERB=boot CALLER_USER=bob)"
check_eq "dave's halt: ok, by polkit" "ok polkit dave $(id -u dave) pid" \
  "$(audit ZONE=web VERB=halt CALLER_USER=dave RESULT=ok)"
check_eq "root's install: ok, as root" "ok root root 0 pid" "$(audit ZONE=db VERB=install CALLER_USER=root)"
check_eq "mallory's boot: denied" "denied - mallory $(id -u mallory) pid" \
  "$(audit ZONE=web VERB=boot CALLER_USER=mallory)"
check_eq "the refusal's line is in ERROR" "zone 'web': User mallory is not authorized to boot this zone." \
  "$(journalctl -o json --no-pager MESSAGE_ID=$AUDIT ZONE=web VERB=boot CALLER_USER=mallory | tail -1 |
     python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["ERROR"])')"
check_eq "carol's password login: ok, by the admin resource" "ok admin carol $(id -u carol) pid" \
  "$(audit ZONE=web VERB=login CALLER_USER=carol)"
check_eq "bob's install -d: failed (allowed, then refused by the install)" "failed admin bob $(id -u bob) pid" \
  "$(audit ZONE=wz VERB=install CALLER_USER=bob)"
check_match "a readable message" "web: boot by mallory \(uid $(id -u mallory), pid [0-9]+\): denied" \
  "$(journalctl --no-pager -o cat MESSAGE_ID=$AUDIT ZONE=web VERB=boot CALLER_USER=mallory)"

# --- zoneadm log: who did what, when, with what result -------------------------------
run as bob zoneadm -z web log -n 200
check_eq "bob reads web's log" 0 "$rc"
check_match "the header" '^TIME +USER +PID +VERB +RESULT$' "$(head -1 <<<"$out")"
check_match "mallory's refused boot is there" \
  "^[0-9-]+ [0-9:]+  mallory +[0-9]+  boot +denied: zone 'web': User mallory is not authorized to boot this zone\.$" "$out"
check_match "bob's own boot, by his admin right" '  bob +[0-9]+  boot +ok \(admin\)$' "$out"
check_match "dave's halt, by polkit" '  dave +[0-9]+  halt +ok \(polkit\)$' "$out"
check_match "root's boot" '  root +[0-9]+  boot +ok$' "$out"
run as bob zoneadm -z web log -n 3
check_eq "-n 3: a header and three entries" 4 "$(wc -l <<<"$out")"
run as bob busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone GetLog u 2
check_match "Zone.GetLog over the bus" '^a\(tsuussss\) 2 ' "$out"
check "carol (auths=login) may read it too" as carol zoneadm -z web log
check "dave (polkit manage, verb=log) too" as dave zoneadm -z web log
run as mallory zoneadm -z web log
check_eq "mallory may not" "zoneadm: zone 'web': User mallory is not authorized to view the log of this zone." "$err"
run as bob zoneadm -z db log
check_eq "nor bob db's" "zoneadm: zone 'db': User bob is not authorized to view the log of this zone." "$err"
run zoneadm -z web log -n 0
check_eq "-n 0 is a usage error" 2 "$rc"
check_eq "zoneadm log shows exactly the zone's audit entries" \
  "$(journalctl -o cat --no-pager MESSAGE_ID=$AUDIT ZONE=db | wc -l)" "$(( $(zoneadm -z db log -n 10000 | wc -l) - 1 ))"

# --- a flood of unprivileged reads while root halts a zone ----------------------------
# Root's calls have their own queue; the flood fills only mallory's lane
# (256 at most) and gets Busy beyond it. No timing here (benchmarks are in
# bench/): root's halt and reads succeed while the flood is still running.
check "root boots db" zoneadm -z db boot
as mallory "$bin/zones-flood" 8 100 20 VerifyZone web >"$WORK/flood" 2>&1 &
fpid=$!
sleep 2
run zoneadm -z db halt
halt="$rc $(state db)"
check "the flood was still running during the halt" kill -0 "$fpid"
check_eq "under the flood root's halt succeeds" "0 installed" "$halt"
run zoneadm list -cv
check_eq "and root's reads are not busy" 0 "$rc"
check "root boots db under the flood" zoneadm -z db boot
wait "$fpid"
read -r _ calls _ ok _ busy _ denied _ other <"$WORK/flood"
check "the flood was answered (ok $ok of $calls)" test "${ok:-0}" -gt 0
check "the flood hit its bound: Busy ($busy of $calls)" test "${busy:-0}" -gt 0
check_eq "nothing else came back to the flood" "0 0" "${denied:-?} ${other:-?}"
check "root halts db" zoneadm -z db halt

# --- clone: manage on the new zone and clonefrom on the source (illumos) -----------
check "root halts web (a clone source is installed)" zoneadm -z web halt
zonecfg -z cz 'create; set zonepath=/zones/cz
  add admin; set user=bob; set auths=manage; end' >/dev/null
zonecfg -z mz 'create; set zonepath=/zones/mz' >/dev/null
run as bob zoneadm -z cz clone web
check_eq "bob: clone from web without clonefrom refused (illumos wording)" \
  "zoneadm: zone 'web': clone operation is invalid because user is not authorized to read source zone." "$err"
check_eq "and cz is still configured" configured "$(state cz)"
run as bob zoneadm -z mz clone web
check_eq "bob: clone into a zone he does not manage refused" \
  "zoneadm: zone 'mz': User bob is not authorized to clone this zone." "$err"
run as mallory zoneadm -z cz clone web
check_eq "mallory: clone refused" "zoneadm: zone 'cz': User mallory is not authorized to clone this zone." "$err"
zonecfg -z web 'select admin user=bob; set auths=login,manage,clonefrom; end'
check_match "root gives bob clonefrom on web" 'clonefrom' "$(zonecfg -z web info admin)"
check "bob: clone web into cz (manage on cz, clonefrom on web)" as bob zoneadm -z cz clone web
check_eq "cz is installed" installed "$(state cz)"
check_eq "its root is a copy of web's" "$(cat /zones/web/root/etc/passwd)" "$(cat /zones/cz/root/etc/passwd)"
run as bob zoneadm -z mz clone web
check_eq "clonefrom on web still gives no right on mz" \
  "zoneadm: zone 'mz': User bob is not authorized to clone this zone." "$err"
check_eq "mz is still configured" configured "$(state mz)"
sync_journal
check_eq "bob's clone: ok, by the admin resource" "ok admin bob $(id -u bob) pid" \
  "$(audit ZONE=cz VERB=clone CALLER_USER=bob RESULT=ok)"
