#!/usr/bin/env bash
# meson test wrapper: runs one integration test script as root inside its own
# disposable systemd test host, with the staged install (BUILD/stage) in it.
set -euo pipefail
build=$1 script=$2
if [ "$(id -u)" != 0 ]; then
  # CI must run every check: there a skip is a failure.
  if [ "${CI:-}" = true ]; then echo "Bail out! integration tests need root (CI=true)"; exit 1; fi
  echo "1..0 # SKIP integration tests need root"
  exit 0
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
# What a test keeps for people to look at (screenshots): BUILD/test-output,
# the one writable place the test host shares with the machine.
out=$build/test-output
mkdir -p "$out"
# The source tree is bound read-only: a clone under /tmp would otherwise be
# hidden by the test host's own /tmp.
# --no-stage (the Debian package's test): a host without the staged
# install, which installs the .debs from BUILD/deb itself (bound read-only);
# the staged tree is passed as a path only, to compare the package with it.
install=(--stage "$build/stage")
if [ "${3:-}" = --no-stage ]; then
  mkdir -p "$build/deb"
  install=(--bind-ro "$build/deb" -E ZONES_DEB_DIR="$build/deb" -E ZONES_STAGE_DIR="$build/stage")
fi
# ZONES_BUILD: where test helpers that are never installed are (zones-flood).
exec "$top/tests/testhost/testhost" run "${install[@]}" --bind-ro "$top" --bind "$out" \
  -E ZONES_TEST_OUTPUT="$out" -E ZONES_BUILD="$build" -- /bin/bash "$script"
