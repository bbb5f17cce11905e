#!/usr/bin/env bash
# zlogin: commands (exit codes, signal deaths, pipes, 100 MB, stdout and
# stderr apart, ^C), interactive sessions through a real pty (banners, raw
# mode, window size, TERM, ~. escape, terminal restored after SIGTERM, SIGHUP
# and a halt), -l with a user only the zone knows, -S, the console (log and
# its bound, attach, reboot, busy, escape), every state's message (incomplete,
# down and shutting_down too), and the same over busctl.
source "$(dirname "$0")/lib.sh"
pty() { python3 "$here/zlogin-pty.py" "$@"; }
state() { zoneadm -z "$1" list -p | cut -d: -f3; }
M=(org.zones.Manager /org/zones org.zones.Manager)
# The sleeps left in zone web: "none" only when ps really listed the zone
# (its zinit is there) and showed no sleep; a failed zlogin is no "none".
sleeps_left() {
  local p; p=$(zlogin web 'ps -e -o comm=' 2>&1)
  if ! grep -qx zinit <<<"$p"; then echo "ps in the zone failed: $p"; else grep -x sleep <<<"$p" || echo none; fi
}
# The expectations the pty helper missed in $out: "" only when it ran to
# the end (it prints zlogin-exit last).
missed() { grep -q '^zlogin-exit ' <<<"$out" || echo "the pty helper did not finish"; grep '^expect-failed' <<<"$out"; }
# until FILE matches REGEX (zoneadmd logs the console asynchronously), 10 s at most
log_has() { for _ in $(seq 100); do grep -Eq -- "$2" "$1" 2>/dev/null && break; sleep 0.1; done; cat "$1"; }

holder=""   # the process this script makes hold the zone's mount namespace
cleanup() {
  [ -n "$holder" ] && kill -9 "$holder" 2>/dev/null
  zoneadm -z web halt >/dev/null 2>&1
  zoneadm -z web halt >/dev/null 2>&1
  zoneadm -z web uninstall -F >/dev/null 2>&1
  zonecfg -z web delete -F >/dev/null 2>&1
  zoneadm -z other halt >/dev/null 2>&1
  zoneadm -z other uninstall -F >/dev/null 2>&1
  zonecfg -z other delete -F >/dev/null 2>&1
  rm -rf /zones
}
on_exit cleanup
plan 177

# --- usage and states ---------------------------------------------------------
run zlogin
check_eq "no zone name: usage, exit 2" "2" "$rc"
check_match "the illumos usage line" '^usage: zlogin ' "$err"
run zlogin -C web ls
check_eq "console with a command exits 2" "2" "$rc"
check_match "with illumos's message" "^zlogin: Commands may not be specified for console login\.$" "$(head -1 <<<"$err")"
run zlogin -S -l root web true
check_eq "-l with -S" "zlogin: -l may not be specified for failsafe login" "$(head -1 <<<"$err")"
run zlogin nosuch true
check_eq "unknown zone exits 1" 1 "$rc"
check_eq "zone 'nosuch' unknown" "zlogin: zone 'nosuch' unknown" "$err"
run zlogin global true
check_eq "the global zone" "zlogin: 'zlogin' not applicable to the global zone" "$err"

zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
run zlogin web true
check_eq "configured zone exits 1" 1 "$rc"
check_eq "configured: illumos message" "zlogin: cannot login to a zone which is 'configured'" "$err"
run zlogin -C web
check_eq "console of a configured zone" "zlogin: cannot login to a zone which is 'configured'" "$err"
check "mark incomplete (of a configured zone)" zoneadm -z web mark incomplete
check_eq "the zone is incomplete" incomplete "$(state web)"
run zlogin web true
check_eq "incomplete: illumos message, exit 1" "1 zlogin: cannot login to a zone which is 'incomplete'" "$rc $err"
run zlogin -C web
check_eq "console of an incomplete zone: the same refusal" "1 zlogin: cannot login to a zone which is 'incomplete'" "$rc $err"
run zlogin -S web true
check_eq "-S of an incomplete zone: the same refusal" "1 zlogin: cannot login to a zone which is 'incomplete'" "$rc $err"
check "uninstall clears incomplete" zoneadm -z web uninstall -F
check_eq "configured again" configured "$(state web)"
check "install" zoneadm -z web install
run zlogin web true
check_eq "installed: illumos message" "zlogin: login allowed only to running zones (web is 'installed')." "$err"
check_eq "exit 1" 1 "$rc"
run zlogin -C -d web
check_eq "console -d of an installed zone exits 1" 1 "$rc"
check_eq "saying there is no console yet" "zlogin: zone 'web' has no console while it is 'installed'" "$err"
run setpriv --reuid=65534 --regid=65534 --clear-groups zlogin web true
check_eq "non-root without rights: illumos message" "zlogin: nobody is not authorized for  failsafe or non-interactive login to  web zone." "$err"
run setpriv --reuid=65534 --regid=65534 --clear-groups busctl call "${M[@]}" OpenConsole s web
check_eq "non-root without rights: the service refuses the console" "Call failed: nobody is not authorized for console access to  web zone." "$err"

