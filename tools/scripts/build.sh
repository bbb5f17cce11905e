#!/usr/bin/env bash
# Configures and builds into BUILD (default: build) and stages an install
# tree into BUILD/stage for the systemd test host. Extra args go to meson setup.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" "$@"
fi
ninja -C "$build"
rm -rf "$build/stage"
meson install -C "$build" --destdir "$build/stage" --quiet >/dev/null
