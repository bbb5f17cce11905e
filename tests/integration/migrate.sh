#!/usr/bin/env bash
# A zone moves between hosts (issue 15): on a first disposable test host a
# zone is configured, installed, given data and a user, detached, and its
# zonepath (tar, numeric owners, xattrs, ACLs) and `zonecfg export` are
# written to a directory shared with the machine; a second, fresh test host
# creates the zone from the export, unpacks the zonepath, refuses a bad
# manifest and another brand, attaches (attach -n first) and boots it with
# the data and identity intact, in the id range the second host gave.
# Runs on the machine (not in a test host), as root: meson's wrapper for the
# others (run-in-host.sh) starts one host, this one starts two in turn.
# TAP: the plan is the sum of both hosts' plans (migrate-host.sh) plus this
# script's own checks; each host's checks are renumbered into one stream.
set -uo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = true ]; then echo "Bail out! integration tests need root (CI=true)"; exit 1; fi
  echo "1..0 # SKIP integration tests need root"; exit 0
fi
out=$build/test-output
mkdir -p "$out"
share=$(mktemp -d "$out/migrate.XXXXXX")
trap 'rm -rf "$share"' EXIT
# The plans of the two hosts (migrate-host.sh says them) and 2 of our own.
p1=$(bash "$here/migrate-host.sh" plan detach) p2=$(bash "$here/migrate-host.sh" plan attach)
echo "1..$((p1 + p2 + 2))"
n=0 failed=0
# host STAGE: run migrate-host.sh STAGE in a fresh test host, renumbering
# its TAP lines after ours; checks that it ran its whole plan.
host() {
  local stage=$1 want=$2 ran=0 line
  while IFS= read -r line; do
    if [[ $line =~ ^(not\ )?ok\ [0-9]+(.*)$ ]]; then
      n=$((n + 1)) ran=$((ran + 1))
      [ -n "${BASH_REMATCH[1]}" ] && failed=$((failed + 1))
      echo "${BASH_REMATCH[1]}ok $n - host $stage:${BASH_REMATCH[2]# -}"
    elif [[ $line =~ ^1\.\. ]]; then :
    else echo "# $line"
    fi
  done < <("$top/tests/testhost/testhost" run --stage "$build/stage" --bind-ro "$top" --bind "$out" \
             -E ZONES_TEST_OUTPUT="$out" -- /bin/bash "$here/migrate-host.sh" "$stage" "$share" 2>&1)
  n=$((n + 1))
  if [ "$ran" = "$want" ]; then echo "ok $n - host $stage ran its $want checks"
  else failed=$((failed + 1)); echo "not ok $n - host $stage ran $ran of its $want checks"; fi
}
host detach "$p1"
host attach "$p2"
[ "$failed" = 0 ]