# A user that exists only in the zone (never in the host's NSS).
echo 'zuser:x:4321:4322:Zone only:/home/zuser:/bin/sh' >>/zones/web/root/etc/passwd
printf 'zgroup:x:4322:\nzextra:x:4400:zuser\n' >>/zones/web/root/etc/group
mkdir -p /zones/web/root/home/zuser && chown 4321:4322 /zones/web/root/home/zuser

check "ready" zoneadm -z web ready
run zlogin web true
check_eq "ready: illumos message" "zlogin: login allowed only to running zones (web is 'ready')." "$err"
# The console from ready on: attach, boot, see the boot notice, leave with ~.
run pty "expect:[Connected to zone 'web' console];; shell:zoneadm -z web boot;; expect:[NOTICE: Zone booting up];; send:\r~." -- zlogin -C web
check_eq "console from ready: attached across boot, left with ~." "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_match "the boot notice reached the console" '\[NOTICE: Zone booting up\]' "$out"
check_match "closing banner" "\[Connection to zone 'web' console closed\]" "$out"
check_eq "terminal restored after the console" "restored yes" "$(grep '^restored' <<<"$out")"
check_eq "the zone is running" running "$(state web)"

# --- commands -----------------------------------------------------------------
run zlogin web true
check_eq "zlogin web true exits 0" 0 "$rc"
run zlogin web false
check_eq "false exits 1" 1 "$rc"
run zlogin web 'exit 42'
check_eq "exit status passes through (42)" 42 "$rc"
run zlogin web 'kill -TERM $$'
check_eq "death by SIGTERM is 128+15" 143 "$rc"
run zlogin web 'kill -KILL $$'
check_eq "death by SIGKILL is 128+9" 137 "$rc"
run zlogin web echo hello world
check_eq "arguments" "hello world" "$out"
run zlogin web 'echo $((6*7)) | tr 4 X'
check_eq "a pipeline inside the zone (illumos: words re-parsed by the shell)" "X2" "$out"
run zlogin web nosuchcommand
check_eq "unknown command: the shell's 127" 127 "$rc"
check_match "and its message" "nosuchcommand" "$err"
out=$(printf 'abc\ndef\n' | zlogin web 'tr a-z A-Z')
check_eq "pipes both ways" $'ABC\nDEF' "$out"
zlogin web 'echo to-out; echo to-err >&2' >"$WORK/o" 2>"$WORK/e"
check_eq "stdout kept apart" "to-out" "$(cat "$WORK/o")"
check_eq "stderr kept apart" "to-err" "$(cat "$WORK/e")"
out=$(echo data | zlogin -n web 'cat; echo end')
check_eq "-n: stdin is /dev/null" "end" "$out"
head -c 100M /dev/urandom >"$WORK/big"
want=$(sha256sum <"$WORK/big" | cut -d' ' -f1)
got=$(zlogin web cat <"$WORK/big" | sha256sum | cut -d' ' -f1)
check_eq "100 MB through zlogin web cat, same checksum" "$want" "$got"
got=$(zlogin web 'cat >/tmp/big; sha256sum /tmp/big' <"$WORK/big" | cut -d' ' -f1)
check_eq "100 MB into a file of the zone, same checksum" "$want" "$got"
rm -f "$WORK/big"
out=$(echo 'echo from-a-script; exit 3' | zlogin web); rc=$?
check_eq "no command, stdin not a tty: the login shell reads it" "from-a-script" "$out"
check_eq "with its exit status" 3 "$rc"

