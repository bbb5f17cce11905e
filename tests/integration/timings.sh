#!/usr/bin/env bash
# zoneadm ready/boot/halt -v (issue 14 item 6): where the time went, phase
# by phase, measured by zonesd, zoneadmd, its platform helper and init;
# the phases add up to the time zoneadm measured (within 10 % or 1.5 ms: the rest is
# the reply's way back), every expected phase is there, and the same
# timings are in the journal with ZONE= after every verb, -v or not.
source "$(dirname "$0")/lib.sh"

cleanup() {
  zoneadm -z tim halt >/dev/null 2>&1
  zoneadm -z tim uninstall -F >/dev/null 2>&1
  zonecfg -z tim delete -F >/dev/null 2>&1
  rm -rf /zones
}
on_exit cleanup
plan 54

zonecfg -z tim 'create; set zonepath=/zones/tim' >/dev/null
check "install" zoneadm -z tim install

# verb_v VERB: zoneadm -z tim VERB -v; sets $vout (its output), $vrc, and
# $sum / $total (ms: the phases that are not "meanwhile" / zoneadm's own
# measure).
verb_v() {
  run zoneadm -z tim "$1" -v
  vout=$out vrc=$rc
  total=$(sed -n "1s/^zone 'tim': $1: \([0-9.]*\) ms from zoneadm's start to the reply$/\1/p" <<<"$vout")
  sum=$(awk 'NR > 2 && /^ *[0-9.]+ +[0-9.]+  / && !/\(meanwhile\)$/ { s += $2 } END { printf "%.3f", s }' <<<"$vout")
}
# within10: the phases' sum within 10 % of the total, or within 1.5 ms of
# it: the rest is the reply's way back through zonesd and dbus-daemon, about
# 0.4-1.1 ms here whatever the total, so 10 % of a 4 ms boot from ready
# was too tight a bound (it failed now and then, in CI too).
within10() { awk -v s="$sum" -v t="$total" 'BEGIN { exit !(t > 0 && s <= t && (s >= 0.9 * t || t - s <= 1.5)) }'; }
# A loaded machine may delay the reply's way back now and then: up to
# three tries, each a fresh halt and VERB (the reason is printed).
# timed VERB PREPARE...: run PREPARE, then VERB -v, until within10.
timed() {
  local verb=$1 i; shift
  for i in 1 2 3; do
    "$@" >/dev/null 2>&1
    verb_v "$verb"
    [ "$vrc" = 0 ] && within10 && return 0
    echo "# try $i: $verb: rc $vrc, phases $sum ms of $total ms"
  done
  return 1
}
has_phase() { grep -Eq -- "^ *[0-9.]+ +[0-9.]+  $1" <<<"$vout"; }
missing() {   # the phases (regexes) not in $vout
  local p m=""
  for p in "$@"; do has_phase "$p" || m+="$p; "; done
  echo "$m"
}

# --- boot from installed --------------------------------------------------------
timed boot zoneadm -z tim halt
check_eq "boot -v exits 0" 0 "$vrc"
check_eq "the zone runs" running "$(state tim)"
check_match "a total measured by zoneadm" '^[0-9]+\.[0-9]+$' "$total"
check "boot from installed: the phases add up to within 10 % or 1.5 ms of the total ($sum of $total ms)" within10
boot_out=$vout
check_eq "boot from installed: every expected phase is there" "" "$(missing \
  'client: start, D-Bus call to zonesd$' 'zonesd: authorization, queue$' 'zonesd: zone state, verify$' \
  'zonesd: zone ID$' 'zonesd: (zoneadmd spawned|spare zoneadmd taken)$' 'systemd: zone scope started, zoneadmd moved into it$' \
  'zoneadmd: supervisor/ and payload/ cgroups' 'zoneadmd: boot spec' \
  'zoneadmd: platform helper spawned into payload/ cgroups$' 'zoneadmd: init process spawned into payload/ cgroups$' \
  'platform helper: namespaces \(mount, UTS, net, cgroup\)$' 'platform helper: root, hostname, loopback$' \
  'plugin fs: setup_mounts \(mounts\)$' 'plugin dev: setup_mounts \(mounts\)$' 'platform helper: pivot_root, console$' \
  'zoneadmd: namespaces pinned$' 'plugin fs: setup_host$' 'plugin net: setup_host$' 'plugin rctl: setup_host$' \
  'plugin fs: boot$' 'init: .*exec$' 'zoneadmd: init recorded$' 'zonesd: state published$')"
check_match "zoneadmd's preparation, beside systemd's scope, is marked meanwhile" \
  'plugin fs: verify \(meanwhile\)$|zoneadmd: configuration and plugins loaded \(meanwhile\)$' "$boot_out"
check_match "the plugins' host work that needs no cgroup of the zone is done beside the scope" \
  'plugin dev: prepare_host \(meanwhile\)$' "$boot_out"
check_match "the id shift's walk is done beside the platform helper" \
  'zoneadmd: id shift of the root \(meanwhile\)$' "$boot_out"
