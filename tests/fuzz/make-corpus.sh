#!/usr/bin/env bash
# Regenerates the fuzz seed corpora in tests/fuzz/corpus/ from tests/golden:
#   zonecfg/  every golden command file (.cfg) and export (.export)
#   xml/      the golden XML, and the XML zonesd stores for each golden
#             command file (made inside a disposable test host, as root)
# usage: BUILD=build tests/fuzz/make-corpus.sh   (after tools/scripts/build.sh)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/fuzz/corpus
if [ "${1:-}" = --inside ]; then   # in the test host: configure, copy the store's XML
  dst=$2
  for f in "$top"/tests/golden/zonecfg/*.cfg; do
    z=seed-$(basename "$f" .cfg)
    zonecfg -z "$z" -f "$f" >/dev/null 2>&1 && cp "/etc/zones/$z.xml" "$dst/$(basename "$f" .cfg).xml"
  done
  exit 0
fi
build=${BUILD:-$top/build}
rm -rf "$out" && mkdir -p "$out/zonecfg" "$out/xml"
for f in "$top"/tests/golden/zonecfg/*.cfg "$top"/tests/golden/zonecfg/*.export "$top"/tests/golden/zonecfg-refused/*.cfg; do
  cp "$f" "$out/zonecfg/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$top/tests/golden/core/web.xml" "$out/xml/golden-web.xml"
tmp=$build/test-output/corpus-xml
rm -rf "$tmp" && mkdir -p "$tmp"
"$top/tests/testhost/testhost" run --stage "$build/stage" --bind-ro "$top" --bind "$build/test-output" \
  -- /bin/bash "$top/tests/fuzz/make-corpus.sh" --inside "$tmp"
cp "$tmp"/*.xml "$out/xml/"
rm -rf "$tmp"
ls "$out"/*