# Inside: the zone's namespaces, cgroup, environment.
run zlogin web hostname
check_eq "the zone's hostname" web "$out"
run zlogin web 'ps -e -o pid= | wc -l'
check_match "the zone's PID namespace (few processes)" '^ *[1-5]$' "$out"
run zlogin web cat /proc/1/cmdline
check_match "PID 1 is the zone's init" 'zinit' "$out"
run zlogin web cat /proc/self/cgroup
check_eq "in the payload cgroup (the root of the zone's cgroup namespace)" "0::/" "$(grep '^0::' <<<"$out")"
zlogin web 'sleep 30' & zp=$!
sleep 0.5
check_match "the zlogin process sits in payload/ on the host" 'zone-web\.scope/payload' \
  "$(for p in $(pgrep -x sleep); do cat /proc/$p/cgroup; done)"
kill $zp; wait $zp 2>/dev/null
check_eq "env: PATH HOME LOGNAME SHELL" \
  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /root root /bin/sh" \
  "$(zlogin web 'echo $PATH $HOME $LOGNAME $SHELL')"
check_eq "no_new_privs is set" "1" "$(zlogin web 'grep NoNewPrivs /proc/self/status' | awk '{print $2}')"
ipid=$(cat /run/zones/web/init.pid)
check_eq "the session is in the zone's user namespace" "$(readlink /proc/$ipid/ns/user)" "$(zlogin web readlink /proc/self/ns/user)"
check_eq "with the bounding set of the zone's init (limitpriv)" \
  "$(grep CapBnd /proc/$ipid/status)" "$(zlogin web grep CapBnd /proc/self/status)"
check_eq "and a seccomp filter" "2" "$(zlogin web 'grep ^Seccomp: /proc/self/status' | awk '{print $2}')"
check_eq "no signal ignored or blocked in the session (none of zoneadmd's)" "0000000000000000 0000000000000000" \
  "$(zlogin web 'grep -E "^Sig(Ign|Blk):" /proc/self/status' | awk '{print $2}' | xargs)"
check_eq "nothing of zoneadmd's fds leaks in" "0 1 2 3" "$(zlogin web 'ls /proc/self/fd | sort -n | tr "\n" " "' | sed 's/ *$//')"

# -l with a user only the zone knows; -S.
run getent passwd zuser
check_eq "the host does not know zuser" 2 "$rc"
run zlogin -l zuser web id
check_eq "-l zuser: uid, gid and groups from the zone's files" "uid=4321(zuser) gid=4322(zgroup) groups=4322(zgroup),4400(zextra)" "$out"
run zlogin -l zuser web 'pwd; echo $HOME $LOGNAME $USER'
check_eq "-l zuser: in its home, with its environment" $'/home/zuser\n/home/zuser zuser zuser' "$out"
run zlogin -l nobody-here web true
check_eq "-l with a user unknown in the zone exits 1" 1 "$rc"
check_eq "naming the zone and the user" "zlogin: zone 'web': user 'nobody-here' is unknown in the zone" "$err"
mv /zones/web/root/etc/passwd /zones/web/root/etc/passwd.saved
run zlogin -S web 'echo $0 $HOME; id -u'
check_eq "-S works without /etc/passwd: /bin/sh as root" $'sh /root\n0' "$out"
out=$(echo 'echo $0' | zlogin -S web)
check_eq "-S without a command: a plain sh, not a login shell" "sh" "$out"
mv /zones/web/root/etc/passwd.saved /zones/web/root/etc/passwd
ln -s /etc/shadow /zones/web/root/home/evil
run zlogin -l zuser web 'cat /home/evil'
check_match "a zone symlink resolves inside the zone (the host's shadow stays unreachable)" "Permission denied|No such file" "$err"

