#!/usr/bin/env bash
# README command 1: install the dependencies, build, install, run the main job.
# Without systemd as PID 1 the main job runs inside the disposable systemd
# test host (tests/testhost), which sees this installation through its overlay.
set -euo pipefail
# Root runs it as it is (a fresh Debian 12 has no sudo); anyone else
# through sudo, so the README's line works for root and for a sudoer alike.
if [ "$(id -u)" != 0 ]; then exec sudo -- "$0" "$@"; fi
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/tools/scripts/deps.sh"
TEST_HOOKS=false "$top/tools/scripts/build.sh"   # no test seams in /usr
meson install -C "$top/build" --quiet
if [ "$(ps -p 1 -o comm=)" = systemd ]; then
  systemctl daemon-reload
  busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus ReloadConfig
  exec "$top/tools/scripts/demo.sh"
fi
echo "PID 1 is not systemd: running the main job in a disposable systemd test host" >&2
exec "$top/tests/testhost/testhost" run --bind-ro "$top" -- "$top/tools/scripts/demo.sh"