check_match "the last line sums the phases and names the rest" \
  "^phases: [0-9.]+ ms \(meanwhile not counted\); the reply's way back: [0-9.]+ ms$" "$(tail -n 1 <<<"$boot_out")"
check_eq "the phases are in order of their start" \
  "$(awk 'NR > 2 && /^ *[0-9.]+ +[0-9.]+  / { print $1 }' <<<"$boot_out" | sort -g)" \
  "$(awk 'NR > 2 && /^ *[0-9.]+ +[0-9.]+  / { print $1 }' <<<"$boot_out")"

# --- halt -----------------------------------------------------------------------
timed halt zoneadm -z tim boot
check_eq "halt -v exits 0" 0 "$vrc"
check_eq "the zone is installed" installed "$(state tim)"
check "halt: the phases add up to within 10 % or 1.5 ms of the total ($sum of $total ms)" within10
check_eq "halt: every expected phase is there" "" "$(missing \
  "zonesd: zone state \\(zonesd's record\\)$" 'zoneadmd: zone processes killed$' 'zoneadmd: nothing holds the zone$' \
  'plugin fs: teardown$' 'plugin net: teardown$' 'zoneadmd: namespaces unpinned, console closed$' \
  'zoneadmd: exit$' 'systemd: zone scope removed$')"
# The record says zoneadmd serves the zone: the halt went to it straight
# away, with no "state" question first (a wake-up of an idle zoneadmd).
check "halt: no question about the zone's state first" bash -c "! grep -q 'zone state$' <<<\"\$0\"" "$vout"

# --- ready, then boot from ready ------------------------------------------------
timed ready zoneadm -z tim halt
check_eq "ready -v exits 0" 0 "$vrc"
check_eq "the zone is ready" ready "$(state tim)"
check "ready: the phases add up to within 10 % or 1.5 ms of the total ($sum of $total ms)" within10
check_eq "ready: the platform's phases are there, no init" "" "$(missing \
  'systemd: zone scope started, zoneadmd moved into it$' 'platform helper: namespaces' \
  'zoneadmd: namespaces pinned$' 'plugin rctl: setup_host$')"
check "ready starts no init" bash -c "! grep -q '  init: ' <<<\"\$0\"" "$vout"
# The fresh zoneadmd got the request with "go" (PROTOCOL.md) and answered
# on the start socket: no connection to its socket, no second round trip.
check "ready: the request went with go, no socket round trip after the start" \
  bash -c "! grep -q 'socket, wake-ups' <<<\"\$0\"" "$vout"
ok=1
for i in 1 2 3; do
  zoneadm -z tim halt >/dev/null 2>&1; zoneadm -z tim ready >/dev/null 2>&1
  verb_v boot
  [ "$vrc" = 0 ] && within10 && { ok=0; break; }
  echo "# try $i: boot from ready: rc $vrc, phases $sum ms of $total ms"
done
check_eq "boot from ready: the phases add up to within 10 % or 1.5 ms of the total ($sum of $total ms)" 0 "$ok"
check_eq "boot from ready: init's phases, no new scope" "" "$(missing 'plugin fs: boot$' 'init: .*exec$')"
check "boot from ready starts no scope" bash -c "! grep -q 'systemd: zone scope started' <<<\"\$0\"" "$vout"
# zonesd's record says a zoneadmd serves the ready zone: the boot goes to it
# straight away, with no "state" question first (a round trip).
check_eq "boot from ready: the request went straight to zoneadmd" "" "$(missing "zonesd: zone state \\(zonesd's record\\)$")"
check "boot from ready: no question about the zone's state first" bash -c "! grep -q 'zone state, verify' <<<\"\$0\"" "$vout"

# --- the spare zoneadmd ------------------------------------------------------------
# zonesd keeps one zoneadmd started ahead of need (zoneadmd --spare, its
# plugins loaded); a ready takes it, told its zone, and the next one is
# started a moment after.
zoneadm -z tim halt >/dev/null 2>&1; sleep 0.3
spare=$(pgrep -x zoneadmd-spare | head -1)
check_match "zonesd keeps a spare zoneadmd, waiting for a zone" '/zoneadmd --spare *$' \
  "$(tr '\0' ' ' <"/proc/${spare:-0}/cmdline" 2>&1)"
verb_v boot
check_eq "boot from installed takes it instead of spawning one" "" "$(missing 'zonesd: spare zoneadmd taken$')"
check_eq "the spare became tim's zoneadmd" "$spare" "$(cat /run/zones/tim/zoneadmd.pid 2>&1)"
check_eq "named as any zone's zoneadmd: comm, and -z NAME on its command line" "zoneadmd|-z tim --prepare" \
  "$(cat "/proc/${spare:-0}/comm" 2>&1)|$(tr '\0' ' ' <"/proc/${spare:-0}/cmdline" 2>&1 | sed 's/^[^ ]* //; s/ *$//')"
sleep 0.2
check "a new spare is there a moment later" test -n "$(pgrep -x zoneadmd-spare)"
# A spare that dies (here: killed) is reaped at once, not left a zombie;
# the next ready spawns a zoneadmd of its own and asks for a new spare.
spare=$(pgrep -x zoneadmd-spare | head -1)
kill -9 "${spare:-0}" 2>/dev/null; sleep 0.3
check "a spare that dies is reaped at once, no zombie left" test -n "$spare" -a ! -e "/proc/${spare:-0}"
zoneadm -z tim halt >/dev/null 2>&1
check "the next ready works without it" zoneadm -z tim ready
sleep 0.2
check "and a new spare is there after it" test -n "$(pgrep -x zoneadmd-spare)"
# A plugin replaced after the spare loaded it: the spare starts afresh as
# the zone's zoneadmd (same PID, no padding left on its command line), so
# the zone gets the plugin the directory holds now; a plugin that does
# not load fails the ready with the zone's name on the line.
zoneadm -z tim halt >/dev/null 2>&1; sleep 0.3
plugdir=$(dirname "$(ls /usr/lib/*/zones/plugins/rctl.so | head -1)")
spare=$(pgrep -x zoneadmd-spare | head -1)
touch "$plugdir/rctl.so"
check "boot after a plugin changed" zoneadm -z tim boot
check_eq "the spare served it, started afresh: its command line without padding" "$spare|-z tim --prepare|" \
  "$(cat /run/zones/tim/zoneadmd.pid 2>&1)|$(tr '\0' '\n' <"/proc/${spare:-0}/cmdline" 2>&1 | sed 1d | paste -sd' ')|"
zoneadm -z tim halt >/dev/null 2>&1; sleep 0.3
printf 'not a plugin' >"$plugdir/zz-broken.so"
run zoneadm -z tim ready
rm -f "$plugdir/zz-broken.so"
check_match "a plugin that does not load: one line naming the zone and the plugin" \
  "^zoneadm: zone 'tim': plugin $plugdir/zz-broken.so: " "$err"
check_eq "... and the zone stays installed" installed "$(zoneadm -z tim list -p | cut -d: -f3)"
sleep 0.3
check "and the next ready works again" zoneadm -z tim ready
zoneadm -z tim boot >/dev/null 2>&1

# --- notices, options -------------------------------------------------------------
run zoneadm -z tim boot -v
check_eq "boot -v of a running zone: illumos's notice on stderr" "zoneadm: zone 'tim': zone is already booted" "$err"
check_match "and the timings on stdout" "^zone 'tim': boot: [0-9.]+ ms" "$out"
run zoneadm -z nosuch boot -v
check_eq "boot -v of an unknown zone: illumos's message, exit 1" "1 zoneadm: nosuch: No such zone configured" "$rc $err"
run zoneadm -z tim halt -x
check_eq "halt -x: illegal option, usage, exit 2" 2 "$rc"
check_match "usage names -v" 'halt \[-v\]' "$err"
check "without -v, nothing on stdout" bash -c '[ -z "$(zoneadm -z tim halt)" ]'

# --- the journal ----------------------------------------------------------------
# A plain boot (no -v) leaves the same timings in the journal.
before=$(date +%s%6N)
check "a boot without -v" zoneadm -z tim boot
entry=""
for i in $(seq 1 50); do
  # The newest entry of a boot of tim, once it is one made after $before.
  # (export prints a field with a newline, TIMINGS, as binary: drop its NULs)
  entry=$(journalctl -q -n 1 -o export ZONE=tim ZONE_VERB=boot 2>/dev/null | tr -d '\000')
  t=$(sed -n 's/^_SOURCE_REALTIME_TIMESTAMP=//p' <<<"$entry")
  [ -n "$t" ] && [ "$t" -gt "$before" ] && break
  entry=""
  sleep 0.2
done
check_match "the journal has the boot's timings with ZONE=tim" '^ZONE=tim$' "$entry"
check_match "with its total" '^TIMING_TOTAL_USEC=[0-9]+$' "$entry"
check_match "one field per phase (systemd's scope)" '^TIMING_SYSTEMD_ZONE_SCOPE_STARTED_ZONEADMD_MOVED_INTO_IT_USEC=[0-9]+$' "$entry"
check_match "one field per plugin hook" '^TIMING_PLUGIN_FS_SETUP_MOUNTS_MOUNTS_USEC=[0-9]+$' "$entry"
check_match "a readable message naming the longest phases" '^MESSAGE=tim: boot took [0-9.]+ ms; longest: ' "$entry"
# zoneadmd writes its own lines of a request a moment after the reply
# (waking journald first could put it ahead of the reply, or in the way of
# the reply back): this boot's line gets there.
ipid=$(initpid tim)
zline=""
for i in $(seq 1 25); do
  zline=$(journalctl -q -o cat ZONE=tim SYSLOG_IDENTIFIER=zoneadmd 2>/dev/null |
    grep -E "booted, zone ID [0-9]+, init ${ipid:-none}\$" | tail -1)
  [ -n "$zline" ] && break
  sleep 0.2
done
check_match "zoneadmd's own line of the boot is in the journal (written after the reply)" \
  "^zoneadmd\[tim\]: booted, zone ID [0-9]+, init ${ipid:-none}\$" "$zline"
check "halt" zoneadm -z tim halt