# Signals: ^C through a real terminal reaches the remote command.
run pty "expect:ready;; send:\x03" -- zlogin web "trap 'echo got-INT; kill \$!; exit 7' INT; echo ready; sleep 60 & wait"
check_match "^C reached the remote command" 'got-INT' "$out"
check_eq "which exited 7" "zlogin-exit 7" "$(grep '^zlogin-exit' <<<"$out")"
run pty "expect:ready;; send:typed-line\r;; expect:TYPED-LINE;; send:\x04" -- zlogin web "echo ready; tr a-z A-Z; readlink /proc/self/fd/0 /proc/self/fd/1"
check_match "a terminal's input reaches a command through zlogin (^D ends it)" 'TYPED-LINE' "$out"
check_eq "the command exits 0 after ^D" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "the zone never gets the administrator's terminal: stdin and stdout are pipes" 2 "$(grep -c '^pipe:\[' <<<"$out")"
zlogin web 'sleep 60' & zp=$!
sleep 0.5; kill -TERM $zp; wait $zp; rc=$?
check_eq "SIGTERM to zlogin kills the remote command: 128+15" 143 "$rc"
check_eq "and no sleep is left in the zone" none "$(sleeps_left)"

# --- interactive --------------------------------------------------------------
run pty "expect:[Connected to zone 'web' pts/;; send:echo hi-\$((6*7))\r;; expect:hi-42;; check-raw;; send:stty size\r;; expect:24 80;; winsize:33,111;; send:stty size\r;; expect:33 111;; send:tty; id -u\r;; expect:/dev/pts/;; send:exit\r" -- zlogin web
check_eq "interactive login exits 0" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_match "connected banner with the zone's pts" "^\[Connected to zone 'web' pts/[0-9]+\]" "$(sed -n '/^--- output/,$p' <<<"$out" | sed 1d)"
check_eq "the terminal is raw while connected" "raw-during yes" "$(grep '^raw-during' <<<"$out")"
check_match "a typed command ran" 'hi-42' "$out"
check_match "the window size was passed on" '24 80' "$out"
check_match "and SIGWINCH forwarded it" '33 111' "$out"
check_match "closing banner" "\[Connection to zone 'web' pts/[0-9]+ closed\]" "$out"
check_eq "terminal settings restored" "restored yes" "$(grep '^restored' <<<"$out")"
check_eq "no expectation missed" "" "$(missed)"
run pty "expect:[Connected;; send:echo a~.b\r;; expect:a~.b;; send:sleep 1000\r;; send:~.;; expect:closed]" -- zlogin -l zuser web
check_eq "~. at the start of a line leaves (one mid-line was typed through)" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "terminal restored after ~." "restored yes" "$(grep '^restored' <<<"$out")"
sleep 0.5
check_eq "the abandoned session was hung up" none "$(sleeps_left)"
run pty "expect:[Connected;; send:~.\r;; send:exit\r" -- zlogin -E web
check_eq "-E: ~. is typed into the shell, exit leaves" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
run pty "shell:sleep 1;; send:@." -- zlogin -e @ -Q web
check_eq "-e @: @. leaves" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "-Q: no banners" "" "$(grep -F '[Connect' <<<"$out")"
run pty "expect:[Connected;; send:id -un\r;; expect:zuser;; send:exit\r" -- zlogin -l zuser web
check_match "interactive -l zuser" 'zuser' "$out"

# TERM: a login on a pty gets the caller's TERM (vt100 if it has none); a
# command gets pipes, no terminal, so no TERM whatever the caller's is.
# pty_env 'ENV-ARGS' SCRIPT -- ARGV: the pty helper under env ENV-ARGS (split on spaces)
pty_env() { local e=$1; shift; env $e python3 "$here/zlogin-pty.py" "$@"; }
run pty_env TERM=zl-term-7 "expect:[Connected;; send:echo term=[\$TERM]\r;; expect:term=[zl-term-7];; send:exit\r" -- zlogin web
check_match "interactive: the caller's TERM is carried into the zone" 'term=\[zl-term-7\]' "$out"
check_eq "(no expectation missed)" "" "$(missed)"
run pty_env "-u TERM" "expect:[Connected;; send:echo term=[\$TERM]\r;; expect:term=[vt100];; send:exit\r" -- zlogin web
check_match "interactive, caller without TERM: vt100" 'term=\[vt100\]' "$out"
run pty_env TERM= "expect:[Connected;; send:echo term=[\$TERM]\r;; expect:term=[vt100];; send:exit\r" -- zlogin web
check_match "interactive, caller with an empty TERM: vt100" 'term=\[vt100\]' "$out"
run env TERM=zl-term-7 zlogin web 'echo "term=[${TERM-unset}]"'
check_eq "a command with pipes: no TERM in the zone" "term=[unset]" "$out"
run pty_env TERM=zl-term-7 "" -- zlogin web 'echo "term=[${TERM-unset}]"'
check_match "a command from a terminal: the zone still gets pipes, so no TERM" 'term=\[unset\]' "$out"

