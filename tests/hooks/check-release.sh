#!/usr/bin/env bash
# A release build (meson -Dtest_hooks=false, the default) has no test seams:
# zonesd, zoneadmd and the plugins hold no ZONES_* environment variable name,
# so nothing a test sets (ZONES_ZONEADMD, ZONES_PLUGIN_DIR, ZONES_INIT,
# ZONES_TEST_CGROUP, ZONES_TEST_PAUSE, ZONES_TEST_COMPAT) can reach them. So that the check can
# fail, the test build's binaries must hold those names.
# usage: check-release.sh RELEASE_BUILD TEST_BUILD; prints "pass NAME" /
# "fail NAME" lines (tests/run-all.sh's extra results), exits 1 on a failure.
set -uo pipefail
release=$1 test=$2
bins=(daemon/zonesd daemon/zoneadmd/zoneadmd plugins/fs.so plugins/dev.so plugins/net.so plugins/rctl.so)
hooks=(ZONES_ZONEADMD ZONES_PLUGIN_DIR ZONES_INIT ZONES_TEST_CGROUP ZONES_TEST_PAUSE ZONES_TEST_COMPAT)
status=0
names() { grep -aoE 'ZONES_[A-Z_]+' "$1" | sort -u | tr '\n' ' '; }

# The control: the test build reads every hook (zonesd one, zoneadmd all).
seen=$(names "$test/daemon/zoneadmd/zoneadmd")
missing=""
for h in "${hooks[@]}"; do case " $seen " in *" $h "*) ;; *) missing+="$h " ;; esac; done
if [ -z "$missing" ]; then echo "pass test-hooks-in-test-build"
else echo "fail test-hooks-in-test-build"; echo "# $test zoneadmd lacks: $missing" >&2; status=1; fi

for b in "${bins[@]}"; do
  if [ ! -f "$release/$b" ]; then
    echo "fail no-test-hooks-in-release ($b)"; echo "# $release/$b was not built" >&2; status=1; continue
  fi
  found=$(names "$release/$b")
  if [ -z "$found" ]; then echo "pass no-test-hooks-in-release ($b)"
  else echo "fail no-test-hooks-in-release ($b)"; echo "# $release/$b holds: $found" >&2; status=1; fi
done
exit $status
