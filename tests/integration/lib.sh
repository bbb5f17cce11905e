# Sourced by the integration tests, which run as root inside a disposable
# systemd test host (tests/testhost). Emits TAP: one "ok"/"not ok" per check.
# TAP plan: every script calls `plan N` (N = its number of checks) before its first check, and
# a check that cannot run here is `skip NAME WHY`; a script that stops early or runs another count fails.
set -uo pipefail
_n=0
_failed=0
_plan=""
_on_exit=""
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$here/../.." && pwd)
WORK=$(mktemp -d /tmp/zones-it.XXXXXX)

# plan N: the TAP plan, up front, so that meson's TAP parser fails a script
# that dies half way ("Too few tests run") instead of counting fewer passes.
plan() { _plan=$1; echo "1..$1"; }
# on_exit FUNC: run FUNC (the script's cleanup) when the script ends, however it ends.
on_exit() { _on_exit=$1; }
_finish() {
  local rc=$?
  [ -n "$_on_exit" ] && "$_on_exit"
  rm -rf "$WORK"
  if [ -z "$_plan" ]; then
    echo "Bail out! the script declared no plan (call plan N before the first check)"; exit 1
  fi
  if [ "$_n" != "$_plan" ]; then
    echo "# planned $_plan checks, ran $_n (exit status $rc)"; exit 1
  fi
}
trap _finish EXIT

# skip NAME WHY: a check that cannot run on this machine (counted in the plan).
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
# skip_rest WHY: the rest of the script cannot run here. Before the plan the
# whole script is skipped; after it, every remaining check. In CI (CI=true)
# the environment must provide what the tests need: that is a failure.
skip_rest() {
  if [ "${CI:-}" = true ]; then
    echo "Bail out! $1 (CI=true: CI must run every check)"; _plan=$_n; exit 1
  fi
  if [ -z "$_plan" ]; then echo "1..0 # SKIP $1"; _plan=0; exit 0; fi
  while [ "$_n" -lt "$_plan" ]; do skip "(not run)" "$1"; done
  exit 0
}

# run CMD...: sets $out, $err and $rc without failing the script.
run() {
  out=$("$@" 2>"$WORK/stderr"); rc=$?
  err=$(cat "$WORK/stderr")
}

