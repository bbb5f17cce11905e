# Sourced by the integration tests, which run as root inside a disposable
# systemd test host (tests/testhost). Emits TAP: one "ok"/"not ok" per check.
set -uo pipefail
_n=0
_failed=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$here/../.." && pwd)
WORK=$(mktemp -d /tmp/zones-it.XXXXXX)
trap 'rm -rf "$WORK"; echo "1..$_n"' EXIT

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
  if printf '%s\n' "$3" | grep -Eq -- "$2"; then _report 0 "$1"; else
    _report 1 "$1" "pattern: $2" "text: $3"; fi
}

# The zonesd currently serving the bus name, if any.
zonesd_pid() {
  systemctl show -p MainPID --value zones.service 2>/dev/null | grep -v '^0$' || true
}
