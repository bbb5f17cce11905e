#!/usr/bin/env bash
# Builds the Debian packages zones and cockpit-zones (dpkg-buildpackage -us
# -uc -b on a copy of the source tree, no tests, two jobs) and checks them
# with lintian (no error allowed). The .debs land in BUILD/deb (default
# build/deb). The build is skipped when the sources are those of the last
# build (their hash is kept in BUILD/deb/source.sha256); FORCE=1 rebuilds.
set -euo pipefail
for c in dpkg-buildpackage dh lintian; do
  command -v "$c" >/dev/null || { echo "deb.sh: $c not found: run tools/scripts/deps.sh first" >&2; exit 1; }
done
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
out=$build/deb
src=$out/src/zones
mkdir -p "$out"

# The files of the tree: tracked and untracked-but-not-ignored (a git
# checkout), else everything but build directories; without tests/ and
# bench/, which a build with -Dtests=false never reads (so that changing a
# test does not rebuild the packages).
list_sources() {
  if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$top" ls-files -z --cached --others --exclude-standard
  else
    (cd "$top" && find . -path ./.git -prune -o -path './build*' -prune -o -type f -printf '%P\0')
  fi | while IFS= read -r -d '' f; do
    case $f in tests/*|bench/*) continue ;; esac
    if [ -e "$top/$f" ]; then printf '%s\0' "$f"; fi
  done
}
hash=$(cd "$top" && list_sources | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -z "${FORCE:-}" ] && [ "$(cat "$out/source.sha256" 2>/dev/null)" = "$hash" ] &&
   compgen -G "$out/zones_*.deb" >/dev/null && compgen -G "$out/cockpit-zones_*.deb" >/dev/null; then
  echo "deb.sh: packages in $out are up to date"
  exit 0
fi

rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes "$out/source.sha256"
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && list_sources | tar --null -T - -cf -) | tar -C "$src" -xf -
start=$SECONDS
# nocheck: the tests run against the build tree (tests/run-all.sh);
# parallel=2: the CI machine has two cores.
(cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=${DEB_JOBS:-2}" \
   dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 || {
  tail -40 "$out/build.log" >&2; echo "deb.sh: the package build failed; log: $out/build.log" >&2; exit 1; }
mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out"/
echo "deb.sh: built in $((SECONDS - start)) s:" "$out"/*.deb
# Policy check: errors fail; warnings are listed (overrides in debian/*.lintian-overrides).
lintian --fail-on error --tag-display-limit 0 "$out"/*.changes | tee "$out/lintian.log" || {
  echo "deb.sh: lintian found errors (above; $out/lintian.log)" >&2; exit 1; }
rm -rf "$out/src"
echo "$hash" > "$out/source.sha256"