# The terminal is restored whatever ends the session: SIGTERM or SIGHUP to
# zlogin (the helper's children: zlogin and the shell: step), a halt from outside.
# st''arted: the typed line does not match, only the output.
for sig in TERM HUP; do
  run pty "expect:[Connected;; send:echo st''arted; sleep 1000\r;; expect:started;; check-raw;; shell:kill -$sig \$(pgrep -P \$PPID -x zlogin)" -- zlogin web
  check_eq "SIG$sig: the terminal was raw during the session" "raw-during yes" "$(grep '^raw-during' <<<"$out")"
  check_eq "SIG$sig: the session had started" "" "$(missed)"
  check_match "SIG$sig to zlogin ends it" '^zlogin-exit [0-9]+$' "$(grep '^zlogin-exit' <<<"$out")"
  check_eq "SIG$sig: terminal settings restored" "restored yes" "$(grep '^restored' <<<"$out")"
  check_match "SIG$sig: closing banner" "\[Connection to zone 'web' pts/[0-9]+ closed\]" "$out"
  sleep 0.5
  check_eq "SIG$sig: the session in the zone was hung up" none "$(sleeps_left)"
done
run pty "expect:[Connected;; send:echo up-\$((40+2))\r;; expect:up-42;; check-raw;; shell:zoneadm -z web halt;; expect:closed]" -- zlogin web
check_eq "halt from outside: the terminal was raw during the session" "raw-during yes" "$(grep '^raw-during' <<<"$out")"
check_eq "halt from outside ends the session, exit 0" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "halt from outside: terminal settings restored" "restored yes" "$(grep '^restored' <<<"$out")"
check_eq "halt from outside: no expectation missed" "" "$(missed)"
check_eq "the zone is installed" installed "$(state web)"
check "boot again" zoneadm -z web boot

# --- console ------------------------------------------------------------------
check_match "the console log kept the boot" '\[NOTICE: Zone booting up\]' "$(cat /var/log/zones/web.console)"
zlogin web 'echo written-on-the-console >/dev/console'
check_match "what the zone writes on /dev/console is logged" 'written-on-the-console' "$(log_has /var/log/zones/web.console written-on-the-console)"
# The log's bound (1 MiB, pty.cpp): 1.5 MiB of x written on the console
# rotate it once to web.console.old; no file passes the bound, nothing is lost.
L=/var/log/zones/web.console
check_eq "no web.console.old yet" "" "$(ls $L.old 2>/dev/null)"
xs_before=$(tr -cd x <$L | wc -c)
zlogin web 'echo before-the-flood >/dev/console; head -c 1572864 /dev/zero | tr "\000" x >/dev/console; echo after-the-flood >/dev/console'
log_has $L after-the-flood >/dev/null
check "the console log is within its bound (1 MiB)" test "$(stat -c %s $L)" -le 1048576
check "web.console.old too" test "$(stat -c %s $L.old 2>/dev/null || echo missing)" -le 1048576
check "web.console.old holds the older part: the first line" grep -q before-the-flood $L.old
check "and the boot before it" grep -q 'NOTICE: Zone booting up' $L.old
check "web.console the newer part" grep -q after-the-flood $L
check_eq "and not the older" "" "$(grep -o before-the-flood $L)"
check_eq "not a byte of the 1.5 MiB lost" "$((xs_before + 1572864))" "$(($(tr -cd x <$L.old | wc -c) + $(tr -cd x <$L | wc -c)))"
run pty "expect:console];; shell:zlogin -C web >$WORK/second 2>&1; echo \$? >>$WORK/second;; shell:zoneadm -z web reboot;; expect:[NOTICE: Zone rebooting];; shell:sleep 1; zlogin web 'echo after-reboot >/dev/console';; expect:after-reboot;; send:~." -- zlogin -C web
check_eq "console: exit 0 after ~." "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_match "stayed attached across a reboot" 'after-reboot' "$out"
check_match "a second console client is refused" "^zlogin: Console is already in use by process ID [0-9]+\.$" "$(head -1 "$WORK/second")"
check_eq "with exit 1" 1 "$(tail -1 "$WORK/second")"
run pty "expect:console];; shell:zoneadm -z web halt;; expect:[NOTICE: Zone halted];; shell:zoneadm -z web boot;; shell:sleep 1.5; zlogin web 'echo back-again >/dev/console';; expect:back-again;; send:~." -- zlogin -C web
check_match "console without -d: sees the halt" '\[NOTICE: Zone halted\]' "$out"
check_match "and is attached again after the next boot" 'back-again' "$out"
check_eq "then leaves with ~." "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
zlogin web 'sleep 100' & zp=$!
sleep 0.5
check "reboot while a zlogin command runs" timeout 60 zoneadm -z web reboot
wait $zp; rc=$?
check_eq "the command was killed by the reboot: 128+9" 137 "$rc"
zlogin web 'sleep 100' & zp=$!
sleep 0.5
run pty "expect:console];; shell:zoneadm -z web halt" -- zlogin -C -d web
wait $zp; rc=$?
check_eq "halt with a zlogin command running: killed, 128+9" 137 "$rc"
check_match "console -d: halt notice" '\[NOTICE: Zone halted\]' "$out"
check_eq "console -d: disconnected at halt" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "console -d: terminal restored at halt" "restored yes" "$(grep '^restored' <<<"$out")"
check "boot again" zoneadm -z web boot

