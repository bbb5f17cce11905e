#!/usr/bin/env bash
# Builds the Debian 12 root the integration tests (and bench/) install with
# `zoneadm install -a`: mmdebstrap from this machine's own apt sources (the
# entries for its own release, nothing else), once per package list. The
# tarball and the .debs it was built from (debian-install.sh serves them as
# a local apt repository to the brand's own install) are cached and reused
# while present:
#   /var/cache/zones-tests/debian12-<hash of the package list>.tar
#   /var/cache/zones-tests/debian12-<hash of the package list>.debs/
# Prints the path of the tarball on stdout (the .debs are beside it; with
# --with-debs a cached tarball without them is built again). Runs as root, outside any test
# host (those have no network). DEBIAN_ROOT_PACKAGES overrides the list.
set -euo pipefail
packages=${DEBIAN_ROOT_PACKAGES:-systemd-sysv,dbus,iproute2,openssh-server,python3,procps}
cache=${ZONES_TEST_CACHE:-/var/cache/zones-tests}
key=$(printf '%s\n' "$packages" | sha256sum | cut -c1-12)
out=$cache/debian12-$key.tar
debs=$cache/debian12-$key.debs
if [ -s "$out" ] && { [ "${1:-}" != --with-debs ] || [ -e "$debs/.complete" ]; }; then echo "$out"; exit 0; fi
command -v mmdebstrap >/dev/null || { echo "debian-root.sh: mmdebstrap is not installed (tools/scripts/deps.sh)" >&2; exit 1; }
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
[ "$codename" = bookworm ] || { echo "debian-root.sh: this host is $codename, not Debian 12 (bookworm)" >&2; exit 1; }

# The host's apt entries for its own release, as one-line "deb" entries
# (deb822 .sources and one-line .list files alike).
mapfile -t mirrors < <(
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && awk -v c="$codename" '$1 == "deb" {
        i = 2; opts = ""
        if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
        if ($(i+1) == c || index($(i+1), c "-") == 1) print }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && awk -v c="$codename" '
      function flush(   n, s, i, sig) {
        if (types ~ /(^| )deb( |$)/ && enabled != "no") {
          n = split(suites, s, " ")
          sig = signed == "" ? "" : " [signed-by=" signed "]"
          for (i = 1; i <= n; i++)
            if (s[i] == c || index(s[i], c "-") == 1) {
              split(uris, u, " "); print "deb" sig " " u[1] " " s[i] " " comps }
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { k = tolower($1); sub(/:$/, "", k); $1 = ""; sub(/^ /, "")
        if (k == "types") types = $0; else if (k == "uris") uris = $0
        else if (k == "suites") suites = $0; else if (k == "components") comps = $0
        else if (k == "signed-by") signed = $0; else if (k == "enabled") enabled = $0 }
      END { flush() }' "$f"
  done)
((${#mirrors[@]})) || { echo "debian-root.sh: no $codename entry in this host's apt sources" >&2; exit 1; }

mkdir -p "$cache"
tmp=$(mktemp "$cache/.debian12-XXXXXX.tar")
rm -rf "$debs" && mkdir -p "$debs"
trap 'rm -f "$tmp"' EXIT
t0=$SECONDS
# Every .deb of the root (the essential set's too) copied out before
# mmdebstrap empties its apt cache.
mmdebstrap --quiet --mode=root --variant=apt --include="$packages" --skip=essential/unlink \
  --customize-hook="sync-out /var/cache/apt/archives $debs" \
  --customize-hook='rm -f "$1"/etc/machine-id "$1"/etc/hostname' \
  bookworm "$tmp" "${mirrors[@]}" >&2
rm -rf "$debs/partial" "$debs/lock"
mv "$tmp" "$out"
touch "$debs/.complete"
trap - EXIT
echo "debian-root.sh: built $out in $((SECONDS - t0)) s ($(du -m "$out" | cut -f1) MB)" >&2
echo "$out"