_report() {  # _report OK NAME [DETAIL...]
  _n=$((_n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $_n - $2"
  else
    _failed=$((_failed + 1))
    echo "not ok $_n - $2"
    shift 2
    local line
    for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
  fi
}

# check NAME CMD...: passes when CMD exits 0.
check() {
  local name=$1; shift
  run "$@"
  _report $((rc != 0)) "$name" "command: $*" "exit: $rc" "stdout: $out" "stderr: $err"
}

# check_fails NAME EXPECTED_RC CMD...: passes when CMD exits with EXPECTED_RC.
check_fails() {
  local name=$1 want=$2; shift 2
  run "$@"
  _report $((rc != want)) "$name" "command: $*" "exit: $rc (wanted $want)" "stdout: $out" "stderr: $err"
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then _report 0 "$1"; else
    _report 1 "$1" "expected:" "$2" "actual:" "$3" "diff:" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"
  fi
}

# check_match NAME REGEX TEXT (grep -E on TEXT)
check_match() {
  # A here-string, not a pipe: grep -q stops reading at the first match,
  # and with pipefail a writer's SIGPIPE would turn a match into a failure.
  if grep -Eq -- "$2" <<<"$3"; then _report 0 "$1"; else
    _report 1 "$1" "pattern: $2" "text: $3"; fi
}

# wait_for SECONDS CMD...: until CMD succeeds (polling), or time is up.
wait_for() {
  local n=$(($1 * 10)) i; shift
  for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.1; done
  return 1
}
# remove_zones ZONE...: halt, uninstall and delete each (a test's cleanup:
# whatever state a zone is in, whatever fails).
remove_zones() {
  local z
  for z in "$@"; do
    zoneadm -z "$z" halt >/dev/null 2>&1
    zoneadm -z "$z" uninstall -F >/dev/null 2>&1
    zonecfg -z "$z" delete -F >/dev/null 2>&1
  done
}
# need_zoneadmd: the rest of the script needs the real zoneadmd.
need_zoneadmd() { [ -x /usr/libexec/zones/zoneadmd ] || skip_rest "no real zoneadmd installed"; }
# sync_journal: what was logged so far can be read.
sync_journal() { journalctl --sync 2>/dev/null || sleep 1; }
# zone_logged CURSOR ZONE SED: the last of ZONE's journal lines after CURSOR
# that `sed -n SED` prints; waits up to 5 s for one, since zoneadmd writes
# a request's lines a moment after its reply.
zone_logged() {
  local i out
  for i in $(seq 1 50); do
    out=$(journalctl -q -o cat --cursor="$1" ZONE="$2" | sed -n "$3" | tail -1)
    [ -n "$out" ] && break
    sleep 0.1
  done
  echo "$out"
}

# The zonesd currently serving the bus name, if any.
zonesd_pid() {
  systemctl show -p MainPID --value zones.service 2>/dev/null | grep -v '^0$' || true
}

# --- zones: state, processes, and "nothing is left" -------------------------
state() { zoneadm -z "$1" list -p | cut -d: -f3; }
zid() { zoneadm -z "$1" list -p | cut -d: -f1; }
initpid() { cat "/run/zones/$1/init.pid" 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# hold_mnt INITPID: a global-zone process (nsenter'd sleep) that holds the
# zone's mount namespace, as an operator's shell with its cwd in the zone
# would; sets $holder once it is in. Run in the script's own shell, so the
# holder stays its child (kill and wait by PID).
hold_mnt() {
  local i
  nsenter -t "$1" -m sleep 4711 & holder=$!
  for i in $(seq 1 100); do
    [ "$(readlink /proc/$holder/ns/mnt)" = "$(readlink /proc/$1/ns/mnt)" ] &&
      [ "$(cat /proc/$holder/comm 2>/dev/null)" = sleep ] && break
    sleep 0.05
  done
}
# The directories of a cgroup path in every mounted hierarchy (v2 or hybrid).
cg_dirs() {
  local d
  for d in /sys/fs/cgroup"$1" /sys/fs/cgroup/*"$1"; do [ -d "$d" ] && echo "$d"; done
}
# Every PID in a unit's cgroup, all sub-cgroups, every mounted hierarchy.
unit_pids() {
  local cg d
  cg=$(systemctl show -p ControlGroup --value "$1")
  [ -n "$cg" ] || return 0
  for d in $(cg_dirs "$cg"); do
    find "$d" \( -name cgroup.procs -o -name tasks \) -exec cat {} + 2>/dev/null
  done | sort -un
}
mounts_under() { awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo; }
wait_scope_gone() {
  local i
  for i in $(seq 1 50); do systemctl is-active -q "zone-$1.scope" || return 0; sleep 0.1; done
  return 1
}
# The namespaces ("mnt:[…] uts:[…] …") of process $1.
pid_nss() {
  local n
  for n in mnt uts net ipc pid cgroup; do readlink "/proc/$1/ns/$n"; done | tr '\n' ' '
}
zone_nss() { pid_nss "$(initpid "$1")"; }
# Nothing of zone $1 is left: no scope (nor its cgroups), no zoneadmd, no
# mounts, no pins, no namespace ($2, from zone_nss) held by any process.
# Six checks, eight with namespaces.
check_nothing_left() {
  local z=$1 nss=${2:-} what=$3 found="" p n
  wait_scope_gone "$z"
  check "$what: zone-$z.scope is gone" test "$(systemctl is-active "zone-$z.scope")" != active
  check_eq "$what: no cgroup of zone-$z.scope in any hierarchy" "" \
    "$(find /sys/fs/cgroup -maxdepth 4 -type d -name "zone-$z.scope" 2>/dev/null)"
  check_eq "$what: no zoneadmd for $z" "" "$(pgrep -f "zoneadmd -z $z( |\$)")"
  check_eq "$what: no mounts under /zones/$z" "" "$(mounts_under /zones/$z)"
  check_eq "$what: no mounts under /run/zones/$z" "" "$(mounts_under /run/zones/$z)"
  check_eq "$what: no pinned namespaces or platform mark in /run/zones/$z" "" \
    "$(find /run/zones/$z \( -path '*ns*' -o -name platform -o -name init.pid \) 2>/dev/null)"
  if [ -n "$nss" ]; then
    for p in /proc/[0-9]*; do
      for n in "$p"/ns/*; do
        case " $nss " in *" $(readlink "$n" 2>/dev/null) "*) found+="$p "; break ;; esac
      done
    done
    check_eq "$what: no process holds the zone's namespaces" "" "$found"
    check_eq "$what: no nsfs mount of them" "" \
      "$(awk '$9 == "nsfs" {print $4}' /proc/self/mountinfo | while read -r r; do
          case " $nss " in *" $r "*) echo "$r" ;; esac; done)"
  fi
}
# The platform's pinned namespaces of zone $1 (a ready zone has no init).
pin_nss() {
  local n
  for n in mnt uts net cgroup; do
    [ -e "/run/zones/$1/ns/$n" ] && printf '%s:[%s] ' "$n" "$(stat -c %i "/run/zones/$1/ns/$n")"
  done
}