# --- busctl -------------------------------------------------------------------
run busctl introspect "${M[@]}"
check_match "introspection shows RunCommand" 'RunCommand +method +ssashhhht +i' "$(grep RunCommand <<<"$out")"
check_eq "and OpenShell, OpenConsole" 2 "$(grep -cE '^\.(OpenShell +method +ssst +hs|OpenConsole +method +s +h) ' <<<"$out")"
run busctl introspect org.zones.Manager /org/zones/zone/web org.zones.Zone
check_match "the zone object has them too" 'RunCommand +method +sashhhht +i' "$(grep RunCommand <<<"$out")"
# busctl cannot pass fds (systemd 252); zlogin itself is the fd-passing
# client. What busctl can do: open a shell or the console and get the fd.
run busctl call "${M[@]}" OpenShell ssst web "" xterm 0
check_match "busctl OpenShell returns a pty fd and the zone's tty name" '^hs [0-9]+ "pts/[0-9]+"$' "$out"
run busctl call org.zones.Manager /org/zones/zone/web org.zones.Zone OpenConsole
check_match "busctl Zone.OpenConsole returns the console socket" '^h [0-9]+$' "$out"
run busctl call "${M[@]}" OpenConsole s nosuch
check_match "D-Bus error with zlogin's text" "zone 'nosuch' unknown" "$err"
run busctl call "${M[@]}" OpenShell ssst web "" xterm 2
check_match "unknown flags are refused" "unknown flags 0x2" "$err"

# --- what a client hands RunCommand: only what a command may have; no leak ----
run python3 "$here/runcommand-fd.py" pipe web
check_eq "RunCommand over D-Bus with a pipe as stdin runs the command" "ok 0" "$out$err"
for k in "tty:a terminal" "dir:a directory" "opath:an O_PATH descriptor"; do
  run python3 "$here/runcommand-fd.py" "${k%%:*}" web
  check_eq "RunCommand with ${k#*:} as stdin is refused" \
    "error org.zones.Error.Invalid: zone 'web': cannot give a command stdin: it is ${k#*:} (pipes, sockets, regular files and /dev/null only)" "$out$err"
done
check "the host's /etc is there to list (so the next check means something)" test -n "$(ls /etc)"
run zlogin web 'ls /proc/self/fd/0/' </etc
check_eq "zlogin web CMD < /etc: refused in one line, the zone lists nothing" \
  "1 zlogin: zone 'web': cannot give a command stdin: it is a directory (pipes, sockets, regular files and /dev/null only) " \
  "$rc $err $out"
