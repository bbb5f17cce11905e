#!/usr/bin/env bash
# Configures and builds into BUILD (default: build) and stages an install
# tree into BUILD/stage for the systemd test host. Extra args go to meson setup.
# This is the test build: the test seams of the daemons are on (meson
# -Dtest_hooks, off by default); TEST_HOOKS=false builds without them, as
# quickstart.sh does for what it installs into /usr.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
hooks=${TEST_HOOKS:-true}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dtest_hooks="$hooks" "$@"
elif [ "$(meson introspect --buildoptions "$build" | python3 -c 'import json, sys
print(*[str(o["value"]).lower() for o in json.load(sys.stdin) if o["name"] == "test_hooks"])')" != "$hooks" ]; then
  meson setup --reconfigure "$build" "$top" -Dtest_hooks="$hooks" >/dev/null
fi
ninja -C "$build"
rm -rf "$build/stage"
meson install -C "$build" --destdir "$build/stage" --quiet >/dev/null