# A long session's stdin, a pipe only it has: while it runs, a zoneadmd
# started for another zone must not get it (zonesd's copies are CLOEXEC,
# and every child gets exactly its fds).
zonecfg -z other 'create; set zonepath=/zones/other' >/dev/null
zoneadm -z other install >/dev/null
exec 7< <(sleep 120)
pipe=$(readlink /proc/$$/fd/7)
zlogin web 'sleep 30' <&7 & zl=$!
zs=$(zonesd_pid)
holds() { for f in /proc/$1/fd/*; do [ "$(readlink "$f" 2>/dev/null)" = "$pipe" ] && echo "${f##*/}"; done; }
for _ in $(seq 1 100); do [ -n "$(holds "$zs")" ] && break; sleep 0.05; done
check "zonesd holds the session's stdin while it runs" test -n "$(holds "$zs")"
check_eq "every copy zonesd holds is close-on-exec" "" \
  "$(for f in $(holds "$zs"); do (( 8#$(awk '/^flags/ {print $2}' /proc/$zs/fdinfo/$f) & 8#2000000 )) || echo "fd $f"; done)"
check "boot another zone meanwhile" zoneadm -z other boot
check_eq "its zoneadmd did not get the session's pipe" "" "$(holds "$(cat /run/zones/other/zoneadmd.pid)")"
check_eq "nor did its init" "" "$(holds "$(initpid other)")"
kill $zl 2>/dev/null; wait $zl 2>/dev/null; exec 7<&-
check "halt the other zone" zoneadm -z other halt

# --- down: a halt that cannot finish (a process outside holds the zone) -------
ipid=$(cat /run/zones/web/init.pid)
hold_mnt "$ipid"
run zoneadm -z web halt
check_eq "a halt while a process outside holds the zone fails" 1 "$rc"
check_eq "and leaves it down" down "$(state web)"
run zlogin web true
check_eq "down: illumos message, exit 1" "1 zlogin: login allowed only to running zones (web is 'down')." "$rc $err"
run zlogin -S web true
check_eq "-S of a down zone: the same" "1 zlogin: login allowed only to running zones (web is 'down')." "$rc $err"
run pty "expect:[Connected to zone 'web' console];; send:~." -- zlogin -C -d web
check_eq "console -d of a down zone attaches (illumos: zoneadmd still has it), ~. leaves" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "no expectation missed" "" "$(missed)"
run pty "expect:[Connected to zone 'web' console];; shell:sleep 0.6;; send:~." -- zlogin -C web
check_eq "console of a down zone: attaches, ~. leaves" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_eq "no expectation missed" "" "$(missed)"
check_eq "terminal restored" "restored yes" "$(grep '^restored' <<<"$out")"
kill "$holder"; wait "$holder" 2>/dev/null; holder=""
check "with the holder gone, halt finishes" zoneadm -z web halt
check_eq "the zone is installed" installed "$(state web)"

# --- shutting_down: a K script of the zone that takes its time ---------------
mkdir -p /zones/web/root/etc/rc.d
printf '#!/bin/sh\n[ "$1" = stop ] && sleep 3\nexit 0\n' >/zones/web/root/etc/rc.d/K50slow
chmod 755 /zones/web/root/etc/rc.d/K50slow
check "boot for a slow shutdown" zoneadm -z web boot
zoneadm -z web shutdown & sd=$!
for _ in $(seq 50); do run zlogin web true; [ "$rc" = 0 ] || break; sleep 0.05; done
check_eq "shutting_down: illumos message, exit 1" "1 zlogin: login allowed only to running zones (web is 'shutting_down')." "$rc $err"
check_eq "zoneadm list shows shutting_down meanwhile" shutting_down "$(state web)"
run pty "expect:console]" -- zlogin -C -d web
check_eq "console -d while shutting down: attached until the halt" "zlogin-exit 0" "$(grep '^zlogin-exit' <<<"$out")"
check_match "and sees it" '\[NOTICE: Zone halted\]' "$out"
check_eq "terminal restored" "restored yes" "$(grep '^restored' <<<"$out")"
wait $sd; rc=$?
check_eq "the shutdown finishes" "0 installed" "$rc $(state web)"
